import { createHash, randomBytes } from 'node:crypto';
import { v7 } from 'uuid';

/** A new opaque id; UUID v7 sorts by creation time, which keeps indexes and cursors simple. */
export function newId(): string {
  return v7();
}

/** A secret for a URL or a header: 256 bits, base64url. */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** SHA-256 of a high-entropy secret (tokens, session ids). Passwords use argon2id instead. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
