import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';

/**
 * A real S3-compatible server on loopback (s3rver, from npm), with one bucket, for the tests of
 * the S3 storage path. Returns the settings Casebook needs to use it.
 */
export async function startS3Server(bucket = 'casebook-test') {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const address = (await server.run()) as unknown as AddressInfo;
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    bucket,
    directory,
    env: { S3_ENDPOINT: endpoint, S3_BUCKET: bucket, S3_REGION: 'us-east-1', S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_FORCE_PATH_STYLE: 'true' },
    /** Whether the bucket holds an object under `key` (s3rver keeps objects as files). */
    has: (key: string) => fs.existsSync(path.join(directory, bucket, `${key}._S3rver_object`)),
    async close() {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
