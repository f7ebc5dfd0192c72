import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Decrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { decryptAge } from './age-stream.ts';

/** The first line of every age file. A bundle that does not start with it is plaintext. */
export const AGE_HEADER = Buffer.from('age-encryption.org/v1\n');

/** The vendor's support key: an age X25519 identity, and its public recipient. */
export interface AgeKey {
  recipient: string;
  /** `sha256:` and the hex SHA-256 of the recipient. */
  fingerprint: string;
  /** Decrypts an age stream to the plaintext stream; `null` when the file is not encrypted to this key. */
  decrypt(source: Readable): Promise<Readable | null>;
}

export function fingerprintOf(recipient: string): string {
  return `sha256:${createHash('sha256').update(recipient).digest('hex')}`;
}

const loaded = new Map<string, Promise<AgeKey>>();

/**
 * The identity in `file` (the format of `age-keygen`: comment lines, then `AGE-SECRET-KEY-1…`),
 * created with mode 0600 when absent. Read once per process; the secret never leaves this module.
 */
export function loadAgeKey(file: string): Promise<AgeKey> {
  let key = loaded.get(file);
  if (!key) {
    key = loadOrCreate(file);
    loaded.set(file, key);
    key.catch(() => loaded.delete(file));
  }
  return key;
}

async function loadOrCreate(file: string): Promise<AgeKey> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const identity = await generateX25519Identity();
    const recipient = await identityToRecipient(identity);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Written aside and linked into place, so two processes starting together agree on one key.
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(temp, `# created: ${new Date().toISOString()}\n# public key: ${recipient}\n${identity}\n`, { mode: 0o600 });
    try {
      fs.linkSync(temp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      fs.rmSync(temp, { force: true });
    }
    text = fs.readFileSync(file, 'utf8');
  }
  const identity = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.startsWith('AGE-SECRET-KEY-1'));
  if (!identity) throw new Error(`${file} holds no age X25519 identity (AGE-SECRET-KEY-1…)`);
  const recipient = await identityToRecipient(identity);
  return {
    recipient,
    fingerprint: fingerprintOf(recipient),
    decrypt(source: Readable) {
      const decrypter = new Decrypter();
      decrypter.addIdentity(identity);
      return decryptAge(source, decrypter);
    },
  };
}
