import { describe, expect, it } from 'vitest';
import { LinkSigner } from '../../adapters/link-signer.ts';
import { readDsn } from './bounce-handler.ts';
import { addressHmac, NewsletterTokens } from './newsletter-tokens.ts';

const tokens = new NewsletterTokens(new LinkSigner(Buffer.alloc(32, 7)), 'casebook.example');
const id = '019ad3a0-0000-7000-8000-000000000001';

describe('newsletter tokens', () => {
  it('opens only its own subscriber with a preferences token', () => {
    const token = tokens.preferences(id);
    expect(tokens.subscriberOfPreferences(token)).toBe(id);
    expect(tokens.subscriberOfPreferences(token.replace(id, '019ad3a0-0000-7000-8000-000000000002'))).toBeNull();
    expect(tokens.subscriberOfPreferences(`${token.slice(0, -1)}A`)).toBeNull();
    expect(new NewsletterTokens(new LinkSigner(Buffer.alloc(32, 8)), 'casebook.example').subscriberOfPreferences(token)).toBeNull();
  });

  it('reads back a confirmation token with its expiry, and refuses an altered one', () => {
    const expires = new Date('2026-12-09T10:00:00Z');
    const token = tokens.confirm(id, expires);
    expect(tokens.parseConfirm(token)).toEqual({ subscriberId: id, expiresAt: expires });
    expect(tokens.parseConfirm(token.replace('.1796', '.1896'))).toBeNull();
  });

  it('keeps VERP and mailto addresses within 64 characters and recognises only signed ones', () => {
    const mailto = tokens.mailtoUnsubscribe(id);
    expect(mailto.split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect(tokens.parseBounceAddress(mailto)).toEqual({ kind: 'unsubscribe', subscriberId: id });
    expect(tokens.parseBounceAddress(mailto.replace(/\.[^.@]{16}@/, '.AAAAAAAAAAAAAAAA@'))).toBeNull();
    expect(tokens.parseBounceAddress(tokens.returnPath(id))).toEqual({ kind: 'delivery', deliveryId: id });
    expect(tokens.parseBounceAddress(`bounces+${id}@elsewhere.example`)).toBeNull();
    expect(tokens.parseBounceAddress('support@casebook.example')).toBeNull();
  });

  it('keys the suppression HMAC: the same address gives the same entry, another key another', () => {
    const a = addressHmac(Buffer.alloc(32, 1), ' Reader@Example.test ');
    expect(a).toBe(addressHmac(Buffer.alloc(32, 1), 'reader@example.test'));
    expect(a).not.toBe(addressHmac(Buffer.alloc(32, 2), 'reader@example.test'));
    expect(a).not.toContain('reader');
  });

  it('reads the action and status of a delivery status notification', () => {
    expect(readDsn('Reporting-MTA: dns; mx\r\n\r\nFinal-Recipient: rfc822; a@b\r\nAction: failed\r\nStatus: 5.1.1\r\n')).toEqual({ action: 'failed', status: '5.1.1' });
    expect(readDsn('Action: delayed\nStatus: 4.4.7\n')).toEqual({ action: 'delayed', status: '4.4.7' });
    expect(readDsn('Hello, just a reply')).toEqual({ action: null, status: null });
  });
});
