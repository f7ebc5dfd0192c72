// The words a search matched, marked in a title and in a short passage of the text around them.
// Done here rather than by the database: FTS5's snippet() and PostgreSQL's ts_headline re-run the
// whole query for a common word (over a hundred milliseconds at 500,000 entries), while a page has
// ten short texts. A word is marked when it starts with a term, accents and case aside, which is
// how the search matches the last word as one types; a stemmed match with another ending
// ("policies" for "policy") is found but not marked.
import { MARK_END, MARK_START } from '../../db/search.ts';

const WORD = /[\p{L}\p{N}]+/gu;
/** Words in a passage, as FTS5's snippet() gave (its last argument). */
const PASSAGE_WORDS = 24;
/** Words shown before the first match, so it reads in its context. */
const LEAD_WORDS = 4;

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function matcher(terms: string[]): (word: string) => boolean {
  const folded = terms.map(fold);
  return (word) => {
    const w = fold(word);
    return folded.some((t) => w.startsWith(t));
  };
}

/** `text` with every word that starts with a term between MARK_START and MARK_END. */
export function highlight(text: string, terms: string[]): string {
  if (!terms.length) return text;
  const matches = matcher(terms);
  return text.replace(WORD, (word) => (matches(word) ? `${MARK_START}${word}${MARK_END}` : word));
}

/**
 * About PASSAGE_WORDS words of `text` around its first marked word, the cut ends shown as "…";
 * null when no word is marked (the text matched only by a stem the marking does not see).
 */
export function passage(text: string, terms: string[]): string | null {
  if (!terms.length) return null;
  const matches = matcher(terms);
  const words = [...text.matchAll(WORD)];
  const first = words.findIndex((w) => matches(w[0]));
  if (first === -1) return null;
  const from = Math.max(0, Math.min(first - LEAD_WORDS, words.length - PASSAGE_WORDS));
  const to = Math.min(words.length, from + PASSAGE_WORDS);
  const start = from === 0 ? 0 : words[from]!.index;
  const end = to === words.length ? text.length : words[to - 1]!.index + words[to - 1]![0].length;
  const shown = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${highlight(shown, terms)}${end < text.length ? '…' : ''}`;
}
