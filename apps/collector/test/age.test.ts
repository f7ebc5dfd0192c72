import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { Decrypter } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { newIdentity } from '../src/crypto/age.ts';
import { ageEncryptTransform } from '../src/crypto/age-native.ts';

async function encrypt(plaintext: Buffer, recipients: string[], piece = 10_000): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let i = 0; i < plaintext.length; i += piece) parts.push(plaintext.subarray(i, i + piece));
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(parts).pipe(ageEncryptTransform(recipients))) out.push(chunk as Buffer);
  return Buffer.concat(out);
}

describe('age encryption with node:crypto', () => {
  it.each([0, 1, 65_536, 65_537, 3 * 65_536, 200_001])('writes a file of %i bytes that the age-encryption package opens, for every recipient', async (size) => {
    const a = await newIdentity();
    const b = await newIdentity();
    const plaintext = crypto.randomBytes(size);
    const file = await encrypt(plaintext, [a.recipient, b.recipient]);
    expect(file.subarray(0, 22).toString()).toBe('age-encryption.org/v1\n');
    for (const identity of [a.identity, b.identity]) {
      const decrypter = new Decrypter();
      decrypter.addIdentity(identity);
      expect(Buffer.from(await decrypter.decrypt(new Uint8Array(file)))).toEqual(plaintext);
    }
  });

  it('cannot be opened by anyone else, nor once a byte is changed', async () => {
    const a = await newIdentity();
    const file = await encrypt(Buffer.from('secret bundle'), [a.recipient]);
    const stranger = new Decrypter();
    stranger.addIdentity((await newIdentity()).identity);
    await expect(stranger.decrypt(new Uint8Array(file))).rejects.toThrow();
    const tampered = Buffer.from(file);
    tampered[tampered.length - 3]! ^= 1;
    const owner = new Decrypter();
    owner.addIdentity(a.identity);
    await expect(owner.decrypt(new Uint8Array(tampered))).rejects.toThrow();
  });
});
