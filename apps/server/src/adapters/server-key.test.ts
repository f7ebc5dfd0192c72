import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadServerKey, purposeKey } from './server-key.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const keyFile = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-key-'));
  dirs.push(dir);
  return path.join(dir, 'data', 'secret.key');
};

describe('the server key', () => {
  it('creates the key file readable by the owner only, and keeps using it', () => {
    const file = keyFile();
    const first = loadServerKey(null, file);
    expect(first).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadServerKey(null, file).equals(first)).toBe(true);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['secret.key']);
  });

  it('uses CASEBOOK_SECRET_KEY when set, without writing a key file', () => {
    const file = keyFile();
    expect(loadServerKey('a secret of at least thirty-two characters', file).toString()).toBe('a secret of at least thirty-two characters');
    expect(fs.existsSync(file)).toBe(false);
  });

  it('gives every purpose a key of its own', () => {
    const key = Buffer.alloc(32, 7);
    expect(purposeKey(key, 'reply-tokens')).toHaveLength(32);
    expect(purposeKey(key, 'reply-tokens').equals(purposeKey(key, 'reply-tokens'))).toBe(true);
    expect(purposeKey(key, 'reply-tokens').equals(purposeKey(key, 'signed-links'))).toBe(false);
  });

  it('agrees on one key when several processes start at once', async () => {
    const file = keyFile();
    const fixture = fileURLToPath(new URL('../../test/fixtures/server-key-process.ts', import.meta.url));
    const keys = await Promise.all(
      Array.from({ length: 4 }, () => new Promise<string>((resolve, reject) => {
        execFile(process.execPath, ['--import', 'tsx', fixture, file], (err, stdout) => (err ? reject(err) : resolve(stdout)));
      })),
    );
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(keys).size).toBe(1);
  });
});
