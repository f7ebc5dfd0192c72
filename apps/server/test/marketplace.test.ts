import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../src/modules/identity/actor.ts';
import { publishCollector } from '../src/modules/marketplace/collector-release.ts';
import { dialects } from './support/database.ts';
import { Harness, type TestUser } from './support/harness.ts';
import { multipartForm } from './support/multipart.ts';

describe.each(dialects)('the marketplace on %s', (dialect) => {
  let h: Harness;
  let admin: TestUser;
  let customer: TestUser;
  const binary = Buffer.from('#!/bin/sh\necho collector\n'.repeat(500));
  const sum = createHash('sha256').update(binary).digest('hex');

  beforeAll(async () => {
    h = await Harness.start(dialect);
    admin = await h.newUser('admin');
    customer = (await h.newEntitledCustomer('customer_user')).user;
  });
  afterAll(() => h.close());

  const publish = (as: TestUser, slug: string, fields: Record<string, string>, content = binary) => {
    const form = multipartForm(fields, { field: 'file', filename: 'xray-linux-x64', content });
    return h.app.inject({ method: 'POST', url: `/api/v1/marketplace/${slug}/versions`, headers: { ...form.headers, authorization: `Bearer ${as.token}` }, payload: form.payload });
  };

  it('lets an administrator create an item and publish versions, computing size and SHA-256 while streaming', async () => {
    const item = { slug: 'xray-collector', name: 'X-Ray collector', kind: 'tool', summary: { en: 'Collects logs and configuration for support', fr: 'Collecte les journaux et la configuration pour le support' } };
    expect((await h.request('POST', '/api/v1/marketplace', { as: customer, body: item })).statusCode).toBe(403);
    const created = await h.request('POST', '/api/v1/marketplace', { as: admin, body: item });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ slug: 'xray-collector', latest: null });
    expect((await h.request('POST', '/api/v1/marketplace', { as: admin, body: item })).statusCode).toBe(409);

    expect((await publish(customer, 'xray-collector', { version: '1.0.0', platform: 'linux-x64', notes: 'First' })).statusCode).toBe(403);
    const v1 = await publish(admin, 'xray-collector', { version: '1.0.0', platform: 'linux-x64', notes: 'First release' });
    expect(v1.statusCode).toBe(201);
    expect(v1.json()).toMatchObject({ version: '1.0.0', platform: 'linux-x64', size: binary.length, sha256: sum });
    h.clock.advance(60_000);
    const v2 = await publish(admin, 'xray-collector', { version: '1.1.0', platform: 'linux-x64', notes: 'Faster' }, Buffer.from('v2'));
    expect(v2.statusCode).toBe(201);
    expect((await publish(admin, 'xray-collector', { version: '1.1.0', platform: 'linux-x64', notes: 'again' })).statusCode).toBe(409);
    const bad = await publish(admin, 'xray-collector', { version: 'not a version!', platform: 'linux-x64' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('body.version');
  });

  it('shows customers the catalogue with search, every version and its checksum, in both languages', async () => {
    const list = await h.request('GET', '/api/v1/marketplace?q=logs', { as: customer });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0]).toMatchObject({ slug: 'xray-collector', kind: 'tool', latest: { version: '1.1.0' }, summary: { fr: 'Collecte les journaux et la configuration pour le support' } });
    expect((await h.request('GET', '/api/v1/marketplace?q=nothing-like-this', { as: customer })).json().items).toEqual([]);
    const detail = await h.request('GET', '/api/v1/marketplace/xray-collector', { as: customer });
    expect(detail.json().versions.map((v: { version: string }) => v.version)).toEqual(['1.1.0', '1.0.0']);
    expect(detail.json().versions[1]).toMatchObject({ sha256: sum, notes: 'First release' });
  });

  it('streams a download with the SHA-256 as its ETag', async () => {
    const res = await h.request('GET', '/api/v1/marketplace/xray-collector/versions/1.0.0/download', { as: customer });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe(`"${sum}"`);
    expect(res.rawPayload).toEqual(binary);
    expect(res.headers['content-disposition']).toBe('attachment; filename=xray-linux-x64');
    const cached = await h.request('GET', '/api/v1/marketplace/xray-collector/versions/1.0.0/download', { as: customer, headers: { 'if-none-match': `"${sum}"` } });
    expect(cached.statusCode).toBe(304);
  });

  it('retires a version: gone from the list and the downloads, still shown to administrators', async () => {
    expect((await h.request('POST', '/api/v1/marketplace/xray-collector/versions/1.1.0/retire', { as: customer, body: {} })).statusCode).toBe(403);
    expect((await h.request('POST', '/api/v1/marketplace/xray-collector/versions/1.1.0/retire', { as: admin, body: {} })).statusCode).toBe(204);
    expect((await h.request('GET', '/api/v1/marketplace', { as: customer })).json().items[0].latest.version).toBe('1.0.0');
    expect((await h.request('GET', '/api/v1/marketplace/xray-collector/versions/1.1.0/download', { as: customer })).statusCode).toBe(404);
    expect((await h.request('GET', '/api/v1/marketplace/xray-collector', { as: customer })).json().versions).toHaveLength(1);
    expect((await h.request('GET', '/api/v1/marketplace/xray-collector', { as: admin })).json().versions[0].retiredAt).not.toBeNull();
  });

  it('refuses downloads to a lapsed customer', async () => {
    const lapsed = await h.newEntitledCustomer('customer_user');
    await h.store.read.organizations.setLapsedSince(lapsed.organization.id, '2026-01-01', h.clock.now().toISOString());
    const res = await h.request('GET', '/api/v1/marketplace/xray-collector/versions/1.0.0/download', { as: lapsed.user });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('maintenance_lapsed');
  });

  it('publishes the built collector as casebook-collect once, with its own version and SHA-256, for customers to download and run', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-collector-build-'));
    const built = path.join(dir, 'casebook-collect.mjs');
    execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../../collector/build.mjs'), built]);
    const version = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../collector/package.json'), 'utf8')).version as string;

    const first = await publishCollector(h.services.marketplace, systemCtx('first-start'), built, { onlyIfEmpty: true });
    expect(first).toMatchObject({ version, platform: 'any', size: fs.statSync(built).size, sha256: createHash('sha256').update(fs.readFileSync(built)).digest('hex') });
    // Once the item has a version, a start publishes nothing; the script neither, for the same version.
    expect(await publishCollector(h.services.marketplace, systemCtx('first-start'), built, { onlyIfEmpty: true })).toBeNull();
    expect(await publishCollector(h.services.marketplace, systemCtx('publish-collector'), built, { onlyIfEmpty: false })).toBeNull();

    const item = (await h.request('GET', '/api/v1/marketplace/casebook-collect', { as: customer })).json();
    expect(item).toMatchObject({ kind: 'tool', latest: { version, sha256: first!.sha256 }, summary: { fr: expect.stringContaining('Node.js 20') } });
    const download = await h.request('GET', `/api/v1/marketplace/casebook-collect/versions/${version}/download`, { as: customer });
    const fetched = path.join(dir, 'downloaded.mjs');
    fs.writeFileSync(fetched, download.rawPayload);
    expect(execFileSync(process.execPath, [fetched, '--version'], { cwd: dir }).toString().trim()).toBe(version);
    const audit = await h.store.db.selectFrom('audit_log').select(['action', 'actor_label']).where('action', 'in', ['marketplace.create', 'marketplace.publish']).where('target_type', '=', 'marketplace_item').execute();
    expect(audit.filter((a) => a.actor_label === 'first-start').map((a) => a.action).sort()).toEqual(['marketplace.create', 'marketplace.publish']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to publish a file that is not a built collector, and a collector that is not there', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-collector-bad-'));
    const bogus = path.join(dir, 'casebook-collect.mjs');
    fs.writeFileSync(bogus, 'console.log("not a version")\n');
    await expect(publishCollector(h.services.marketplace, systemCtx('publish-collector'), bogus, { onlyIfEmpty: false })).rejects.toThrow(/printed no version/);
    await expect(publishCollector(h.services.marketplace, systemCtx('publish-collector'), path.join(dir, 'missing.mjs'), { onlyIfEmpty: false })).rejects.toThrow(/no built collector/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
