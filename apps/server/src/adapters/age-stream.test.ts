import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { beforeAll, describe, expect, it } from 'vitest';
import { decryptAge } from './age-stream.ts';

/** Feeds `bytes` in pieces of `piece` bytes, as a network or disk read would. */
const streamOf = (bytes: Buffer, piece = 7_001) => Readable.from(Array.from({ length: Math.ceil(bytes.length / piece) }, (_, i) => bytes.subarray(i * piece, (i + 1) * piece)));

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('decrypting an age file as a stream', () => {
  let identity: string;
  let recipient: string;
  const decrypter = () => {
    const d = new Decrypter();
    d.addIdentity(identity);
    return d;
  };
  /** Encrypted by the age-encryption package, the reference implementation for this code. */
  const encrypt = async (plain: Buffer, to = [recipient]) => {
    const e = new Encrypter();
    for (const r of to) e.addRecipient(r);
    return Buffer.from(await e.encrypt(new Uint8Array(plain)));
  };

  beforeAll(async () => {
    identity = await generateX25519Identity();
    recipient = await identityToRecipient(identity);
  });

  it.each([0, 1, 65_535, 65_536, 65_537, 3 * 65_536, 200_001])('gives back %i bytes exactly, fed in small pieces', async (size) => {
    const plain = randomBytes(size);
    const plainOut = await decryptAge(streamOf(await encrypt(plain)), decrypter());
    expect(plainOut).not.toBeNull();
    expect((await readAll(plainOut!)).equals(plain)).toBe(true);
  });

  it('finds its stanza among several recipients', async () => {
    const other = await identityToRecipient(await generateX25519Identity());
    const plain = randomBytes(100_000);
    expect((await readAll((await decryptAge(streamOf(await encrypt(plain, [other, recipient])), decrypter()))!)).equals(plain)).toBe(true);
  });

  it('answers null for a file not encrypted to this identity', async () => {
    const other = await identityToRecipient(await generateX25519Identity());
    expect(await decryptAge(streamOf(await encrypt(randomBytes(10), [other])), decrypter())).toBeNull();
  });

  it('fails on a changed byte of the payload, rather than giving back damaged data', async () => {
    const sealed = await encrypt(randomBytes(150_000));
    sealed[sealed.length - 30_000]! ^= 1;
    const plainOut = await decryptAge(streamOf(sealed), decrypter());
    await expect(readAll(plainOut!)).rejects.toThrow(/failed authentication/);
  });

  it('fails on a file cut short, mid-chunk or exactly at a chunk boundary', async () => {
    const sealed = await encrypt(randomBytes(3 * 65_536 + 10));
    const headerAndNonce = sealed.length - (3 * 65_536 + 10) - 4 * 16;
    for (const cut of [sealed.length - 5, headerAndNonce + 2 * (65_536 + 16)]) {
      const plainOut = await decryptAge(streamOf(sealed.subarray(0, cut)), decrypter());
      await expect(readAll(plainOut!)).rejects.toThrow(/truncated|failed authentication/);
    }
  });

  it('refuses a header whose MAC does not match, and one that never ends', async () => {
    const sealed = await encrypt(randomBytes(10));
    const macLine = sealed.indexOf('\n--- ') + 5;
    const forged = Buffer.from(sealed);
    forged[macLine] = forged[macLine] === 0x41 ? 0x42 : 0x41;
    await expect(decryptAge(streamOf(forged), decrypter())).rejects.toThrow();
    await expect(decryptAge(streamOf(Buffer.concat([Buffer.from('age-encryption.org/v1\n'), Buffer.alloc(100_000, 0x61)])), decrypter())).rejects.toThrow(/too long/);
  });
});
