// Encryption to the age v1 format (https://age-encryption.org/v1) with node:crypto: X25519
// recipients, HKDF-SHA-256, ChaCha20-Poly1305 in 64 KiB STREAM chunks. It writes the same files as
// the age-encryption package, which still opens them (see the test), about 20 times faster: that
// package's ChaCha20 is JavaScript, node:crypto's is OpenSSL's (measured in docs/collector.md).
import crypto from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { bech32 } from '@scure/base';

const chunkSize = 64 * 1024;
const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

function hkdf(ikm: Buffer, salt: Buffer, info: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', ikm, salt, info, 32));
}

function seal(key: Buffer, nonce: Buffer, plaintext: Buffer): Buffer {
  const cipher = crypto.createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

function recipientKey(recipient: string): Buffer {
  const { prefix, words } = bech32.decode(recipient as `${string}1${string}`);
  if (prefix !== 'age') throw new Error('not an age X25519 recipient');
  return Buffer.from(bech32.fromWords(words));
}

const x25519Public = (raw: Buffer) => crypto.createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: raw.toString('base64url') }, format: 'jwk' });

function stanza(fileKey: Buffer, recipient: string): string {
  const theirs = recipientKey(recipient);
  const { publicKey, privateKey } = crypto.generateKeyPairSync('x25519');
  const ephemeral = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const shared = crypto.diffieHellman({ privateKey, publicKey: x25519Public(theirs) });
  const wrapKey = hkdf(shared, Buffer.concat([ephemeral, theirs]), 'age-encryption.org/v1/X25519');
  const body = b64(seal(wrapKey, Buffer.alloc(12), fileKey));
  return `-> X25519 ${b64(ephemeral)}\n${body.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n`;
}

/** A stream that turns plaintext into an age file for these recipients. */
export function ageEncryptTransform(recipients: string[]): Transform {
  const fileKey = crypto.randomBytes(16);
  let header = 'age-encryption.org/v1\n' + recipients.map((r) => stanza(fileKey, r)).join('') + '---';
  header += ` ${b64(crypto.createHmac('sha256', hkdf(fileKey, Buffer.alloc(0), 'header')).update(header).digest())}\n`;
  const payloadNonce = crypto.randomBytes(16);
  const payloadKey = hkdf(fileKey, payloadNonce, 'payload');
  let counter = 0n;
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let started = false;

  const sealChunk = (plaintext: Buffer, isLast: boolean): Buffer => {
    const nonce = Buffer.alloc(12);
    nonce.writeBigUInt64BE(counter, 3);
    nonce[11] = isLast ? 1 : 0;
    counter += 1n;
    return seal(payloadKey, nonce, plaintext);
  };
  const start = (stream: Transform) => {
    if (started) return;
    started = true;
    stream.push(Buffer.concat([Buffer.from(header, 'latin1'), payloadNonce]));
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      start(this);
      pending.push(chunk);
      pendingLength += chunk.length;
      // Keep back at least one byte: the last chunk is only known at the end.
      if (pendingLength > chunkSize) {
        const all = Buffer.concat(pending);
        let offset = 0;
        while (all.length - offset > chunkSize) {
          this.push(sealChunk(all.subarray(offset, offset + chunkSize), false));
          offset += chunkSize;
        }
        pending = [all.subarray(offset)];
        pendingLength = all.length - offset;
      }
      done();
    },
    flush(done: TransformCallback) {
      start(this);
      this.push(sealChunk(Buffer.concat(pending), true));
      done();
    },
  });
}
