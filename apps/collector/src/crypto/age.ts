// age keys, recipients and decryption through the well-kept age-encryption package. Encryption is
// age-native.ts (node:crypto, same format, about ten times faster); the package opens its files.
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Decrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { CollectorError, exitCodes } from '../errors.ts';

const recipientPattern = /^age1[0-9a-z]{58}$/;

export function isRecipient(value: string): boolean {
  return recipientPattern.test(value.trim());
}

export function checkRecipients(recipients: string[]): string[] {
  const unique = [...new Set(recipients.map((r) => r.trim()))];
  for (const recipient of unique) if (!isRecipient(recipient)) throw new CollectorError(exitCodes.usage, `not an age X25519 recipient: "${recipient.slice(0, 12)}…" (it starts with age1 and has 62 characters)`);
  return unique;
}

export async function decryptStream(ciphertext: Readable, identities: string[]): Promise<Readable> {
  const decrypter = new Decrypter();
  for (const identity of identities) decrypter.addIdentity(identity);
  try {
    const web = await decrypter.decrypt(Readable.toWeb(ciphertext) as unknown as ReadableStream<Uint8Array>);
    return Readable.fromWeb(web as unknown as WebReadableStream<Uint8Array>);
  } catch (error) {
    throw new CollectorError(exitCodes.decryptFailed, `cannot decrypt: ${(error as Error).message}`);
  }
}

/** The identities in an age identity file (`AGE-SECRET-KEY-1…` lines; # comments ignored). */
export function parseIdentities(text: string): string[] {
  const identities = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('AGE-SECRET-KEY-'));
  if (identities.length === 0) throw new CollectorError(exitCodes.usage, 'the identity file holds no AGE-SECRET-KEY-1… line');
  return identities;
}

export async function newIdentity(): Promise<{ identity: string; recipient: string }> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}
