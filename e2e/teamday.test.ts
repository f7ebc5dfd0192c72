/// <reference lib="dom" />
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './support/api-client.ts';
import { axeViolations, launchBrowser, overflow, pages, screenshot, switchLanguage } from './support/browser.ts';
import { startServer, type ServerProcess } from './support/server-process.ts';

/** A support team's day in Chromium: triage order, live search, canned replies, bulk changes. */
describe("the support team's day in Chromium", () => {
  let server: ServerProcess;
  let browser: Browser;
  let call: Awaited<ReturnType<typeof signedIn>>['call'];
  const password = 'a long enough password';
  const admin = { email: 'ops@teamday.test', password: 'a long admin password' };
  const engineer = { email: 'eve@teamday.test', password };
  const customer = { email: 'ana@northwind.test', password };
  let engineerId: string;
  let urgent: { id: string; number: string };
  let overdue: { id: string; number: string };
  let quiet: { id: string; number: string };

  beforeAll(async () => {
    server = await startServer({ CASEBOOK_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-teamday-')), CASEBOOK_ADMIN_EMAIL: admin.email, CASEBOOK_ADMIN_PASSWORD: admin.password });
    ({ call } = await signedIn(server.url, admin.email, admin.password));
    const me = await call<{ organizationId: string }>('GET', '/api/v1/me');
    engineerId = (await call('POST', `/api/v1/organizations/${me.organizationId}/users`, { email: engineer.email, name: 'Eve Engineer', role: 'engineer', region: 'EMEA', password })).id;
    const org = await call('POST', '/api/v1/organizations', { name: 'Northwind Bank', kind: 'customer', region: 'EMEA' });
    await call('POST', `/api/v1/organizations/${org.id}/contracts`, { plan: 'standard', startsOn: '2020-01-01', endsOn: '2099-12-31', products: ['PAM'] });
    const contact = await call('POST', `/api/v1/organizations/${org.id}/users`, { email: customer.email, name: 'Ana Lima', role: 'customer_admin', password });
    const open = (body: Record<string, unknown>) => call<{ id: string; number: string }>('POST', '/api/v1/cases', { organizationId: org.id, contactUserId: contact.id, product: 'PAM', channel: 'phone', ...body });
    // Six days old and long overdue, then a fresh critical one: the fresh one must come first.
    overdue = await open({ subject: 'Report export is slow', description: 'The monthly export takes an hour.', priority: 'minor', receivedAt: new Date(Date.now() - 6 * 86_400_000).toISOString() });
    quiet = await open({ subject: 'Question about licences', description: 'How are licences counted?', priority: 'minor', receivedAt: new Date(Date.now() - 5 * 86_400_000).toISOString() });
    urgent = await open({ subject: 'Vault down in production', description: 'Every sign-in fails since the keystore rotation.', priority: 'critical' });
    await call('POST', '/api/v1/canned-replies', {
      name: 'Ask for logs',
      bodyEn: 'Hello {{customer.name}}, please send the vault logs for {{case.number}}. {{agent.name}}',
      bodyFr: 'Bonjour {{customer.name}}, merci d’envoyer les journaux du cas {{case.number}}. {{agent.name}}',
      status: 'waiting_on_customer',
      shared: true,
    });
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const { signIn, expectNoPageErrors } = pages(() => browser, () => server.url);
  afterEach(expectNoPageErrors);

  it('lists a fresh critical case above overdue ones, with the due time in words, in English and French and at 375 px', async () => {
    const page = await signIn(engineer);
    await page.goto(`${server.url}/queues/unassigned`);
    await page.getByRole('link', { name: 'Vault down in production' }).waitFor();
    const rows = page.locator('table.dense tbody tr');
    await expect(rows.first().textContent()).resolves.toContain(urgent.number);
    await expect(rows.nth(1).textContent()).resolves.toContain(overdue.number);
    await expect(rows.first().getByText(/^in \d/).isVisible()).resolves.toBe(true);
    await expect(rows.nth(1).getByText(/^overdue by \d+ d/).isVisible()).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'teamday-triage');
    await page.getByRole('link', { name: /^Breached/ }).click();
    await page.getByRole('heading', { name: 'Breached' }).waitFor();
    await page.getByRole('link', { name: 'Report export is slow' }).waitFor();
    await expect(page.getByRole('link', { name: 'Vault down in production' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'FR', exact: true }).click();
    await page.getByRole('heading', { name: 'En retard' }).waitFor();
    await expect(page.locator('table.dense tbody tr').first().getByText(/^en retard de \d+ j/).isVisible()).resolves.toBe(true);
    await screenshot(page, 'teamday-triage-fr');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { name: 'Breached' }).waitFor();
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${server.url}/queues/unassigned`);
    await page.getByRole('link', { name: 'Vault down in production' }).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'teamday-triage-375');
    await page.close();
  });

  it('searches as one types from the top bar: the organisation, then a case by number, opened from the keyboard', async () => {
    const page = await signIn(engineer);
    const box = page.getByRole('combobox', { name: 'Search cases' });
    await box.fill('Northw');
    const results = page.getByRole('listbox', { name: 'Matching cases' });
    await results.getByRole('option').first().waitFor();
    await expect(results.getByRole('option').count()).resolves.toBe(3);
    await expect(results.locator('mark').first().textContent()).resolves.toBe('Northwind');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'teamday-search');
    await box.fill(String(Number(urgent.number.slice(3))));
    // The number's own case first, once the results for what was typed last are in.
    await expect.poll(() => results.getByRole('option').count()).toBe(1);
    await expect(results.getByRole('option').first().textContent()).resolves.toContain(urgent.number);
    await box.press('Enter');
    await page.getByRole('heading', { name: /Vault down in production/ }).waitFor();
    expect(page.url()).toContain(`/cases/${urgent.id}`);
    await page.close();
  });

  it("finds a customer's own case from the portal's search box, in French too", async () => {
    const page = await signIn(customer, { width: 375, height: 800 });
    const box = page.getByRole('combobox', { name: 'Search cases' });
    await box.fill('keystore');
    const option = page.getByRole('option', { name: /Vault down in production/ });
    await option.waitFor();
    await expect(option.locator('mark').first().textContent()).resolves.toBe('keystore');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'teamday-portal-search-375');
    await box.press('Escape');
    await switchLanguage(page, 'FR');
    await page.getByRole('combobox', { name: 'Rechercher des cas' }).fill('rien-de-tel');
    await page.getByText('Aucun cas ne correspond à « rien-de-tel ».').waitFor();
    await screenshot(page, 'teamday-portal-search-fr');
    await page.getByRole('combobox', { name: 'Rechercher des cas' }).press('Escape');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.close();
  });

  it('inserts a canned reply by name with the keyboard and sends it with "Send and set status"', async () => {
    const page = await signIn(engineer);
    await page.goto(`${server.url}/cases/${quiet.id}`);
    const picker = page.getByRole('combobox', { name: 'Canned reply' });
    await picker.fill('logs');
    await page.getByRole('option', { name: /Ask for logs/ }).waitFor();
    await picker.press('Enter');
    const reply = page.getByLabel('Your reply');
    await expect.poll(() => reply.inputValue()).toBe(`Hello Ana Lima, please send the vault logs for ${quiet.number}. Eve Engineer`);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'teamday-canned-reply');
    await page.getByRole('button', { name: 'Send and set “Waiting on customer”' }).click();
    await expect.poll(async () => (await call<{ status: string }>('GET', `/api/v1/cases/${quiet.id}`)).status).toBe('waiting_on_customer');
    await page.close();
  });

  it('assigns two ticked queue rows at once and says how many changed', async () => {
    const page = await signIn(engineer);
    await page.goto(`${server.url}/queues/unassigned`);
    await page.getByRole('link', { name: 'Vault down in production' }).waitFor();
    await page.getByRole('checkbox', { name: `Select ${urgent.number}` }).check();
    await page.getByRole('checkbox', { name: `Select ${overdue.number}` }).check();
    await page.getByText('2 cases selected').waitFor();
    await page.getByLabel('Assignee').selectOption({ label: 'Me' });
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'teamday-bulk');
    await page.getByRole('button', { name: 'Change 2 cases' }).click();
    await page.getByText('2 cases changed.').waitFor();
    for (const c of [urgent, overdue]) expect((await call<{ assignee: { id: string } | null }>('GET', `/api/v1/cases/${c.id}`)).assignee?.id).toBe(engineerId);
    await page.close();
  });

  it('shows the audit log in words, filtered with pickers and a case number, and exports the same entries as CSV, in French at 375 px', async () => {
    // A priority change with its reason, by the engineer.
    const asEngineer = await signedIn(server.url, engineer.email, engineer.password);
    await asEngineer.call('PATCH', `/api/v1/cases/${quiet.id}`, { priority: 'moderate', reason: 'Licences block a renewal' });
    const page = await signIn(admin);
    await page.goto(`${server.url}/admin/audit`);
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByLabel('Action').selectOption({ label: 'changed the case' });
    await page.getByLabel('Case number').fill('CB-12');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('Such as CB-000123.').waitFor();
    await page.getByLabel('Case number').fill(quiet.number);
    await page.getByRole('button', { name: 'Show' }).click();
    const row = page.getByRole('row').filter({ hasText: 'changed the case' });
    await row.getByText('priority: Minor → Moderate · “Licences block a renewal”').waitFor();
    await row.getByRole('link', { name: quiet.number }).waitFor();
    await row.getByRole('link', { name: 'Northwind Bank' }).waitFor();
    expect(await page.getByRole('row').count()).toBe(2);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'teamday-audit-en');
    // The CSV holds the entries the filters select.
    const href = await page.getByRole('link', { name: 'Download as CSV' }).getAttribute('href');
    expect(href).toBe(`/api/v1/audit/export?action=case.update&case=${quiet.number}`);
    const csv = await page.evaluate(async (url) => (await fetch(url, { credentials: 'same-origin' })).text(), href!);
    const lines = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('at,actor,action,target_type,target_id,target,case,organization,before,after,request_id');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`case.update,case,${quiet.id},${quiet.number},${quiet.number},Northwind Bank`);

    const phone = await signIn(admin, { width: 375, height: 800 });
    await phone.goto(`${server.url}/admin/audit`);
    await switchLanguage(phone, 'FR');
    await phone.getByRole('heading', { name: 'Journal d’audit' }).waitFor();
    await phone.getByLabel('Personne').selectOption({ label: 'Eve Engineer' });
    await phone.getByRole('button', { name: 'Afficher' }).click();
    await phone.getByRole('row').filter({ hasText: 'a modifié le cas' }).getByText('priorité : Mineure → Modérée · « Licences block a renewal »').first().waitFor();
    await screenshot(phone, 'teamday-audit-fr-375');
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    expect(await axeViolations(phone)).toEqual([]);
    await page.close();
    await phone.close();
  });

  it('says how late an answered case was, and puts a case on hold with its reason in words, for staff and the customer', async () => {
    const page = await signIn(engineer);
    await page.goto(`${server.url}/cases/${quiet.id}`);
    // Answered by the canned reply, days after a minor case's target.
    await page.getByTestId('sla-line').getByText(/answered .+, \d+(\.\d)? business hours? after the target\./).waitFor();
    await page.locator('#case-status').selectOption('on_hold');
    await page.getByLabel('Why is it on hold?').selectOption({ label: 'waiting for a fix' });
    await page.getByRole('button', { name: 'Put on hold' }).click();
    await page.locator('.labels').getByText('(waiting for a fix)').waitFor();
    expect((await call<{ status: string; holdReason: string }>('GET', `/api/v1/cases/${quiet.id}`))).toMatchObject({ status: 'on_hold', holdReason: 'waiting_for_fix' });
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'teamday-hold-en');
    await switchLanguage(page, 'FR');
    await page.locator('.labels').getByText('(en attente d’un correctif)').waitFor();
    await page.getByTestId('sla-line').getByText(/après l’objectif\./).waitFor();
    const portal = await signIn(customer, { width: 375, height: 800 });
    await portal.goto(`${server.url}/cases/${quiet.id}`);
    await portal.locator('.labels').getByText('(waiting for a fix)').waitFor();
    expect(await overflow(portal)).toBeLessThanOrEqual(0);
    await page.close();
    await portal.close();
  });
});
