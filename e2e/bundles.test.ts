/// <reference lib="dom" />
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeBundle, sampleFiles, uploadMetadata } from '../apps/server/test/support/bundles.ts';
import { multipartForm } from '../apps/server/test/support/multipart.ts';
import { signedIn } from './support/api-client.ts';
import { axeViolations, launchBrowser, overflow, pages, screenshot, switchLanguage } from './support/browser.ts';
import { startServer, type ServerProcess } from './support/server-process.ts';

describe('diagnostic bundles and the marketplace in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  let caseId: string;
  const password = 'a long enough password';
  const customer = { email: 'carla@bundle-customer.test', password };
  const engineer = { email: 'ed@vendor.test', password };
  const admin = { email: 'ops@vendor.test', password: 'a long admin password' };

  beforeAll(async () => {
    server = await startServer({ CASEBOOK_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-bundles-')), CASEBOOK_ADMIN_EMAIL: admin.email, CASEBOOK_ADMIN_PASSWORD: admin.password });
    const { call } = await signedIn(server.url, admin.email, admin.password);
    const me = await call<{ organizationId: string }>('GET', '/api/v1/me');
    await call('POST', `/api/v1/organizations/${me.organizationId}/users`, { email: engineer.email, name: 'Ed Engineer', role: 'engineer', region: 'EMEA', password });
    const org = await call('POST', '/api/v1/organizations', { name: 'Bundle Customer', kind: 'customer', region: 'EMEA' });
    await call('POST', `/api/v1/organizations/${org.id}/contracts`, { plan: 'standard', startsOn: '2020-01-01', endsOn: '2099-12-31', products: ['PAM'] });
    await call('POST', `/api/v1/organizations/${org.id}/users`, { email: customer.email, name: 'Carla Customer', role: 'customer_admin', password });
    await call('POST', '/api/v1/marketplace', { slug: 'xray-collector', name: 'X-Ray collector', kind: 'tool', summary: { en: 'Gathers logs and configuration for support', fr: 'Rassemble journaux et configuration pour le support' } });
    const adminToken = (await call<{ token: string }>('POST', '/api/v1/auth/tokens', { name: 'e2e' })).token;
    const form = multipartForm({ version: '1.0.0', platform: 'linux-x64', notes: 'First release' }, { field: 'file', filename: 'xray-linux-x64', content: Buffer.from('#!/bin/sh\necho xray\n') });
    const published = await fetch(`${server.url}/api/v1/marketplace/xray-collector/versions`, { method: 'POST', headers: { ...form.headers, authorization: `Bearer ${adminToken}` }, body: new Uint8Array(form.payload) });
    expect(published.status).toBe(201);

    const asCustomer = await signedIn(server.url, customer.email, customer.password);
    const token = (await asCustomer.call<{ token: string }>('POST', '/api/v1/auth/tokens', { name: 'e2e' })).token;
    caseId = (await asCustomer.call('POST', '/api/v1/cases', { subject: 'Vault stops at night', description: 'x', priority: 'moderate', product: 'PAM' })).id;
    const recipient = ((await (await fetch(`${server.url}/api/v1/diagnostics/recipient`)).json()) as { recipient: string }).recipient;
    const bundle = await makeBundle(sampleFiles, [recipient]);
    const created = await fetch(`${server.url}/api/v1/cases/${caseId}/bundles`, {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${token}`, 'upload-length': String(bundle.bytes.length), 'upload-metadata': uploadMetadata({ filename: 'xray-vault-01.tar.gz.age', sha256: bundle.sha256, recipients: 'vendor' }), 'content-type': 'application/offset+octet-stream' },
      body: new Uint8Array(bundle.bytes),
    });
    expect(created.status).toBe(201);
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const { signIn, expectNoPageErrors } = pages(() => browser, () => server.url);
  afterEach(expectNoPageErrors);

  it('lets an engineer open a bundle: the manifest tree, masking counts and a searchable log', async () => {
    const page = await signIn(engineer);
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByRole('heading', { name: 'Diagnostic bundles' }).waitFor();
    await page.getByText('Carla Customer uploaded the diagnostic bundle xray-vault-01.tar.gz.age', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByText('password: 12').waitFor();
    await page.getByRole('button', { name: 'vault.log' }).click();
    await page.getByText('vault stopped: out of memory').waitFor();
    await page.getByLabel('Search this file').fill('ERROR');
    await page.getByText('1 of 3 lines').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'bundle-panel-en');
    await page.getByRole('button', { name: 'FR' }).click();
    await page.getByRole('heading', { name: 'Lots de diagnostic' }).waitFor();
    await screenshot(page, 'bundle-panel-fr');
  });

  it('shows customers the marketplace with checksums and how to verify them, at 375 px, in both languages', async () => {
    const page = await signIn(customer, { width: 375, height: 800 });
    await page.goto(`${server.url}/marketplace`);
    await page.getByRole('link', { name: 'X-Ray collector' }).click();
    await page.getByText('sha256sum xray-linux-x64').waitFor();
    await expect(page.getByRole('link', { name: 'Download xray-linux-x64' }).isVisible()).resolves.toBe(true);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'marketplace-item-en');
    await switchLanguage(page, 'FR');
    await page.getByRole('heading', { name: 'Vérifier un téléchargement' }).waitFor();
    await screenshot(page, 'marketplace-item-fr');
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByRole('button', { name: 'Créer un jeton de dépôt pour le collecteur' }).click();
    await page.getByText('il n’est affiché qu’une fois', { exact: false }).waitFor();
    // The command to run names the case by its number and keeps the token out of the command line.
    await page.getByText(`node casebook-collect.mjs collect --upload --case CB-000001 --url ${server.url}`, { exact: false }).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'upload-token-fr-375');
  });

  it('lets an engineer delete a bundle early, in French, only with a reason, which the audit log keeps', async () => {
    const page = await signIn(engineer);
    await page.goto(`${server.url}/cases/${caseId}`);
    await switchLanguage(page, 'FR');
    await page.getByRole('heading', { name: 'Lots de diagnostic' }).waitFor();
    await page.getByRole('button', { name: 'Supprimer xray-vault-01.tar.gz.age' }).click();
    const dialog = page.getByRole('dialog', { name: 'Supprimer xray-vault-01.tar.gz.age' });
    await dialog.getByRole('button', { name: 'Supprimer le lot' }).click();
    await dialog.getByText('Renseignez ce champ.').waitFor();
    await dialog.getByLabel('Pourquoi le supprimer maintenant').fill('Le client a joint le mauvais serveur');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'bundle-delete-fr');
    await dialog.getByRole('button', { name: 'Supprimer le lot' }).click();
    await dialog.waitFor({ state: 'detached' });
    const listed = page.getByRole('listitem').filter({ hasText: 'xray-vault-01.tar.gz.age' });
    await listed.getByText('Expiré', { exact: true }).waitFor();
    await listed.getByText('supprimé par le support', { exact: false }).waitFor();
    expect(await listed.getByRole('button', { name: /Supprimer/ }).count()).toBe(0);
    const { call } = await signedIn(server.url, admin.email, admin.password);
    const audit = await call<{ items: { action: string; after: { reason?: string } | null }[] }>('GET', '/api/v1/audit?action=bundle.delete');
    expect(audit.items.map((a) => a.after?.reason)).toEqual(['Le client a joint le mauvais serveur']);
  });
});
