import { FileStore } from '@tus/file-store';
import { S3Store } from '@tus/s3-store';
import type { DataStore } from '@tus/utils';
import type { Config } from '../config.ts';

/** How long an unfinished upload may sit idle before the tus expiration extension lets it go. */
export const UPLOAD_EXPIRY_MS = 7 * 86_400_000;

/**
 * Where resumable (tus) uploads are written: the blob storage's own directory or bucket, so a
 * finished upload is read back through the blob-storage adapter under the same key.
 */
export function createUploadStore(storage: Config['storage']): DataStore {
  if (storage.kind === 'local') return new FileStore({ directory: storage.dir, expirationPeriodInMilliseconds: UPLOAD_EXPIRY_MS });
  return new S3Store({
    // S3's smallest multipart part is 5 MiB; 16 MiB parts keep a 20 GiB bundle well under 10,000 parts.
    partSize: 16 * 1024 * 1024,
    expirationPeriodInMilliseconds: UPLOAD_EXPIRY_MS,
    s3ClientConfig: {
      bucket: storage.bucket,
      region: storage.region,
      forcePathStyle: storage.forcePathStyle,
      ...(storage.endpoint && { endpoint: storage.endpoint }),
      ...(storage.credentials && { credentials: storage.credentials }),
    },
  });
}
