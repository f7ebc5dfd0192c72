// Decrypting an age v1 file (https://age-encryption.org/v1) as a stream. The header — stanzas, the
// X25519 unwrapping of the file key, the header MAC — is the age-encryption package's
// (`Decrypter.decryptHeader`); the payload, ChaCha20-Poly1305 in 64 KiB STREAM chunks, is
// node:crypto's (OpenSSL), about ten times faster than the package's JavaScript cipher on a
// gigabyte bundle (`npx tsx bench/bundles.ts`).
import crypto from 'node:crypto';
import { Transform, pipeline, type Readable, type TransformCallback } from 'node:stream';
import { rejoin } from './streams.ts';
import type { Decrypter } from 'age-encryption';

const CHUNK = 64 * 1024;
const TAG = 16;
const SEALED = CHUNK + TAG;
/** No real header comes near this; a longer one is not an age file we made. */
const MAX_HEADER = 64 * 1024;

export class AgeFormatError extends Error {}

/**
 * The plaintext of the age file `source`, or null when none of the decrypter's identities is a
 * recipient. Throws (and destroys `source`) when the header is malformed or its MAC is wrong; the
 * returned stream errors when a chunk fails authentication or the file is truncated, so a
 * reader never takes a damaged or cut file for a whole one.
 */
export async function decryptAge(source: Readable, decrypter: Decrypter): Promise<Readable | null> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = Buffer.alloc(0);
  let headerEnd = -1;
  try {
    while (headerEnd < 0) {
      const next = await iterator.next();
      if (next.done) throw new AgeFormatError('the age header is truncated');
      head = Buffer.concat([head, next.value]);
      // The header ends with the MAC line, "--- " and the MAC; stanza lines are base64, never "---".
      const mac = head.indexOf('\n---');
      const end = mac < 0 ? -1 : head.indexOf('\n', mac + 1);
      if (end >= 0) headerEnd = end + 1;
      else if (head.length > MAX_HEADER) throw new AgeFormatError('the age header is too long');
    }
    let fileKey: Uint8Array;
    try {
      fileKey = await decrypter.decryptHeader(new Uint8Array(head.subarray(0, headerEnd)));
    } catch (err) {
      if (err instanceof Error && /no identity matched/i.test(err.message)) {
        source.destroy();
        return null;
      }
      throw err;
    }
    const rest = head.subarray(headerEnd);
    const ciphertext = rejoin(rest, iterator);
    const plain = streamDecipher(Buffer.from(fileKey));
    return pipeline(ciphertext, plain, () => undefined);
  } catch (err) {
    source.destroy();
    throw err;
  }
}

/** The payload: a 16-byte nonce, then sealed chunks, the last one flagged in its nonce. */
function streamDecipher(fileKey: Buffer): Transform {
  let key: Buffer | null = null;
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let counter = 0n;

  const open = (sealed: Buffer, last: boolean): Buffer => {
    const nonce = Buffer.alloc(12);
    nonce.writeBigUInt64BE(counter, 3);
    nonce[11] = last ? 1 : 0;
    counter += 1n;
    const decipher = crypto.createDecipheriv('chacha20-poly1305', key!, nonce, { authTagLength: TAG });
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG)), decipher.final()]);
    } catch {
      throw new AgeFormatError(`chunk ${counter - 1n} of the age payload failed authentication`);
    }
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      pending.push(chunk);
      pendingLength += chunk.length;
      try {
        if (!key) {
          if (pendingLength < 16) return done();
          const all = Buffer.concat(pending);
          key = Buffer.from(crypto.hkdfSync('sha256', fileKey, all.subarray(0, 16), 'payload', 32));
          pending = [all.subarray(16)];
          pendingLength -= 16;
        }
        // A full chunk is known not to be the last only once a byte after it has arrived.
        if (pendingLength > SEALED) {
          const all = Buffer.concat(pending);
          let offset = 0;
          while (all.length - offset > SEALED) {
            this.push(open(all.subarray(offset, offset + SEALED), false));
            offset += SEALED;
          }
          pending = [all.subarray(offset)];
          pendingLength = all.length - offset;
        }
        done();
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done: TransformCallback) {
      const last = Buffer.concat(pending);
      // The last chunk holds at least one byte, unless the whole payload is empty.
      if (!key || last.length < TAG || (last.length === TAG && counter > 0n)) return done(new AgeFormatError('the age payload is truncated'));
      try {
        this.push(open(last, true));
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
}
