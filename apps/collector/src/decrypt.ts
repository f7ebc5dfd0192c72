// casebook-collect decrypt: for a key holder, the bundle back into a folder of files.
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { decompressor } from './bundle/bundle-stream.ts';
import { decryptStream, parseIdentities } from './crypto/age.ts';
import { CollectorError, exitCodes } from './errors.ts';

export async function decryptBundle(file: string, identityFile: string, outputDir: string): Promise<{ files: number }> {
  const identities = parseIdentities(fs.readFileSync(identityFile, 'utf8'));
  const plaintext = await decryptStream(fs.createReadStream(file), identities);
  const decompressed = await decompress(plaintext);
  fs.mkdirSync(outputDir, { recursive: true });
  const root = path.resolve(outputDir);
  const extract = tar.extract();
  let files = 0;
  extract.on('entry', (header, stream, next) => {
    const target = path.resolve(root, header.name);
    if (header.type !== 'file' || !target.startsWith(root + path.sep)) {
      stream.resume();
      stream.on('end', next);
      return;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    pipeline(stream, fs.createWriteStream(target, { mode: 0o600 })).then(() => {
      files += 1;
      next();
    }, next);
  });
  try {
    await pipeline(decompressed, extract);
  } catch (error) {
    if (error instanceof CollectorError) throw error;
    throw new CollectorError(exitCodes.decryptFailed, `the bundle is damaged or was not made for this identity: ${(error as Error).message}`);
  }
  return { files };
}

/** Peek at the first bytes to pick gzip or zstd, then hand the whole stream on. */
async function decompress(plaintext: Readable): Promise<Readable> {
  const iterator = plaintext[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head = first.done ? Buffer.alloc(0) : Buffer.from(first.value as Uint8Array);
  const rest = new PassThrough();
  rest.write(head);
  void (async () => {
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) if (!rest.write(next.value)) await new Promise((r) => rest.once('drain', r));
      rest.end();
    } catch (error) {
      rest.destroy(error as Error);
    }
  })();
  return rest.pipe(decompressor(head));
}
