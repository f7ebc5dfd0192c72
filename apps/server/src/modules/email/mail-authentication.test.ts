import { describe, expect, it } from 'vitest';
import { isAligned, parseAuthenticationResults, trustedHeaderVerdict } from './mail-authentication.ts';

describe('parseAuthenticationResults', () => {
  it('reads the authserv-id and each method with its properties, ignoring comments', () => {
    const parsed = parseAuthenticationResults(' MX.Relay.test 1;\r\n dkim=pass (2048-bit key) header.d=example.test header.s=sel;\r\n spf=softfail smtp.mailfrom=a@example.test; dmarc=pass (p=REJECT) header.from=example.test');
    expect(parsed).toEqual({
      authservId: 'mx.relay.test',
      results: [
        { method: 'dkim', result: 'pass', props: { 'header.d': 'example.test', 'header.s': 'sel' } },
        { method: 'spf', result: 'softfail', props: { 'smtp.mailfrom': 'a@example.test' } },
        { method: 'dmarc', result: 'pass', props: { 'header.from': 'example.test' } },
      ],
    });
  });
});

describe('trustedHeaderVerdict', () => {
  const line = (v: string) => ({ key: 'authentication-results', line: `Authentication-Results: ${v}` });

  it("trusts a relay's DMARC pass only for the From domain it names", () => {
    expect(trustedHeaderVerdict([line('mx.relay.test; dmarc=pass header.from=example.test')], 'mx.relay.test', 'a@example.test').authenticated).toBe(true);
    expect(trustedHeaderVerdict([line('mx.relay.test; dmarc=pass header.from=evil.test')], 'mx.relay.test', 'a@example.test').authenticated).toBe(false);
  });

  it('counts an SPF or DKIM pass only when aligned with the From domain', () => {
    expect(trustedHeaderVerdict([line('mx.relay.test; spf=pass smtp.mailfrom=bounce@mail.example.test')], 'mx.relay.test', 'a@example.test')).toMatchObject({ aligned: true, authenticated: true });
    expect(trustedHeaderVerdict([line('mx.relay.test; dkim=pass header.d=evil.test')], 'mx.relay.test', 'a@example.test')).toMatchObject({ dkim: 'pass', aligned: false, authenticated: false });
  });
});

describe('isAligned', () => {
  it('aligns a domain with itself and its subdomains, not with a look-alike', () => {
    expect(isAligned('example.test', 'EXAMPLE.test')).toBe(true);
    expect(isAligned('mail.example.test', 'example.test')).toBe(true);
    expect(isAligned('notexample.test', 'example.test')).toBe(false);
    expect(isAligned('', 'example.test')).toBe(false);
  });
});
