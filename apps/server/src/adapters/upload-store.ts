import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import type { DataStore } from '@tus/utils';
import type { Config } from '../config.ts';
import type { BlobStorage } from './blob-storage.ts';

/** How long an unfinished upload may sit idle before the tus expiration extension lets it go. */
export const UPLOAD_EXPIRY_MS = 7 * 86_400_000;

/** Where resumable uploads are written, and how a finished one becomes a stored blob. */
export interface UploadFiles {
  /** The tus data store uploads are written to. */
  store: DataStore;
  /** A stored bundle's bytes. */
  get(key: string): Readable;
  /** Makes a complete upload a stored blob; returns its size and SHA-256, measured from the stored bytes. */
  finalize(key: string): Promise<{ size: number; sha256: string }>;
  /** Deletes an upload or a stored bundle (what is already gone is no error). */
  remove(key: string): Promise<void>;
}

async function sha256Of(stream: Readable): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    hash.update(chunk as Buffer);
  }
  return { size, sha256: hash.digest('hex') };
}

/**
 * Uploads are written with the tus file store. With local storage they are written in place, in the
 * blob directory under their blob key, so a finished upload is already the stored file. With S3,
 * they are staged on local disk (`stagingDir`) and streamed into the bucket once complete, hashed on
 * the way: the S3-compatible servers that can run beside the tests (s3rver) have no ListParts, which
 * @tus/s3-store needs, so the S3 path would be untested; staging keeps it tested end to end.
 */
export function createUploadFiles(storage: Config['storage'], blobs: BlobStorage, stagingDir: string): UploadFiles {
  const ignoreMissing = () => undefined;
  if (storage.kind === 'local') {
    const store = new FileStore({ directory: storage.dir, expirationPeriodInMilliseconds: UPLOAD_EXPIRY_MS });
    return {
      store,
      get: (key) => blobs.get(key),
      finalize: (key) => sha256Of(blobs.get(key)),
      remove: (key) => store.remove(key).catch(() => blobs.delete(key)),
    };
  }
  const store = new FileStore({ directory: stagingDir, expirationPeriodInMilliseconds: UPLOAD_EXPIRY_MS });
  return {
    store,
    get: (key) => blobs.get(key),
    async finalize(key) {
      const stored = await blobs.put(key, store.read(key), Number.MAX_SAFE_INTEGER);
      await store.remove(key).catch(ignoreMissing);
      return stored;
    },
    async remove(key) {
      await store.remove(key).catch(ignoreMissing);
      await blobs.delete(key).catch(ignoreMissing);
    },
  };
}
