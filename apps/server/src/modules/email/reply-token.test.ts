import { describe, expect, it } from 'vitest';
import { loadReplyTokens, ReplyTokens } from './reply-token.ts';

describe('reply tokens', () => {
  it('derives its key from the server key, so every process sharing CASEBOOK_SECRET_KEY issues the same tokens', () => {
    const secretKey = { setting: 'a secret of at least thirty-two characters', file: '/nonexistent/secret.key' };
    expect(loadReplyTokens(secretKey).tokenFor('u1', 'c1')).toBe(loadReplyTokens({ ...secretKey }).tokenFor('u1', 'c1'));
    expect(loadReplyTokens(secretKey).tokenFor('u1', 'c1')).not.toBe(loadReplyTokens({ ...secretKey, setting: 'another secret of thirty-two characters' }).tokenFor('u1', 'c1'));
  });

  it('accepts a token only for the user and case it was issued for', () => {
    const tokens = new ReplyTokens(Buffer.from('k'.repeat(32)));
    const token = tokens.tokenFor('user-a', 'case-1');
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(tokens.isValid(token, 'user-a', 'case-1')).toBe(true);
    expect(tokens.isValid(token, 'user-b', 'case-1')).toBe(false);
    expect(tokens.isValid(token, 'user-a', 'case-2')).toBe(false);
    expect(tokens.isValid(token.toUpperCase(), 'user-a', 'case-1')).toBe(false);
    expect(new ReplyTokens(Buffer.from('other key'.repeat(4))).isValid(token, 'user-a', 'case-1')).toBe(false);
  });
});
