// Each cheap check of scan.ts against what it stands for, on many generated inputs and the edge
// cases: a check that disagreed would change what is masked.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Masker } from '../src/masking/masker.ts';
import { MaskMap } from '../src/masking/mask-map.ts';
import { isSecretKey, specialToken } from '../src/masking/patterns.ts';
import { eachMatch, eachSpecialToken, hasFlagStart, hasValueRun, isInertNumber, replaceSpecialTokens, secretStem } from '../src/masking/scan.ts';

const runs = { numRuns: 3000 };
const fromChars = (chars: string, maxLength = 40) => fc.array(fc.constantFrom(...chars.split('')), { maxLength }).map((a) => a.join(''));

describe('eachMatch', () => {
  it('finds what String.matchAll finds', () => {
    const patterns = [/(?:^|\s)--?([A-Za-z][\w-]*)(?:=|[ \t]+)(?:"([^"\r\n]*)"|'([^'\r\n]*)'|([^\s"'-][^\s"']*))/g, /\b([A-Za-z_][\w-]*)[^\w\r\n]{1,5}([A-Za-z0-9+/_=-]{16,})/g, /a*/g, /(?<![\w.-])(["']?)([A-Za-z_][\w.-]*)\1[ \t]*(?:=>?|:)[ \t]*(?:"((?:[^"\\\r\n]|\\.)*)"|'([^'\r\n]*)'|([^\s,;&"'<>)\]}]+))/g];
    fc.assert(
      fc.property(fromChars('ab -=:"\' xyzABC0123456789+/_.\t', 60), (text) => {
        for (const pattern of patterns) {
          const found: string[][] = [];
          eachMatch(pattern, text, (m) => found.push([String(m.index), ...m.map((g) => g ?? '')]));
          expect(found).toEqual([...text.matchAll(pattern)].map((m) => [String(m.index), ...m.map((g) => g ?? '')]));
        }
      }),
      runs,
    );
  });
});

describe('hasFlagStart', () => {
  it('says whether the line has a dash at its start or after white space', () => {
    const check = (line: string) => {
      expect(hasFlagStart(line), JSON.stringify(line)).toBe(/(?:^|\s)-/.test(line));
    };
    for (const line of ['', '-', '-x', 'a-b', 'a -b', 'a\t-b', '2026-11-30', 'x\u00a0-y', 'x\u2028-y', 'x\u0085-y', '--', 'a--']) check(line);
    fc.assert(fc.property(fromChars('-a1 \t\u00a0\u2003\r\n\u0085x'), check), runs);
  });
});

describe('secretStem', () => {
  const word = fc.constantFrom('password', 'Passwd', 'PWD', 'pw', 'pass', 'passphrase', 'secret', 'Token', 'credential', 'credentials', 'api', 'key', 'ApiKey', 'access', 'client', 'connection', 'string', 'pin', 'db', 'manager', 'file', 'type', 'user', 'Name', 'K', '\u212aey', 'İ', 'x', '1');
  const separator = fc.constantFrom('', '', '_', '-', '.', ' ');
  it('is on every lower-cased setting name isSecretKey takes for a secret', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(word, separator), { minLength: 1, maxLength: 4 }), (parts) => {
        const key = parts.map(([w, s]) => w + s).join('');
        if (isSecretKey(key)) expect(secretStem.test(key.toLowerCase()), key).toBe(true);
      }),
      runs,
    );
  });
});

