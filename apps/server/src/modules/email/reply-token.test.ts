import { describe, expect, it } from 'vitest';
import { ReplyTokens } from './reply-token.ts';

describe('reply tokens', () => {
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
