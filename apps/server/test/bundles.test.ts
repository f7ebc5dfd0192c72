import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../src/modules/identity/actor.ts';
import { makeBundle, newAgeKey, sampleFiles, sha256, uploadMetadata } from './support/bundles.ts';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';

const DAY = 86_400_000;

describe.each(dialects)('diagnostic bundles on %s', (dialect) => {
  let h: Harness;
  let base: string;
  let vendorRecipient: string;
  let customer: TestUser;
  let engineer: TestUser;
  let caseId: string;

  beforeAll(async () => {
    h = await Harness.start(dialect, { BUNDLE_MAX_BYTES: String(8 * 1024 * 1024), BUNDLE_RETENTION_DAYS: '90' });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    customer = (await h.newEntitledCustomer('customer_admin')).user;
    engineer = await h.newUser('engineer');
    caseId = (await h.openCase(customer)).id;
    await h.request('PATCH', `/api/v1/cases/${caseId}`, { as: engineer, body: { assigneeId: engineer.id } });
    vendorRecipient = (await h.request('GET', '/api/v1/diagnostics/recipient')).json().recipient;
  });
  afterAll(() => h.close());

  /** Uploads with the real tus client; resolves with the upload URL. */
  function tusUpload(bytes: Buffer, meta: Record<string, string | undefined>, opts: { token: string; caseId?: string; chunkSize?: number; withCreation?: boolean }) {
    return new Promise<string>((resolve, reject) => {
      const upload = new tus.Upload(bytes, {
        endpoint: `${base}/api/v1/cases/${opts.caseId ?? caseId}/bundles`,
        headers: { authorization: `Bearer ${opts.token}` },
        metadata: Object.fromEntries(Object.entries(meta).filter((e): e is [string, string] => e[1] !== undefined)),
        chunkSize: opts.chunkSize ?? Infinity,
        uploadDataDuringCreation: opts.withCreation ?? false,
        retryDelays: null,
        onError: reject,
        onSuccess: () => resolve(upload.url!),
      });
      upload.start();
    });
  }

  /** A raw tus request over loopback. */
  function raw(method: string, url: string, token: string, headers: Record<string, string> = {}, body?: Buffer) {
    return fetch(url.startsWith('http') ? url : `${base}${url}`, { method, headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${token}`, ...headers }, ...(body && { body: new Uint8Array(body) }) });
  }

  async function bundlesOf(as: TestUser, id = caseId) {
    const res = await h.request('GET', `/api/v1/cases/${id}/bundles`, { as });
    expect(res.statusCode).toBe(200);
    return res.json().items as { id: string; filename: string; status: string; statusReason: string | null; size: number; canOpen: boolean; recipients: string[]; expiresAt: string | null; uploadedAt: string | null }[];
  }

  const idFrom = (url: string) => url.split('/').pop()!;

  it('publishes the vendor recipient, and keeps its identity in a 0600 file that no response carries', async () => {
    const res = await h.request('GET', '/api/v1/diagnostics/recipient');
    expect(res.statusCode).toBe(200);
    expect(res.json().recipient).toMatch(/^age1[a-z0-9]{58}$/);
    expect(res.json().fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    const file = h.config.bundles.identityFile;
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const secret = fs.readFileSync(file, 'utf8').match(/AGE-SECRET-KEY-1\S+/)![0];
    expect(res.body).not.toContain(secret);
  });

  it('takes a real bundle from the tus client, checks it, lists it, puts it on the thread and tells the assignee', async () => {
    const bundle = await makeBundle(sampleFiles, [vendorRecipient]);
    const url = await tusUpload(bundle.bytes, { filename: 'xray-vault-01.tar.gz.age', sha256: bundle.sha256, recipients: 'vendor', collectorVersion: '1.0.0' }, { token: customer.token, chunkSize: 1000 });
    expect(url).toMatch(new RegExp(`^${base}/api/v1/cases/${caseId}/bundles/[0-9a-f-]+$`));
    const listed = (await bundlesOf(customer)).find((b) => b.id === idFrom(url))!;
    expect(listed).toMatchObject({ filename: 'xray-vault-01.tar.gz.age', status: 'available', size: bundle.bytes.length, recipients: ['vendor'], canOpen: false });
    expect(Date.parse(listed.expiresAt!) - Date.parse(listed.uploadedAt!)).toBe(90 * DAY);
    expect((await bundlesOf(engineer)).find((b) => b.id === listed.id)?.canOpen).toBe(true);

    const thread = (await h.request('GET', `/api/v1/cases/${caseId}/comments`, { as: customer })).json();
    expect(thread.events.map((e: { text: string }) => e.text)).toContain(`Bundle xray-vault-01.tar.gz.age uploaded (${bundle.bytes.length} bytes)`);
    const notes = (await h.request('GET', '/api/v1/me/notifications', { as: engineer })).json().items;
    expect(notes.some((n: { kind: string; caseId: string }) => n.kind === 'case.bundle_uploaded' && n.caseId === caseId)).toBe(true);
    const audit = await h.store.db.selectFrom('audit_log').select('action').where('target_id', '=', listed.id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['bundle.upload_start', 'bundle.upload']));
  });

  it('lets an engineer read the manifest and one file, decrypted on the fly, auditing each access', async () => {
    const bundle = await makeBundle(sampleFiles, [vendorRecipient]);
    const url = await tusUpload(bundle.bytes, { filename: 'read-me.tar.gz.age', sha256: bundle.sha256, recipients: 'vendor' }, { token: customer.token, withCreation: true });
    const id = idFrom(url);

    const manifest = await h.request('GET', `/api/v1/bundles/${id}/manifest`, { as: engineer });
    expect(manifest.statusCode).toBe(200);
    expect(manifest.json().manifest).toMatchObject({ host: 'vault-01' });
    expect(manifest.json().files).toEqual(expect.arrayContaining([{ path: 'logs/vault.log', size: Buffer.byteLength(sampleFiles['logs/vault.log']) }, { path: 'bin/core.dump', size: 7 }]));
    expect(manifest.json().masking).toEqual([{ rule: 'password', count: 12 }, { rule: 'aws_secret_key', count: 2 }]);

    const log = await h.request('GET', `/api/v1/bundles/${id}/files?path=logs/vault.log`, { as: engineer });
    expect(log.statusCode).toBe(200);
    expect(log.headers['content-type']).toMatch(/^text\/plain/);
    expect(log.body).toBe(sampleFiles['logs/vault.log']);
    const dump = await h.request('GET', `/api/v1/bundles/${id}/files?path=bin/core.dump`, { as: engineer });
    expect(dump.headers['content-type']).toBe('application/octet-stream');
    expect(dump.rawPayload).toEqual(sampleFiles['bin/core.dump']);
    expect((await h.request('GET', `/api/v1/bundles/${id}/files?path=nope.txt`, { as: engineer })).statusCode).toBe(404);

    const download = await h.request('GET', `/api/v1/bundles/${id}/download`, { as: engineer });
    expect(download.headers['content-disposition']).toBe('attachment; filename=read-me.tar.gz.age');
    expect(sha256(download.rawPayload)).toBe(bundle.sha256);

    // Customers see the bundle but do not open it; to the answering service, which sees no case, it does not exist.
    expect((await h.request('GET', `/api/v1/bundles/${id}/manifest`, { as: customer })).statusCode).toBe(404);
    expect((await h.request('GET', `/api/v1/bundles/${id}/manifest`, { as: await h.newUser('advisor') })).statusCode).toBe(404);

    const audit = await h.store.db.selectFrom('audit_log').select(['action', 'actor_id', 'after']).where('target_id', '=', id).orderBy('at').execute();
    const reads = audit.filter((a) => a.action.startsWith('bundle.') && a.actor_id === engineer.id);
    expect(reads.map((a) => a.action)).toEqual(['bundle.manifest', 'bundle.read_file', 'bundle.read_file', 'bundle.read_file', 'bundle.download']);
    expect(JSON.parse(reads[1]!.after!).path).toBe('logs/vault.log');
  });

  it('reads a tar.zst bundle as it reads a tar.gz one', async () => {
    const big = Array.from({ length: 20_000 }, (_, i) => `2026-12-01T10:${String(i % 60).padStart(2, '0')}:00Z INFO line ${i}`).join('\n');
    const bundle = await makeBundle({ ...sampleFiles, 'logs/big.log': big }, [vendorRecipient], 'zstd');
    const url = await tusUpload(bundle.bytes, { filename: 'zstd.tar.zst.age', sha256: bundle.sha256, recipients: 'vendor' }, { token: customer.token });
    const id = idFrom(url);
    const manifest = await h.request('GET', `/api/v1/bundles/${id}/manifest`, { as: engineer });
    expect(manifest.statusCode, manifest.body).toBe(200);
    expect(manifest.json().files).toEqual(expect.arrayContaining([{ path: 'logs/big.log', size: Buffer.byteLength(big) }]));
    const log = await h.request('GET', `/api/v1/bundles/${id}/files?path=logs/big.log`, { as: engineer });
    expect(log.statusCode).toBe(200);
    expect(log.body).toBe(big);
    expect((await h.request('GET', `/api/v1/bundles/${id}/files?path=bin/core.dump`, { as: engineer })).rawPayload).toEqual(sampleFiles['bin/core.dump']);
  });

  it('resumes from the last byte stored after the connection drops mid-PATCH', async () => {
    const bundle = await makeBundle({ ...sampleFiles, 'logs/big.log': 'line of log\n'.repeat(200_000) }, [vendorRecipient]);
    const created = await raw('POST', `/api/v1/cases/${caseId}/bundles`, customer.token, {
      'upload-length': String(bundle.bytes.length),
      'upload-metadata': uploadMetadata({ filename: 'dropped.tar.gz.age', sha256: bundle.sha256, recipients: 'vendor' }),
    });
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;

    // Send the first half; once the server has stored some of it, cut the connection before the rest.
    const half = Math.floor(bundle.bytes.length / 2);
    const stored = path.join(h.config.attachments.dir, 'bundles', idFrom(location));
    await new Promise<void>((resolve) => {
      const req = http.request(location, { method: 'PATCH', headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${customer.token}`, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'content-length': String(bundle.bytes.length) } });
      req.on('error', () => resolve());
      req.write(bundle.bytes.subarray(0, half), async () => {
        for (let i = 0; i < 400 && fs.statSync(stored).size === 0; i++) await new Promise((r) => setTimeout(r, 50));
        req.destroy();
        resolve();
      });
    });
    let offset = 0;
    for (let i = 0; i < 200 && offset === 0; i++) {
      offset = Number((await raw('HEAD', location, customer.token)).headers.get('upload-offset'));
      if (offset === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThanOrEqual(half);
    expect((await bundlesOf(customer)).find((b) => b.id === idFrom(location))?.status).toBe('uploading');

    const rest = await raw('PATCH', location, customer.token, { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' }, bundle.bytes.subarray(offset));
    expect(rest.status).toBe(204);
    expect((await bundlesOf(customer)).find((b) => b.id === idFrom(location))?.status).toBe('available');
    // A client whose last answer was lost asks again and learns the upload is complete.
    const again = await raw('HEAD', location, customer.token);
    expect(again.status).toBe(200);
    expect(again.headers.get('upload-offset')).toBe(String(bundle.bytes.length));
    const read = await h.request('GET', `/api/v1/bundles/${idFrom(location)}/files?path=logs/big.log`, { as: engineer });
    expect(read.body.length).toBe('line of log\n'.length * 200_000);
  });

  it('rejects a bundle whose SHA-256 does not match and deletes the file', async () => {
    const bundle = await makeBundle(sampleFiles, [vendorRecipient]);
    const created = await raw('POST', `/api/v1/cases/${caseId}/bundles`, customer.token, {
      'upload-length': String(bundle.bytes.length),
      'upload-metadata': uploadMetadata({ filename: 'bad-sum.tar.gz.age', sha256: 'a'.repeat(64), recipients: 'vendor' }),
    });
    const location = created.headers.get('location')!;
    const res = await raw('PATCH', location, customer.token, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, bundle.bytes);
    expect(res.status).toBe(460);
    expect((await res.json()).code).toBe('checksum_mismatch');
    const b = (await bundlesOf(customer)).find((x) => x.id === idFrom(location))!;
    expect(b).toMatchObject({ status: 'rejected', statusReason: 'checksum_mismatch' });
    expect(fs.existsSync(path.join(h.config.attachments.dir, 'bundles', b.id))).toBe(false);
  });

  it('never stores plaintext: a file without the age header is refused from its first bytes', async () => {
    const plain = Buffer.from('password=hunter2\n'.repeat(100));
    const created = await raw('POST', `/api/v1/cases/${caseId}/bundles`, customer.token, {
      'upload-length': String(plain.length),
      'upload-metadata': uploadMetadata({ filename: 'plain.tar.gz', sha256: sha256(plain), recipients: 'vendor' }),
    });
    const location = created.headers.get('location')!;
    const res = await raw('PATCH', location, customer.token, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, plain);
    expect(res.status).toBe(422);
    expect((await res.json()).code).toBe('not_encrypted');
    const b = (await bundlesOf(customer)).find((x) => x.id === idFrom(location))!;
    expect(b).toMatchObject({ status: 'rejected', statusReason: 'not_encrypted' });
    expect(fs.existsSync(path.join(h.config.attachments.dir, 'bundles', b.id))).toBe(false);
    // Nor with the data sent at creation.
    const inline = await raw('POST', `/api/v1/cases/${caseId}/bundles`, customer.token, {
      'upload-length': String(plain.length),
      'upload-metadata': uploadMetadata({ filename: 'plain2.tar.gz', sha256: sha256(plain), recipients: 'vendor' }),
      'content-type': 'application/offset+octet-stream',
    }, plain);
    expect(inline.status).toBe(422);
  });

  it('refuses a bundle over BUNDLE_MAX_BYTES at creation, and bad metadata with field errors', async () => {
    const big = await raw('POST', `/api/v1/cases/${caseId}/bundles`, customer.token, {
      'upload-length': String(8 * 1024 * 1024 + 1),
      'upload-metadata': uploadMetadata({ filename: 'big.tar.gz.age', sha256: 'a'.repeat(64), recipients: 'vendor' }),
    });
    expect(big.status).toBe(413);
    expect((await big.json()).code).toBe('too_large');
    const bad = await raw('POST', `/api/v1/cases/${caseId}/bundles`, customer.token, { 'upload-length': '10', 'upload-metadata': uploadMetadata({ filename: 'x/y', sha256: 'nope', recipients: 'everyone' }) });
    expect(bad.status).toBe(400);
    const paths = (await bad.json()).errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['headers.upload-metadata.filename', 'headers.upload-metadata.sha256']));
  });

  it('gives the collector an upload token that uploads to its one case and can do nothing else', async () => {
    const made = await h.request('POST', `/api/v1/cases/${caseId}/upload-tokens`, { as: customer });
    expect(made.statusCode).toBe(201);
    const { token, expiresAt } = made.json();
    expect(Date.parse(expiresAt) - h.clock.now().getTime()).toBe(DAY);
    const bundle = await makeBundle(sampleFiles, [vendorRecipient]);
    const url = await tusUpload(bundle.bytes, { filename: 'by-token.tar.gz.age', sha256: bundle.sha256, recipients: 'vendor' }, { token });
    expect((await bundlesOf(customer)).find((b) => b.id === idFrom(url))).toMatchObject({ status: 'available' });

    const asToken = (method: 'GET' | 'POST', url: string) => h.app.inject({ method, url, headers: { authorization: `Bearer ${token}` } });
    expect((await asToken('GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(403);
    expect((await asToken('GET', `/api/v1/cases/${caseId}/bundles`)).statusCode).toBe(403);
    expect((await asToken('GET', '/api/v1/me')).statusCode).toBe(403);
    expect((await asToken('POST', `/api/v1/cases/${caseId}/upload-tokens`)).statusCode).toBe(403);
    const otherCase = await h.openCase(customer, { subject: 'Another case' });
    const other = otherCase.id;
    const elsewhere = await raw('POST', `/api/v1/cases/${other}/bundles`, token, { 'upload-length': '100', 'upload-metadata': uploadMetadata({ filename: 'x.age', sha256: 'a'.repeat(64), recipients: 'vendor' }) });
    expect(elsewhere.status).toBe(403);
    // By number, as the collector's --case names it: the token's own case, and no other.
    const ownNumber = (await h.request('GET', `/api/v1/cases/${caseId}`, { as: customer })).json().number as string;
    const byNumber = await new Promise<string>((resolve, reject) => {
      const upload = new tus.Upload(bundle.bytes, {
        endpoint: `${base}/api/v1/cases/${ownNumber}/bundles`,
        headers: { authorization: `Bearer ${token}` },
        metadata: { filename: 'by-number.tar.gz.age', sha256: bundle.sha256, recipients: 'vendor' },
        chunkSize: 300,
        retryDelays: null,
        onError: reject,
        onSuccess: () => resolve(upload.url!),
      });
      upload.start();
    });
    expect(byNumber).toContain(`/api/v1/cases/${ownNumber}/bundles/`);
    expect((await bundlesOf(customer)).find((b) => b.id === idFrom(byNumber))).toMatchObject({ status: 'available', filename: 'by-number.tar.gz.age' });
    const otherNumber = (await h.request('GET', `/api/v1/cases/${other}`, { as: customer })).json().number as string;
    const elsewhereByNumber = await raw('POST', `/api/v1/cases/${otherNumber}/bundles`, token, { 'upload-length': '100', 'upload-metadata': uploadMetadata({ filename: 'x.age', sha256: 'a'.repeat(64), recipients: 'vendor' }) });
    expect(elsewhereByNumber.status).toBe(403);
    expect((await raw('POST', '/api/v1/cases/CB-999999/bundles', token, { 'upload-length': '100' })).status).toBe(404);

    h.clock.advance(DAY + 1000);
    const late = await raw('POST', `/api/v1/cases/${caseId}/bundles`, token, { 'upload-length': '100', 'upload-metadata': uploadMetadata({ filename: 'x.age', sha256: 'a'.repeat(64), recipients: 'vendor' }) });
    expect(late.status).toBe(401);
  });

  it("answers another organisation's user 404 and a lapsed customer maintenance_lapsed", async () => {
    const stranger = (await h.newEntitledCustomer('customer_admin')).user;
    const meta = { 'upload-length': '100', 'upload-metadata': uploadMetadata({ filename: 'x.age', sha256: 'a'.repeat(64), recipients: 'vendor' }) };
    expect((await raw('POST', `/api/v1/cases/${caseId}/bundles`, stranger.token, meta)).status).toBe(404);
    // Nor by the case's number: a number names a case only for those who see it.
    const number = (await h.request('GET', `/api/v1/cases/${caseId}`, { as: customer })).json().number as string;
    expect((await raw('POST', `/api/v1/cases/${number}/bundles`, stranger.token, meta)).status).toBe(404);
    const lapsed = await h.newEntitledCustomer('customer_admin');
    const lapsedCase = (await h.openCase(lapsed.user)).id;
    await h.store.read.organizations.setLapsedSince(lapsed.organization.id, '2026-01-01', h.clock.now().toISOString());
    const res = await raw('POST', `/api/v1/cases/${lapsedCase}/bundles`, lapsed.user.token, meta);
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('maintenance_lapsed');
  });

  it('lists a partner-only bundle for staff but does not let them open it', async () => {
    const { organization, user } = await h.newEntitledCustomer('customer_admin');
    const partnerOrg = await h.newOrganization('partner');
    const partnerUser = await h.newUser('partner_user', partnerOrg.id);
    await h.store.read.accounts.addDelegation(organization.id, partnerOrg.id, null, h.clock.now().toISOString());
    const key = await newAgeKey();
    const set = await h.request('PUT', `/api/v1/organizations/${partnerOrg.id}/bundle-recipient`, { as: partnerUser, body: { recipient: key.recipient } });
    expect(set.statusCode).toBe(200);
    expect((await h.request('PUT', `/api/v1/organizations/${partnerOrg.id}/bundle-recipient`, { as: user, body: { recipient: key.recipient } })).statusCode).toBe(404);
    const id = (await h.openCase(user)).id;

    const bundle = await makeBundle(sampleFiles, [key.recipient]);
    const url = await tusUpload(bundle.bytes, { filename: 'for-partner.tar.gz.age', sha256: bundle.sha256, recipients: `partner:${partnerOrg.id}` }, { token: user.token, caseId: id });
    const listed = (await bundlesOf(engineer, id)).find((b) => b.id === idFrom(url))!;
    expect(listed).toMatchObject({ status: 'available', recipients: [`partner:${partnerOrg.id}`], canOpen: false });
    expect((await bundlesOf(partnerUser, id)).map((b) => b.id)).toContain(listed.id);
    const open = await h.request('GET', `/api/v1/bundles/${listed.id}/manifest`, { as: engineer });
    expect(open.statusCode).toBe(403);
    expect(open.json().code).toBe('not_a_recipient');

    // A partner without a key of its own, or one the customer has not delegated to, cannot be named.
    const stranger = await h.newOrganization('partner');
    const refused = await raw('POST', `/api/v1/cases/${id}/bundles`, user.token, { 'upload-length': '100', 'upload-metadata': uploadMetadata({ filename: 'x.age', sha256: 'a'.repeat(64), recipients: `partner:${stranger.id}` }) });
    expect(refused.status).toBe(400);
  });

  it('expires bundles when retention ends, keeps the record, and lets staff delete one early with a reason', async () => {
    const bundle = await makeBundle(sampleFiles, [vendorRecipient]);
    const first = idFrom(await tusUpload(bundle.bytes, { filename: 'old.tar.gz.age', sha256: bundle.sha256, recipients: 'vendor' }, { token: customer.token }));
    const second = idFrom(await tusUpload(bundle.bytes, { filename: 'deleted.tar.gz.age', sha256: bundle.sha256, recipients: 'vendor' }, { token: customer.token }));

    expect((await h.request('DELETE', `/api/v1/bundles/${second}`, { as: customer, body: { reason: 'not wanted' } })).statusCode).toBe(404);
    const del = await h.request('DELETE', `/api/v1/bundles/${second}`, { as: engineer, body: { reason: 'Uploaded to the wrong case' } });
    expect(del.statusCode).toBe(204);
    expect((await bundlesOf(customer)).find((b) => b.id === second)).toMatchObject({ status: 'expired', statusReason: 'deleted' });
    expect((await h.request('GET', `/api/v1/bundles/${second}/manifest`, { as: engineer })).statusCode).toBe(410);
    const deletion = await h.store.db.selectFrom('audit_log').select('after').where('target_id', '=', second).where('action', '=', 'bundle.delete').executeTakeFirstOrThrow();
    expect(JSON.parse(deletion.after!).reason).toBe('Uploaded to the wrong case');

    h.clock.advance(89 * DAY);
    await h.services.diagnostics.expireDue(systemCtx('test'));
    expect((await bundlesOf(customer)).find((b) => b.id === first)?.status).toBe('available');
    h.clock.advance(2 * DAY);
    await h.services.diagnostics.expireDue(systemCtx('test'));
    expect((await bundlesOf(customer)).find((b) => b.id === first)).toMatchObject({ status: 'expired', statusReason: 'retention' });
    expect(fs.existsSync(path.join(h.config.attachments.dir, 'bundles', first))).toBe(false);
    const expiry = await h.store.db.selectFrom('audit_log').select('action').where('target_id', '=', first).where('action', '=', 'bundle.expire').execute();
    expect(expiry).toHaveLength(1);
  });

  it('expires a bundle 30 days after its case closes when that comes first', async () => {
    const { user } = await h.newEntitledCustomer('customer_admin');
    const c = await h.openCase(user);
    const bundle = await makeBundle(sampleFiles, [vendorRecipient]);
    const id = idFrom(await tusUpload(bundle.bytes, { filename: 'closing.tar.gz.age', sha256: bundle.sha256, recipients: 'vendor' }, { token: user.token, caseId: c.id }));
    expect((await h.request('PATCH', `/api/v1/cases/${c.id}`, { as: engineer, body: { status: 'closed' } })).statusCode).toBe(200);
    const listed = (await bundlesOf(user, c.id)).find((b) => b.id === id)!;
    expect(Date.parse(listed.expiresAt!) - h.clock.now().getTime()).toBeLessThanOrEqual(30 * DAY);
    h.clock.advance(31 * DAY);
    await h.services.diagnostics.expireDue(systemCtx('test'));
    expect((await bundlesOf(user, c.id)).find((b) => b.id === id)).toMatchObject({ status: 'expired', statusReason: 'retention' });
  });
});
