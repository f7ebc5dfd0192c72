import { hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The server's one secret: `CASEBOOK_SECRET_KEY` when set (every process of a multi-host install
 * must share it), otherwise 32 random bytes kept in `<data dir>/secret.key`, created with mode 0600
 * on first start. Never logged. Each use gets its own key derived from it (`purposeKey`), so a key
 * leaked from one use (say, a link signature scheme) opens nothing else.
 */
export function loadServerKey(setting: string | null, file: string): Buffer {
  if (setting) return Buffer.from(setting, 'utf8');
  // Read once per process: the key never changes while it runs.
  const known = loaded.get(file);
  if (known) return known;
  const key = loadOrCreate(file);
  loaded.set(file, key);
  return key;
}

const loaded = new Map<string, Buffer>();

function loadOrCreate(file: string): Buffer {
  try {
    return readKey(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written aside, then linked into place: a second process starting at the same moment either
  // wins the link or reads the complete file, never a half-written one.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(temp, randomBytes(32).toString('base64'), { mode: 0o600 });
  try {
    fs.linkSync(temp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    fs.rmSync(temp, { force: true });
  }
  return readKey(file);
}

function readKey(file: string): Buffer {
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length < 32) throw new Error(`${file} holds no usable key (expected 32 bytes, base64)`);
  return key;
}

/** The key for one purpose ('totp-secrets', 'reply-tokens', 'signed-links'), derived with HKDF-SHA256. */
export function purposeKey(serverKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', serverKey, Buffer.alloc(0), `casebook:${purpose}`, 32));
}
