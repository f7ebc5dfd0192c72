import type { AddressInfo } from 'node:net';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../src/modules/identity/actor.ts';
import { makeBundle, sampleFiles, sha256 } from './support/bundles.ts';
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

  beforeAll(async () => {
    s3 = await startS3Server();
    h = await Harness.start(dialect, s3.env);
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
});
