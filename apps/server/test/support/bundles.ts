import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import tar from 'tar-stream';

/** A tar archive of the given files (path → content), in memory: test bundles are small. */
export async function tarOf(files: Record<string, string | Buffer>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, content] of Object.entries(files)) pack.entry({ name, size: Buffer.byteLength(content) }, content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack as unknown as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Encrypts bytes to age recipients, as the collector does. */
export async function ageEncrypt(plain: Buffer, recipients: string[]): Promise<Buffer> {
  const e = new Encrypter();
  for (const r of recipients) e.addRecipient(r);
  return Buffer.from(await e.encrypt(new Uint8Array(plain)));
}

/**
 * A real bundle: a tar.gz of `files` (or a tar.zst, compressed by Debian's zstd tool, which
 * e2e/setup-web.ts installs), age-encrypted to `recipients`; with its SHA-256.
 */
export async function makeBundle(files: Record<string, string | Buffer>, recipients: string[], compression: 'gzip' | 'zstd' = 'gzip') {
  const archive = await tarOf(files);
  const compressed = compression === 'gzip' ? gzipSync(archive) : execFileSync('zstd', ['-q', '-c', '-3'], { input: archive });
  const bytes = await ageEncrypt(compressed, recipients);
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** A fresh age identity and its recipient (a partner's own key). */
export async function newAgeKey() {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export const streamOf = (b: Buffer) => Readable.from([b]);

/** tus Upload-Metadata for a bundle. */
export function uploadMetadata(meta: Record<string, string | undefined>): string {
  return Object.entries(meta)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');
}

export const sampleFiles = {
  'manifest.json': JSON.stringify({ collector: '1.0.0', host: 'vault-01', products: ['Privileged Access Manager'], files: [{ path: 'logs/vault.log', sha256: 'x' }] }),
  'masking-report.json': JSON.stringify({ rules: [{ rule: 'password', count: 12 }, { rule: 'aws_secret_key', count: 2 }] }),
  'logs/vault.log': '2026-12-01T10:00:00Z INFO vault started\n2026-12-01T10:05:00Z ERROR vault stopped: out of memory\n',
  'config/vault.ini': '[vault]\nport=1858\npassword=********\n',
  'bin/core.dump': Buffer.from([0, 1, 2, 3, 0, 255, 0]),
};
