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
export function isInertNumber(token: string): boolean {
  let colons = 0;
  let dots = 0;
  let previous = 0;
  for (let i = 0; i < token.length; i++) {
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