describe('isInertNumber', () => {
  type Classify = (token: string, isMasking: boolean, count: (kind: string) => void) => string;
  const classify = (masker: Masker): Classify => (masker as unknown as { classify: Classify }).classify.bind(masker);

  it('holds only for tokens that classify() leaves as they are and learns nothing from', () => {
    const check = (token: string) => {
      if (!isInertNumber(token)) return;
      const masker = new Masker({ maskHosts: true, maskUsers: true });
      const counted: string[] = [];
      expect(classify(masker)(token, false, () => {}), token).toBe(token);
      expect(classify(masker)(token, true, (kind) => counted.push(kind)), token).toBe(token);
      expect(counted).toEqual([]);
      expect(masker.map.entryCount(), token).toBe(0);
    };
    for (const token of ['12:30:45.123', '10.0.0.1', '10.0.0.1:8080', '1:2:3:4:5:6:7:8', '2001::1', '::1', '00:1a', '1:2:3:4:5', '11:22:33:44:55:66', '.1.2.3.', '1.2.3', '1..2.3', ':', '.', '10.1.2.3.4']) check(token);
    expect(isInertNumber('12:30:45.123')).toBe(true);
    expect(isInertNumber('10.0.0.1')).toBe(false);
    expect(isInertNumber('2001::1')).toBe(false);
    fc.assert(fc.property(fromChars('0123456789.:', 24), check), { numRuns: 20000 });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 8 }), fc.array(fc.constantFrom('.', ':', '::'), { maxLength: 8 }), (numbers, separators) => {
        check(numbers.map((n, i) => `${n}${separators[i] ?? ''}`).join(''));
      }),
      { numRuns: 20000 },
    );
  });

  it('leaves a number alone in pass 2 only when no name to mask looks like one', () => {
    const masker = new Masker({ maskHosts: true, maskUsers: true });
    masker.discover('user=alice\n');
    expect(masker.mask('at 12:30:45.123 alice\n', 'f')).toBe('at 12:30:45.123 user-1\n');
    // A saved map may hold any name: one made of digits is masked inside a time as before.
    const names = { host: {}, domain: {}, ipv4: {}, ipv6: {}, mac: {}, email: {}, user: { '12': 'user-1' } };
    const odd = new Masker({ maskHosts: true, maskUsers: true }, MaskMap.fromFile({ format: 'casebook-collect-map/1', names, ipv4Networks: {}, ipv6Networks: {} }));
    expect(odd.mask('at 12:30:45.123\n', 'f')).toBe('at user-1:30:45.123\n');
  });
});

describe('eachSpecialToken', () => {
  const check = (text: string) => {
    const found: [number, string][] = [];
    eachSpecialToken(text, (start, end) => found.push([start, text.slice(start, end)]));
    expect(found, JSON.stringify(text)).toEqual([...text.matchAll(specialToken)].map((m) => [m.index, m[0]]));
    const swap = (token: string) => (token.length % 2 ? `<${token}>` : token);
    expect(replaceSpecialTokens(text, swap)).toBe(text.replace(specialToken, swap));
  };

  it('finds what the specialToken regex finds', () => {
    for (const text of ['', '.', 'a.b', 'x a.b@c:d y', '-a.b-', '%+a.b', 'é.b', 'a\u212a.b', 'user@host:22/x.y', '10.0.0.1:8080,', '..', 'a b', 'end.']) check(text);
    fc.assert(fc.property(fromChars('ab1_%+@:.- \t\n/,é\u212a(', 50), check), { numRuns: 20000 });
    fc.assert(fc.property(fc.string({ maxLength: 40 }), check), runs);
  });
});

describe('hasValueRun', () => {
  it('is false only where nearSecretName finds nothing', () => {
    const nearSecretName = /\b([A-Za-z_][\w-]*)[^\w\r\n]{1,5}([A-Za-z0-9+/_=-]{16,})/g;
    const check = (line: string) => {
      expect(hasValueRun(line, 16), line).toBe(/[A-Za-z0-9+/_=-]{16}/.test(line));
      if (!hasValueRun(line, 16)) expect([...line.matchAll(nearSecretName)]).toEqual([]);
    };
    for (const line of ['', 'token -> 9fQ2xL7pRt4ZkW8mNb3V', 'a'.repeat(15), 'a'.repeat(16), 'é'.repeat(20)]) check(line);
    fc.assert(fc.property(fromChars('aZ9+/_=- :.é', 40), check), runs);
  });
});
