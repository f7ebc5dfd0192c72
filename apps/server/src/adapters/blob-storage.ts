import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { pipeline } from 'node:stream/promises';

export interface StoredBlob {
  size: number;
  sha256: string;
}

/** Flushes a directory's entries (a file renamed into it) to disk. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.promises.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`blob exceeds ${limit} bytes`);
  }
}

/** Where attachment, inbound mail, bundle and download bytes live: a local directory by default, or an S3-compatible bucket. */
export interface BlobStorage {
  /** Streams `source` into storage under `key`, never holding it whole in memory. */
  put(key: string, source: Readable, maxBytes: number): Promise<StoredBlob>;
  get(key: string): Readable;
  delete(key: string): Promise<void>;
}

/**
 * Blobs as files under one directory. A blob is written to a temporary name and renamed when
 * complete, so a reader never sees half a file and a failed upload leaves nothing behind. Its
 * bytes, then the directory entry of its name, are flushed to disk before `put` returns: the
 * caller records the blob in the database (whose commits are durable) and may then acknowledge it
 * (the SMTP 250 of an inbound message), so the file must outlast a power loss as the row does.
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
      await pipeline(source, meter, fs.createWriteStream(temporary, { flags: 'wx', flush: true }));
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.rename(temporary, target);
      await syncDirectory(path.dirname(target));
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

/** The S3 settings blob storage needs (config.storage when S3 is chosen). */
export interface S3Settings {
  bucket: string;
  region: string;
  endpoint: string | null;
  forcePathStyle: boolean;
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
}

/** The AWS SDK is loaded only when S3 is configured: it is large, and most installations never need it. */
async function s3Client(s: S3Settings) {
  const sdk = await import('@aws-sdk/client-s3');
  const { Upload } = await import('@aws-sdk/lib-storage');
  const client: S3Client = new sdk.S3Client({
    region: s.region,
    forcePathStyle: s.forcePathStyle,
    ...(s.endpoint && { endpoint: s.endpoint }),
    ...(s.credentials && { credentials: s.credentials }),
    // The SDK's default adds CRC32 checksums that not every S3-compatible service accepts.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return { client, sdk, Upload };
}

/**
 * Blobs as objects in an S3-compatible bucket (AWS S3, MinIO, Ceph, …). Uploads stream as a
 * multipart upload, measured and hashed on the way, and an object exists only once complete: a
 * failed or oversized upload is aborted and leaves nothing behind.
 */
export class S3BlobStorage implements BlobStorage {
  private loaded: ReturnType<typeof s3Client> | null = null;
  constructor(private readonly settings: S3Settings) {}

  private s3() {
    this.loaded ??= s3Client(this.settings);
    return this.loaded;
  }

  async put(key: string, source: Readable, maxBytes: number): Promise<StoredBlob> {
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
    const body = source.pipe(meter);
    source.on('error', (err) => meter.destroy(err));
    const { client, Upload } = await this.s3();
    const upload = new Upload({ client, params: { Bucket: this.settings.bucket, Key: key, Body: body }, partSize: 8 * 1024 * 1024, queueSize: 2, leavePartsOnError: false });
    try {
      await upload.done();
    } catch (err) {
      // An oversized source surfaces as the SDK's error; say what happened.
      if (size > maxBytes) throw new BlobTooLargeError(maxBytes);
      throw err;
    }
    return { size, sha256: hash.digest('hex') };
  }

  get(key: string): Readable {
    const out = new PassThrough();
    this.s3()
      .then(({ client, sdk }) => client.send(new sdk.GetObjectCommand({ Bucket: this.settings.bucket, Key: key })))
      .then((res) => {
        const body = res.Body as Readable | undefined;
        if (!body) return out.end();
        body.on('error', (err) => out.destroy(err));
        out.on('close', () => body.destroy());
        body.pipe(out);
      })
      .catch((err: unknown) => out.destroy(err as Error));
    return out;
  }

  async delete(key: string): Promise<void> {
    const { client, sdk } = await this.s3();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }
}

/** The blob storage the settings choose: the local directory, or the S3 bucket. */
export function createBlobStorage(storage: { kind: 'local'; dir: string } | ({ kind: 's3' } & S3Settings)): BlobStorage {
  return storage.kind === 'local' ? new LocalBlobStorage(storage.dir) : new S3BlobStorage(storage);
}
