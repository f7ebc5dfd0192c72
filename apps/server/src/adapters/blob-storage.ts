import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredBlob {
  size: number;
  sha256: string;
}

export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`blob exceeds ${limit} bytes`);
  }
}

/** Where attachment and bundle bytes live. Local directory by default; S3-compatible later. */
export interface BlobStorage {
  /** Streams `source` into storage under `key`, never holding it whole in memory. */
  put(key: string, source: Readable, maxBytes: number): Promise<StoredBlob>;
  get(key: string): Readable;
  delete(key: string): Promise<void>;
}

/**
 * Blobs as files under one directory. A blob is written to a temporary name and renamed when
 * complete, so a reader never sees half a file and a failed upload leaves nothing behind.
 */
export class LocalBlobStorage implements BlobStorage {
  constructor(private readonly root: string) {
    fs.mkdirSync(path.join(root, '.incoming'), { recursive: true });
  }

  private pathOf(key: string): string {
    if (!/^[A-Za-z0-9/_.-]+$/.test(key) || key.includes('..')) throw new Error(`invalid blob key ${key}`);
    return path.join(this.root, key);
  }

  async put(key: string, source: Readable, maxBytes: number): Promise<StoredBlob> {
    const target = this.pathOf(key);
    const temporary = path.join(this.root, '.incoming', randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new BlobTooLargeError(maxBytes));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, fs.createWriteStream(temporary, { flags: 'wx' }));
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.rename(temporary, target);
    } catch (err) {
      await fs.promises.rm(temporary, { force: true });
      throw err;
    }
    return { size, sha256: hash.digest('hex') };
  }

  get(key: string): Readable {
    return fs.createReadStream(this.pathOf(key));
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }
}
