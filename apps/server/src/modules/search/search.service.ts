import type { z } from 'zod';
import type { searchQuery, searchResult } from '@casebook/contracts';
import type { Store } from '../../db/store.ts';
import { markedHtml, MARK_END, MARK_START, searchTerms } from '../../db/search.ts';
import type { UserActor } from '../identity/actor.ts';
import { casePolicy } from '../cases/case.policy.ts';
import { caseScope } from '../cases/case-access.ts';
import { caseNumber } from '../cases/case.mappers.ts';

type Result = z.infer<typeof searchResult>;

/** `CB-000477`, `cb477`, `#477` or `477`: a case number typed as people type them. */
const CASE_NUMBER = /^(?:cb-?|#)?0*(\d{1,9})$/i;

/**
 * One search box over everything a person may read of a case: number, organisation, contact,
 * subject, description and thread. The same visibility as reading the case (`caseScope`, internal
 * notes for staff only); an exact case number, then an organisation named exactly so, come first.
 */
export class SearchService {
  constructor(private readonly store: Store) {}

  async search(actor: UserActor, query: z.infer<typeof searchQuery>): Promise<{ items: Result[]; nextCursor: string | null }> {
    const repo = this.store.read.search;
    const scope = await caseScope(this.store, actor);
    const includeInternal = casePolicy.canSeeInternal(actor);
    const terms = searchTerms(query.q);

    // Exact matches head the first page and are left out of the ranked list on every page.
    const exact: { caseId: string; match: 'number' | 'organization' }[] = [];
    const number = CASE_NUMBER.exec(query.q.replace(/\s+/g, ''));
    if (number) {
      const id = await repo.caseByNumber(scope, Number(number[1]));
      if (id) exact.push({ caseId: id, match: 'number' });
    }
    for (const id of await repo.casesOfOrganizationNamed(scope, query.q, query.limit)) if (!exact.some((e) => e.caseId === id)) exact.push({ caseId: id, match: 'organization' });
    const exactIds = new Set(exact.map((e) => e.caseId));

    const ranked = terms.length ? await repo.rankedCases(scope, terms, includeInternal, { cursor: query.cursor, limit: query.limit }) : { items: [], nextCursor: null };
    const page = [...(query.cursor ? [] : exact), ...ranked.items.filter((r) => !exactIds.has(r.caseId)).map((r) => ({ caseId: r.caseId, match: 'text' as const }))];
    if (!page.length) return { items: [], nextCursor: ranked.nextCursor };

    const ids = page.map((p) => p.caseId);
    const [cases, entries] = await Promise.all([Promise.all(ids.map((id) => this.store.read.cases.find(id))), terms.length ? repo.entriesOf(scope, ids, terms, includeInternal) : []]);
    // Each case's best passage: its best-scoring entry.
    const best = new Map<string, (typeof entries)[number]>();
    for (const e of entries) if (!best.has(e.case_id) || e.score < best.get(e.case_id)!.score) best.set(e.case_id, e);
    const texts = await repo.snippets(terms, [...best.values()].map((e) => e.seq));

    const items = page.flatMap((p, i): Result[] => {
      const c = cases[i];
      if (!c) return [];
      const hit = best.get(c.id);
      const text = hit ? texts.get(hit.seq) : undefined;
      const title = `${caseNumber(c.number)} ${c.subject}`;
      const body = text?.body && text.body.includes(MARK_START) ? text.body : null;
      return [
        {
          caseId: c.id,
          number: caseNumber(c.number),
          subject: c.subject,
          status: c.status,
          priority: c.priority,
          organizationName: c.organization_name,
          match: p.match,
          titleHtml: markedHtml(highlight(title, terms)),
          organizationHtml: markedHtml(highlight(c.organization_name, terms)),
          snippetHtml: body ? markedHtml(body) : null,
          snippetFrom: body && hit ? (hit.comment_id ? (hit.visibility === 'internal' ? 'internal_note' : 'reply') : 'case') : null,
        },
      ];
    });
    return { items, nextCursor: ranked.nextCursor };
  }
}

/** Marks the words of `text` that start with a term: the title is short, so it is marked here on both dialects alike. */
function highlight(text: string, terms: string[]): string {
  if (!terms.length) return text;
  return text.replace(/[\p{L}\p{N}]+/gu, (word) => {
    const folded = fold(word);
    return terms.some((t) => folded.startsWith(fold(t))) ? `${MARK_START}${word}${MARK_END}` : word;
  });
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
