// Cheap checks on the hot path of both masking passes, each one exact: it only skips work whose
// result is known without doing it (test/scan.test.ts holds each against what it replaces).

/** Every match of a global regex, without the copy of the regex that `String.matchAll` makes per call. */
export function eachMatch(pattern: RegExp, text: string, each: (match: RegExpExecArray) => void): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[0] === '') pattern.lastIndex += 1;
    each(m);
  }
  pattern.lastIndex = 0;
}

const whitespace = /\s/;

/** A `-` at the start of the line or after white space: where a command-line flag can begin. */
export function hasFlagStart(line: string): boolean {
  for (let at = line.indexOf('-'); at !== -1; at = line.indexOf('-', at + 1)) if (at === 0 || whitespace.test(line[at - 1]!)) return true;
  return false;
}

/**
 * Every setting name `isSecretKey` takes holds one of these (lower-cased): its last word, or the
 * last word of its last pair, contains one. A lower-cased line with none names no secret.
 */
export const secretStem = /pw|pass|secret|token|cred|key|pin|string/;

/**
 * A token of digits, dots and at most four colons, no `::`, and no part between colons with three
 * dots: a time (`12:30:45.123`), a version, a number. It is no IPv4 address (three dots in one
 * part), no IPv6 address (`::` or seven groups), no MAC address (five separators) and no host name
 * (the last label would be digits): classify() leaves it as it is and learns nothing from it, unless
 * a name to mask is itself made of digits, dots and colons only (see `Masker.compile`).
 */
export function isInertNumber(token: string, start = 0, end = token.length): boolean {
  let colons = 0;
  let dots = 0;
  let previous = 0;
  for (let i = start; i < end; i++) {
    const c = token.charCodeAt(i);
    if (c === 58) {
      if (previous === 58 || ++colons > 4) return false;
      dots = 0;
    } else if (c === 46) {
      if (++dots >= 3) return false;
    } else if (c < 48 || c > 57) return false;
    previous = c;
  }
  return true;
}

/** Whether a name could match inside an inert number: only one made of digits, dots and colons. */
export function isNumberLike(name: string): boolean {
  return /^[\d.:]*$/.test(name);
}

/** `[\w%+@:.-]`: the characters of a special token. */
const tokenChar = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_%+@:.-') tokenChar[c.charCodeAt(0)] = 1;

/**
 * Every match of `specialToken` (patterns.ts), in order, found without the regex: a match is a
 * maximal run of `[\w%+@:.-]` holding a `.`, `@` or `:`. The regex cannot start inside such a run
 * (its look-behind forbids it) and, started at the run's first character, its greedy parts take
 * the whole run if the run holds one of the three, and nothing otherwise.
 */
export function eachSpecialToken(text: string, each: (start: number, end: number) => void): void {
  const length = text.length;
  let i = 0;
  while (i < length) {
    let c = text.charCodeAt(i);
    if (c >= 128 || tokenChar[c] === 0) {
      i += 1;
      continue;
    }
    const start = i;
    let isSpecial = false;
    do {
      if (c === 46 || c === 64 || c === 58) isSpecial = true;
      i += 1;
      c = i < length ? text.charCodeAt(i) : 0;
    } while (i < length && c < 128 && tokenChar[c] === 1);
    if (isSpecial) each(start, i);
  }
}

/** `text.replace(specialToken, replace)`, with the scanner above. */
export function replaceSpecialTokens(text: string, replace: (token: string) => string): string {
  const parts: string[] = [];
  let last = 0;
  eachSpecialToken(text, (start, end) => {
    const token = text.slice(start, end);
    const out = replace(token);
    if (out === token) return;
    parts.push(text.slice(last, start), out);
    last = end;
  });
  if (last === 0) return text;
  parts.push(text.slice(last));
  return parts.join('');
}

/** `[A-Za-z0-9+/_=-]`: the characters of a value `nearSecretName` takes (16 or more of them). */
const valueChar = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/_=-') valueChar[c.charCodeAt(0)] = 1;

/** Whether the line holds a run of at least `length` value characters: without one, `nearSecretName` finds nothing. */
export function hasValueRun(line: string, length: number): boolean {
  let run = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c < 128 && valueChar[c] === 1) {
      if (++run >= length) return true;
    } else run = 0;
  }
  return false;
}

