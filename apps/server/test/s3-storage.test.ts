import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../src/modules/identity/actor.ts';
import { makeBundle, sampleFiles, sha256, uploadMetadata } from './support/bundles.ts';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';
import { multipartFile } from './support/multipart.ts';
import { startS3Server } from './support/s3-server.ts';

describe.each(dialects)('S3 storage against a real S3-compatible server, on %s', (dialect) => {
  let s3: Awaited<ReturnType<typeof startS3Server>>;
  let h: Harness;
  let base: string;
  let customer: TestUser;
  let engineer: TestUser;
  let caseId: string;
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-staging-'));

  beforeAll(async () => {
    s3 = await startS3Server();
    h = await Harness.start(dialect, { ...s3.env, BUNDLE_STAGING_DIR: staging });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    customer = (await h.newEntitledCustomer('customer_admin')).user;
    engineer = await h.newUser('engineer');
    caseId = (await h.openCase(customer)).id;
  });
  afterAll(async () => {
    await h.close();
    await s3.close();
  });

  it('keeps attachments in the bucket and serves them back', async () => {
    const content = Buffer.from('an attachment kept in S3\n'.repeat(1000));
    const upload = multipartFile('file', 'notes.txt', content);
    const res = await h.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/attachments`, headers: { ...upload.headers, authorization: `Bearer ${customer.token}` }, payload: upload.payload });
    expect(res.statusCode).toBe(201);
    expect(res.json().sha256).toBe(sha256(content));
    expect(s3.has(`cases/${caseId}/${res.json().id}`)).toBe(true);
    const back = await h.request('GET', `/api/v1/cases/${caseId}/attachments/${res.json().id}`, { as: engineer });
    expect(back.rawPayload).toEqual(content);
  });

  it('stores an uploaded bundle in the bucket, opens it from there, and deletes it when it expires', async () => {
    const recipient = (await h.request('GET', '/api/v1/diagnostics/recipient')).json().recipient;
    const bundle = await makeBundle(sampleFiles, [recipient]);
    const url = await new Promise<string>((resolve, reject) => {
      const upload = new tus.Upload(bundle.bytes, {
        endpoint: `${base}/api/v1/cases/${caseId}/bundles`,
        headers: { authorization: `Bearer ${customer.token}` },
        metadata: { filename: 's3.tar.gz.age', sha256: bundle.sha256, recipients: 'vendor' },
        chunkSize: 500,
        retryDelays: null,
        onError: reject,
        onSuccess: () => resolve(upload.url!),
      });
      upload.start();
    });
    const id = url.split('/').pop()!;
    expect(s3.has(`bundles/${id}`)).toBe(true);
    const file = await h.request('GET', `/api/v1/bundles/${id}/files?path=logs/vault.log`, { as: engineer });
    expect(file.body).toBe(sampleFiles['logs/vault.log']);
    const download = await h.request('GET', `/api/v1/bundles/${id}/download`, { as: engineer });
    expect(sha256(download.rawPayload)).toBe(bundle.sha256);

    h.clock.advance(91 * 86_400_000);
    expect(await h.services.diagnostics.expireDue(systemCtx('test'))).toBe(1);
    expect(s3.has(`bundles/${id}`)).toBe(false);
  });

  it('stages an unfinished upload in BUNDLE_STAGING_DIR, resumes it there, and moves it into the bucket once verified', async () => {
    const recipient = (await h.request('GET', '/api/v1/diagnostics/recipient')).json().recipient;
    const bundle = await makeBundle({ ...sampleFiles, 'logs/big.log': 'x'.repeat(50_000) }, [recipient]);
    const half = Math.floor(bundle.bytes.length / 2);
    const tusHeaders = { 'tus-resumable': '1.0.0', authorization: `Bearer ${customer.token}` };
    const created = await fetch(`${base}/api/v1/cases/${caseId}/bundles`, {
      method: 'POST',
      headers: { ...tusHeaders, 'upload-length': String(bundle.bytes.length), 'upload-metadata': uploadMetadata({ filename: 'staged.tar.gz.age', sha256: bundle.sha256, recipients: 'vendor' }), 'content-type': 'application/offset+octet-stream' },
      body: new Uint8Array(bundle.bytes.subarray(0, half)),
    });
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    const id = location.split('/').pop()!;
    // Half of it sits in the staging directory; nothing is in the bucket yet.
    expect(fs.statSync(path.join(staging, `bundles/${id}`)).size).toBe(half);
    expect(s3.has(`bundles/${id}`)).toBe(false);
    const head = await fetch(location, { method: 'HEAD', headers: tusHeaders });
    expect(head.headers.get('upload-offset')).toBe(String(half));
    const rest = await fetch(location, { method: 'PATCH', headers: { ...tusHeaders, 'upload-offset': String(half), 'content-type': 'application/offset+octet-stream' }, body: new Uint8Array(bundle.bytes.subarray(half)) });
    expect(rest.status).toBe(204);
    expect(s3.has(`bundles/${id}`)).toBe(true);
    expect(fs.existsSync(path.join(staging, `bundles/${id}`))).toBe(false);
    const listed = (await h.request('GET', `/api/v1/cases/${caseId}/bundles`, { as: engineer })).json().items.find((b: { id: string }) => b.id === id);
    expect(listed).toMatchObject({ status: 'available', sha256: bundle.sha256, size: bundle.bytes.length });
  });
});
