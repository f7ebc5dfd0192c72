import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadReplyTokens, ReplyTokens } from './reply-token.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const settings = (secret: string | null = null) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-reply-key-'));
  dirs.push(dir);
  return { trustedAuthservId: null, dnsServers: null, replyTokenSecret: secret, replyTokenKeyFile: path.join(dir, 'data', 'reply-token.key') };
};

describe('reply tokens', () => {
  it('creates the key file readable by the owner only, and keeps using it', () => {
    const s = settings();
    const first = loadReplyTokens(s);
    expect(fs.statSync(s.replyTokenKeyFile).mode & 0o777).toBe(0o600);
    const again = loadReplyTokens(s);
    expect(again.tokenFor('u1', 'c1')).toBe(first.tokenFor('u1', 'c1'));
    expect(fs.readdirSync(path.dirname(s.replyTokenKeyFile))).toEqual(['reply-token.key']);
  });

  it('uses MAIL_REPLY_TOKEN_SECRET when set, without writing a key file', () => {
    const s = settings('a secret of at least thirty-two characters');
    expect(loadReplyTokens(s).tokenFor('u1', 'c1')).toBe(new ReplyTokens(Buffer.from('a secret of at least thirty-two characters')).tokenFor('u1', 'c1'));
    expect(fs.existsSync(s.replyTokenKeyFile)).toBe(false);
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
