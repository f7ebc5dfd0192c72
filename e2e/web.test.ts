/// <reference lib="dom" />
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../apps/server/test/support/http-receiver.ts';
import { startSmtpSink } from '../apps/server/test/support/smtp-sink.ts';
import { signedIn } from './support/api-client.ts';
import { ARTEFACTS, axeViolations, launchBrowser, overflow, pages } from './support/browser.ts';
import { startServer, type ServerProcess } from './support/server-process.ts';

describe('the web app in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  /** Catches the page emails (with their acknowledge links); the receiver stands in for a region's webhook. */
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let hook: Awaited<ReturnType<typeof startReceiver>>;
  const password = 'a long enough password';
  const customer = { email: 'reader@portal-customer.test', password };
  const engineer = { email: 'eve@vendor.test', password };
  const admin = { email: 'ops@vendor.test', password: 'a long admin password' };

  beforeAll(async () => {
    sink = await startSmtpSink();
    hook = await startReceiver();
    server = await startServer({
      CASEBOOK_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-web-')),
      CASEBOOK_ADMIN_EMAIL: admin.email,
      CASEBOOK_ADMIN_PASSWORD: admin.password,
      MAIL_SMTP_URL: sink.url,
    });
    const { call } = await signedIn(server.url, admin.email, admin.password);
    const post = (url: string, body: unknown) => call('POST', url, body);
    const me = await call<{ organizationId: string }>('GET', '/api/v1/me');
    await post(`/api/v1/organizations/${me.organizationId}/users`, { email: engineer.email, name: 'Eve Engineer', role: 'engineer', region: 'EMEA', password });
    const org = await post('/api/v1/organizations', { name: 'Portal Customer', kind: 'customer', region: 'EMEA' });
    await post(`/api/v1/organizations/${org.id}/contracts`, { plan: 'standard', startsOn: '2020-01-01', endsOn: '2099-12-31', products: ['PAM'] });
    const user = await post(`/api/v1/organizations/${org.id}/users`, { email: customer.email, name: 'Reader', role: 'customer_user', password: customer.password });
    await post('/api/v1/cases', { organizationId: org.id, contactUserId: user.id, subject: 'Vault does not start', description: 'x', priority: 'serious', product: 'PAM', channel: 'portal' });
    // A customer whose only contract ended long ago (the minute's lapse check lapses it), and a partner acting for it.
    const gone = await post('/api/v1/organizations', { name: 'Gone Ltd', kind: 'customer', region: 'EMEA' });
    await post(`/api/v1/organizations/${gone.id}/contracts`, { plan: 'standard', startsOn: '2020-01-01', endsOn: '2021-01-01', products: ['PAM'] });
    const goneWith = await post('/api/v1/organizations', { name: 'Lapse Partners', kind: 'partner', region: 'EMEA' });
    await post(`/api/v1/organizations/${goneWith.id}/users`, { email: 'pia@lapse-partners.test', name: 'Pia Partner', role: 'partner_user', password });
    await post(`/api/v1/organizations/${gone.id}/delegations`, { partnerOrganizationId: goneWith.id });
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.close();
    await hook?.close();
  });

  const { newPage, signIn, expectNoPageErrors } = pages(() => browser, () => server.url);
  /** A crash blanks the app, so every test ends by checking no page threw. */
  afterEach(expectNoPageErrors);

  it('shows the four support centres, open or closed now, to anyone', async () => {
    const page = await newPage({ bypassCSP: true });
    await page.goto(`${server.url}/support-hours`);
    await page.getByRole('heading', { name: 'Israel' }).waitFor();
    for (const name of ['Americas', 'Europe, Middle East and Africa', 'Asia-Pacific and Japan', 'Israel']) {
      await expect(page.getByRole('heading', { name }).isVisible()).resolves.toBe(true);
    }
    await expect(page.getByText(/^(Open now|Closed)/).count()).resolves.toBe(4);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTEFACTS, 'support-hours.png'), fullPage: true });
    await page.close();
  });

  it('signs a customer in, lists their cases, and switches to French, remembered on the user', async () => {
    const page = await signIn(customer);
    await page.getByRole('heading', { name: 'Your cases' }).waitFor();
    await page.getByText('Vault does not start').waitFor();
    await expect(page.getByRole('row', { name: /Vault does not start/ }).getByText('Serious').isVisible()).resolves.toBe(true);
    await page.getByRole('heading', { name: 'Your account team' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTEFACTS, 'home-en.png'), fullPage: true });

    await page.getByRole('button', { name: 'FR' }).click();
    await page.getByRole('heading', { name: 'Vos cas' }).waitFor();
    await expect(page.getByText('Grave').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(ARTEFACTS, 'home-fr.png'), fullPage: true });
    await page.close();

    // A new browser signs in and finds French, because the choice was saved on the user.
    const again = await newPage({ locale: 'en-GB' });
    await again.goto(`${server.url}/sign-in`);
    await again.getByLabel('Email').fill(customer.email);
    await again.getByLabel('Password').fill(customer.password);
    await again.getByRole('button', { name: 'Sign in' }).click();
    await again.getByRole('heading', { name: 'Vos cas' }).waitFor();
    await again.close();

    // A language picked on the sign-in page wins over the saved one, and becomes the saved one.
    const third = await newPage({ locale: 'fr-FR' });
    await third.goto(`${server.url}/sign-in`);
    await third.getByRole('button', { name: 'EN' }).click();
    await third.getByLabel('Email').fill(customer.email);
    await third.getByLabel('Password').fill(customer.password);
    await third.getByRole('button', { name: 'Sign in' }).click();
    await third.getByRole('heading', { name: 'Your cases' }).waitFor();
    const { call } = await signedIn(server.url, customer.email, customer.password);
    await expect.poll(async () => (await call<{ locale: string }>('GET', '/api/v1/me')).locale).toBe('en');
    await third.close();
  });

  it('lets a customer open a case with a file, and raise its priority only through a linked case', async () => {
    const page = await signIn(customer);
    await page.getByRole('link', { name: 'Open a case' }).first().click();
    await page.getByLabel('Product', { exact: true }).selectOption('PAM');
    await page.getByRole('group', { name: 'Priority' }).getByLabel(/Moderate/).check();
    await expect(page.getByText(/also call the hotline/).count()).resolves.toBe(0);
    await page.getByRole('group', { name: 'Priority' }).getByLabel(/Critical/).check();
    await expect(page.getByRole('status').filter({ hasText: 'hotline' }).textContent()).resolves.toContain('+44-203-7287074');
    await page.getByRole('group', { name: 'Priority' }).getByLabel(/Serious/).check();
    await page.getByLabel('Subject', { exact: true }).fill('Sessions drop after upgrade');
    await page.getByLabel('Description', { exact: true }).fill('Recorded sessions stop after 10 minutes since 14.2.');
    await page.getByLabel('Attachments').setInputFiles({ name: 'vault.log', mimeType: 'text/plain', buffer: Buffer.from('2026-11-26 09:00:01 ERROR session dropped\n'.repeat(2000)) });
    await expect(page.getByText('vault.log').isVisible()).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTEFACTS, 'open-case.png'), fullPage: true });
    await page.getByRole('button', { name: 'Open case' }).click();

    // The form takes the customer to the new case, with the file attached.
    await page.getByRole('heading', { level: 1, name: 'Sessions drop after upgrade' }).waitFor();
    const original = page.url();
    await page.getByRole('link', { name: 'vault.log' }).waitFor();
    await expect(page.getByTestId('sla-line').textContent()).resolves.toMatch(/First response:/);
    // No control on the page edits the priority.
    await expect(page.getByRole('combobox', { name: 'Priority' }).count()).resolves.toBe(0);
    await expect(page.getByRole('radio').count()).resolves.toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTEFACTS, 'case-customer.png'), fullPage: true });

    await page.getByRole('button', { name: 'Raise priority' }).click();
    await page.getByRole('group', { name: 'New priority' }).getByLabel(/Critical/).check();
    await page.getByLabel('What changed in production').fill('Now every session drops at once.');
    await page.getByRole('button', { name: 'Open the linked case' }).click();
    await page.getByText(/This new case raises the priority of CB-\d+/).waitFor();
    expect(page.url()).not.toBe(original);
    await expect(page.locator('.labels').getByText('Critical').isVisible()).resolves.toBe(true);
    await page.getByRole('status').filter({ hasText: 'hotline' }).waitFor();
    const link = page.getByRole('region', { name: 'Linked cases' }).getByRole('link');
    await expect(link.count()).resolves.toBe(1);
    await link.click();
    await page.waitForURL(original);
    await page.getByRole('region', { name: 'Linked cases' }).getByText('Priority raised by').waitFor();
    await page.close();
  });

  it('lets an engineer pick the case from a queue by keyboard and reply; the customer sees the reply, never the note', async () => {
    const page = await signIn(engineer);
    await page.goto(`${server.url}/queues/all`);
    await page.getByRole('heading', { name: 'All open' }).waitFor();
    await page.getByRole('row', { name: /Vault does not start/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTEFACTS, 'console-queue.png'), fullPage: true });
    // The queue's own filter (the top bar's '/' search finds any case); a filtered view can be saved under a name and comes back from the left.
    await page.getByLabel('Filter by subject').fill('vault');
    await page.getByLabel('Filter by subject').press('Enter');
    await expect.poll(() => page.locator('table.dense tbody tr').count()).toBe(1);
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.getByLabel('Name of this view').fill('Vault issues');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('navigation', { name: 'Queues' }).getByRole('link', { name: 'Vault issues' }).waitFor();
    // j/k move the selection down the table, Enter opens the selected case.
    const rows = page.locator('table.dense tbody tr');
    const index = await rows.evaluateAll((trs) => trs.findIndex((tr) => tr.textContent?.includes('Vault does not start')));
    for (let i = 0; i < index; i++) await page.keyboard.press('j');
    await expect(rows.nth(index).getAttribute('aria-selected')).resolves.toBe('true');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Vault does not start' }).waitFor();

    // On a new case the reply box starts on internal: a triage note never reaches the customer by accident.
    await expect(page.getByRole('radio', { name: 'Internal note (staff only)' }).isChecked()).resolves.toBe(true);
    await page.getByLabel('Your note (staff only)').fill('Customer runs 14.1; check the upgrade notes.');
    await page.getByRole('button', { name: 'Add internal note' }).click();
    await page.locator('.entry.internal').getByText('check the upgrade notes').waitFor();
    await page.getByRole('radio', { name: 'Public reply (the customer reads it)' }).check();
    await page.getByLabel('Your reply').fill('Please restart the Vault service after applying **hotfix 3**.');
    // The reply and the status it sets reach the customer as one message.
    await page.getByLabel('Then set the status to').selectOption('waiting_on_customer');
    await page.getByRole('button', { name: 'Send and set “Waiting on customer”' }).click();
    await page.locator('.entry.staff:not(.internal)').getByText('hotfix 3').waitFor();
    await page.locator('.thread .event').getByText('Eve Engineer changed the status from New to Waiting on customer').waitFor();
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await expect.poll(() => page.getByLabel('Assignee').locator('option:checked').textContent()).toBe('Eve Engineer');
    // A priority downgrade goes on the thread in words, with its reason, for the customer to read.
    await page.getByLabel('Priority', { exact: true }).selectOption('moderate');
    await page.getByLabel('Reason for the priority change (the customer reads it)').fill('a workaround is in place');
    await page.getByRole('button', { name: 'Change priority' }).click();
    await page.locator('.thread .event').getByText('Eve Engineer changed the priority from Serious to Moderate').waitFor();
    await page.getByRole('region', { name: 'History' }).getByText('wrote on the thread').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTEFACTS, 'case-engineer.png'), fullPage: true });

    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Open cases by region and priority' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTEFACTS, 'console-dashboard.png'), fullPage: true });
    await page.close();

    const reader = await signIn(customer);
    await reader.getByRole('link', { name: 'Vault does not start' }).click();
    await reader.getByText('hotfix 3').waitFor();
    await expect(reader.locator('.entry.staff').getByText('Support').isVisible()).resolves.toBe(true);
    await expect(reader.getByText('check the upgrade notes').count()).resolves.toBe(0);
    await reader.locator('.thread .event').getByText('“a workaround is in place”').waitFor();
    // The reply also reached the customer's notifications, linking to the case.
    await reader.getByRole('button', { name: /Notifications/ }).click();
    await reader.getByRole('link', { name: /Support replied on your case CB-\d+: Vault does not start/ }).waitFor();
    expect(await axeViolations(reader)).toEqual([]);
    await reader.keyboard.press('Escape');
    // The customer closes the case as fixed; a resolved case can be reopened.
    await reader.getByRole('button', { name: 'Mark as resolved' }).click();
    await reader.locator('.labels').getByText('Resolved').waitFor();
    await reader.getByRole('button', { name: 'Reopen the case' }).waitFor();
    await reader.close();
  });

  it('gives an administrator organisations, calendars, SLA targets and the audit log, all accessible', async () => {
    const page = await signIn(admin);
    for (const [link, heading, shot] of [
      ['Organisations', 'Organisations', 'admin-organizations'],
      ['Calendars', 'Calendars', 'admin-calendars'],
      ['SLA targets', 'SLA targets', 'admin-sla'],
      ['Audit log', 'Audit log', 'admin-audit'],
    ] as const) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.locator('table tbody tr').first().waitFor();
      expect(await axeViolations(page), heading).toEqual([]);
      await page.screenshot({ path: path.join(ARTEFACTS, `${shot}.png`), fullPage: true });
    }
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organisations' }).click();
    await page.getByRole('link', { name: 'Portal Customer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Portal Customer' }).waitFor();
    await page.getByRole('cell', { name: customer.email }).waitFor();
    await page.getByRole('button', { name: 'Payments' }).click();
    await page.getByLabel('Paid through').fill('2100-06-30');
    await page.getByLabel('Invoice or PO reference').fill('INV-BROWSER-1');
    await page.getByRole('button', { name: 'Record payment' }).click();
    await page.getByText(/INV-BROWSER-1/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTEFACTS, 'admin-organization.png'), fullPage: true });
    await page.close();
  });

  it('lets a partner switch between the customers it acts for and open a case for the one chosen', async () => {
    const { call } = await signedIn(server.url, admin.email, admin.password);
    const partnerOrg = await call('POST', '/api/v1/organizations', { name: 'Integrator Ltd', kind: 'partner', region: 'EMEA' });
    await call('POST', `/api/v1/organizations/${partnerOrg.id}/users`, { email: 'pat@integrator.test', name: 'Pat Partner', role: 'partner_user', password });
    const orgs = [];
    for (const name of ['Alpha Bank', 'Beta Insurance']) {
      const org = await call('POST', '/api/v1/organizations', { name, kind: 'customer', region: 'AMER' });
      await call('POST', `/api/v1/organizations/${org.id}/contracts`, { plan: 'premium', startsOn: '2020-01-01', endsOn: '2099-12-31', products: [`${name} PAM`] });
      await call('POST', `/api/v1/organizations/${org.id}/delegations`, { partnerOrganizationId: partnerOrg.id });
      await call('POST', '/api/v1/cases', { organizationId: org.id, subject: `${name}: vault replication lag`, description: 'x', priority: 'moderate', product: `${name} PAM` });
      orgs.push(org);
    }
    const page = await signIn({ email: 'pat@integrator.test', password });
    const acting = page.getByLabel('Acting for');
    await acting.selectOption({ label: 'Alpha Bank' });
    await page.getByText('Alpha Bank: vault replication lag').waitFor();
    await expect(page.getByText('Beta Insurance: vault replication lag').count()).resolves.toBe(0);
    await acting.selectOption({ label: 'Beta Insurance' });
    await page.getByText('Beta Insurance: vault replication lag').waitFor();
    await expect(page.getByText('Alpha Bank: vault replication lag').count()).resolves.toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Open a case' }).first().click();
    const products = page.getByLabel('Product', { exact: true }).locator('option');
    await products.first().waitFor({ state: 'attached' });
    await expect(products.allTextContents()).resolves.toEqual(['Beta Insurance PAM']);
    await page.getByLabel('Subject', { exact: true }).fill('Beta: sessions not recorded');
    await page.getByLabel('Description', { exact: true }).fill('Since the last patch.');
    await page.getByRole('button', { name: 'Open case' }).click();
    await page.getByRole('heading', { level: 1, name: 'Beta: sessions not recorded' }).waitFor();
    await expect(page.getByText(/Beta Insurance · Beta Insurance PAM/).isVisible()).resolves.toBe(true);
    await page.close();
  });

  it('checks the case form with the shared schema: the error sits under its field, linked to it, in the reader language, and typed text stays', async () => {
    const page = await signIn(customer);
    await page.getByRole('link', { name: 'Open a case' }).first().click();
    const subject = page.getByLabel('Subject', { exact: true });
    await subject.fill('ab');
    await page.getByLabel('Description', { exact: true }).fill('Typed before the error.');
    await page.getByRole('button', { name: 'Open case' }).click();
    // createCaseRequest wants at least 3 characters; the web app states no limit of its own.
    await expect.poll(() => subject.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await subject.getAttribute('aria-describedby')) ?? '';
    await expect(page.locator(`[id="${describedBy}"]`).textContent()).resolves.toBe('At least 3 characters.');
    await expect(page.getByLabel('Description', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('false');
    await expect(page.getByLabel('Description', { exact: true }).inputValue()).resolves.toBe('Typed before the error.');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTEFACTS, 'open-case-error-en.png'), fullPage: true });

    await page.getByRole('button', { name: 'FR' }).click();
    await page.getByRole('heading', { name: 'Ouvrir un cas' }).waitFor();
    await page.getByRole('button', { name: 'Ouvrir le cas' }).click();
    await page.getByText('Au moins 3 caractères.').waitFor();
    await expect(page.getByLabel('Objet', { exact: true }).inputValue()).resolves.toBe('ab');
    await page.screenshot({ path: path.join(ARTEFACTS, 'open-case-error-fr.png'), fullPage: true });
    await page.getByRole('button', { name: 'EN' }).click();
    const { call } = await signedIn(server.url, customer.email, customer.password);
    await expect.poll(async () => (await call<{ locale: string }>('GET', '/api/v1/me')).locale).toBe('en');
    await page.close();
  });

  it('keeps focus inside the notifications popover and the payments dialog, closes them on Escape and gives focus back', async () => {
    const reader = await signIn(customer);
    const bell = reader.getByRole('button', { name: /Notifications/ });
    await bell.click();
    const popover = reader.getByRole('dialog', { name: 'Notifications' });
    await popover.waitFor();
    const focusInside = (selector: string) => reader.evaluate((sel) => !!document.activeElement?.closest(sel), selector);
    for (let i = 0; i < 6; i++) {
      await reader.keyboard.press('Tab');
      await expect(focusInside('[role="dialog"]')).resolves.toBe(true);
    }
    await reader.keyboard.press('Escape');
    await popover.waitFor({ state: 'detached' });
    await expect(bell.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await reader.close();

    const page = await signIn(admin);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organisations' }).click();
    await page.getByRole('link', { name: 'Portal Customer' }).click();
    const opener = page.getByRole('button', { name: 'Payments' });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: /Payments/ });
    await dialog.waitFor();
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => !!document.activeElement?.closest('[role="dialog"]'))).resolves.toBe(true);
    }
    // The schema's check happens inside the dialog too, without closing it.
    await page.getByRole('button', { name: 'Record payment' }).click();
    await expect.poll(() => dialog.getByLabel('Invoice or PO reference').getAttribute('aria-invalid')).toBe('true');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect(opener.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.close();
  });

  it('keeps typed text and shows the error next to the form when sign-in fails, and fits 375 px', async () => {
    const page = await newPage({ viewport: { width: 375, height: 740 } });
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill('nobody@example.test');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('not correct');
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe('nobody@example.test');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTEFACTS, 'sign-in-375.png') });
    await page.close();
  });

  it('fits the portal and a case at 375 px', async () => {
    const page = await signIn(customer, { width: 375, height: 740 });
    // The resolved case is under "Resolved and closed"; the list opens on the active ones.
    await page.getByRole('link', { name: 'Sessions drop after upgrade' }).first().waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTEFACTS, 'home-375.png'), fullPage: true });
    await page.getByRole('button', { name: 'Resolved and closed' }).click();
    await page.getByRole('link', { name: 'Vault does not start' }).click();
    await page.getByText('hotfix 3').waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTEFACTS, 'case-375.png'), fullPage: true });
    await page.close();
  });

  it('sends the files chosen with a reply as part of it, sets the status chosen with it, and words the change in French', async () => {
    const asCustomer = await signedIn(server.url, customer.email, customer.password);
    const opened = await asCustomer.call<{ id: string }>('POST', '/api/v1/cases', { subject: 'Collector bundle rejected', description: 'The upload page refuses it.', priority: 'minor', product: 'PAM' });
    const page = await signIn(engineer);
    await page.goto(`${server.url}/cases/${opened.id}`);
    await page.getByRole('heading', { level: 1, name: 'Collector bundle rejected' }).waitFor();
    await page.getByRole('button', { name: 'FR' }).click();
    await page.getByRole('radio', { name: 'Réponse publique (le client la lit)' }).check();
    await page.getByLabel('Votre réponse').fill('Voici le correctif du collecteur.');
    await page.getByLabel('Joindre des fichiers').setInputFiles({ name: 'collector-fix.txt', mimeType: 'text/plain', buffer: Buffer.from('apply this fix\n') });
    await page.getByLabel('Puis passer l’état à').selectOption('waiting_on_customer');
    // "Send" alone never changes the status; the button that does names the status it sets.
    await page.getByRole('button', { name: /^Envoyer et passer en « .+ »$/ }).click();
    await page.locator('.entry.staff').getByText('Voici le correctif du collecteur.').waitFor();
    await page.locator('.thread .event').getByText('Eve Engineer a changé l’état de « Nouveau » à « En attente du client »').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTEFACTS, 'case-engineer-fr.png'), fullPage: true });

    // The file went with the reply (so the reply's email names it), not beside it.
    const { items: replies } = await asCustomer.call<{ items: { id: string; body: string }[] }>('GET', `/api/v1/cases/${opened.id}/comments?limit=100`);
    const reply = replies.find((c) => c.body === 'Voici le correctif du collecteur.');
    const { items: files } = await asCustomer.call<{ items: { filename: string; commentId: string | null }[] }>('GET', `/api/v1/cases/${opened.id}/attachments`);
    expect(files.map((f) => [f.filename, f.commentId])).toEqual([['collector-fix.txt', reply?.id]]);
    await expect(asCustomer.call<{ status: string }>('GET', `/api/v1/cases/${opened.id}`).then((c) => c.status)).resolves.toBe('waiting_on_customer');

    await page.getByRole('button', { name: 'EN', exact: true }).click();
    const { call } = await signedIn(server.url, engineer.email, engineer.password);
    await expect.poll(async () => (await call<{ locale: string }>('GET', '/api/v1/me')).locale).toBe('en');
    await page.close();
  });
  /** A `datetime-local` value for now + `ms`, on the browser's own clock. */
  const localInput = (page: Page, ms: number) =>
    page.evaluate((offset) => {
      const d = new Date(Date.now() + offset);
      const two = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
    }, ms);

  it('lets an administrator create, edit and delete a rota, see its next two weeks and who is on duty, override a shift, and set a region webhook', async () => {
    const { call } = await signedIn(server.url, admin.email, admin.password);
    const page = await signIn(admin);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'On duty' }).click();
    await page.getByRole('heading', { level: 1, name: 'On duty' }).waitFor();
    await page.getByText(/No rota yet/).waitFor();
    await page.getByRole('button', { name: 'New rota' }).click();
    const dialog = page.getByRole('dialog', { name: 'New rota' });
    await dialog.getByLabel('Name').fill('EMEA days');
    await dialog.getByLabel('Covers').selectOption('business_hours');
    await dialog.getByRole('group', { name: 'Regions' }).getByLabel('EMEA').check();
    await dialog.getByLabel('Time zone of the hand-off').fill('Europe/London');
    await dialog.getByLabel('Starts on').fill(new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10));
    await dialog.getByLabel('Hand-off day').selectOption('mon');
    await dialog.getByLabel('Hand-off time').fill('09:00');
    await dialog.getByLabel('Shift length (days)').fill('7');
    // createRotaRequest wants at least one engineer: the complaint sits by the picker, the dialog stays open.
    await dialog.getByRole('button', { name: 'Create rota' }).click();
    await dialog.getByText('Fill this in.').waitFor();
    for (const name of ['Administrator', 'Eve Engineer']) {
      await dialog.getByLabel('Add an engineer').selectOption({ label: name });
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    }
    await dialog.getByRole('button', { name: 'Move Eve Engineer up' }).click();
    await expect(dialog.locator('ol.rota-order li span').allTextContents()).resolves.toEqual(['Eve Engineer', 'Administrator']);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTEFACTS, 'admin-rota-form.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Create rota' }).click();
    await dialog.waitFor({ state: 'detached' });

    const card = page.getByRole('article', { name: 'EMEA days' });
    await card.getByText('Eve Engineer → Administrator').waitFor();
    // Two weeks of seven-day shifts: at least two spans, in the viewer's zone, named.
    const spans = card.getByRole('list', { name: 'The next 14 days' }).getByRole('listitem');
    await spans.first().waitFor();
    expect(await spans.count()).toBeGreaterThanOrEqual(2);
    const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    await card.getByText(`Times in your time zone: ${zone}.`).waitFor();
    const { items: rotas } = await call<{ items: { id: string; name: string; now: { primary: { name: string } } | null }[] }>('GET', '/api/v1/rotas');
    const created = rotas.find((r) => r.name === 'EMEA days');
    await expect.poll(() => card.locator('dl.facts').textContent()).toContain(`${created?.now?.primary.name} (primary)`);

    // Who is on duty in EMEA now, as the server computes it: open or closed, and the pair covering it.
    const duty = await call<{ regionOpen: boolean; businessHours: { primary: { name: string } } | null; afterHours: { primary: { name: string } } | null }>('GET', '/api/v1/on-duty?region=EMEA');
    const emeaNow = page.getByRole('region', { name: 'Who is on duty now' }).getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'EMEA' }) });
    await emeaNow.getByText(duty.regionOpen ? 'Centre open' : 'Centre closed').waitFor();
    const pair = duty.regionOpen ? duty.businessHours : duty.afterHours;
    if (pair) await emeaNow.getByText(pair.primary.name).first().waitFor();
    else await emeaNow.getByText(/^Nobody is on duty/).waitFor();

    // Editing the rota: the form comes back filled in, and the change shows on the card.
    await card.getByRole('button', { name: 'Edit the rota EMEA days' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit the rota EMEA days' });
    await expect(edit.getByLabel('Name').inputValue()).resolves.toBe('EMEA days');
    await edit.getByLabel('Shift length (days)').fill('14');
    await edit.getByRole('button', { name: 'Save', exact: true }).click();
    await edit.waitFor({ state: 'detached' });
    await card.getByText('every 14 days, Monday 09:00 (Europe/London)').waitFor();

    // An override puts the administrator on duty now; it is marked on the timeline, and can be removed.
    const override = card.getByRole('form', { name: 'Add an override to EMEA days' });
    await override.getByLabel('Engineer covering').selectOption({ label: 'Administrator' });
    await override.getByLabel('From').fill(await localInput(page, -3_600_000));
    await override.getByLabel('To').fill(await localInput(page, 3 * 3_600_000));
    await override.getByRole('button', { name: 'Add override' }).click();
    await card.locator('ol.duty-spans li.override').first().getByText('Override').waitFor();
    await expect.poll(() => card.locator('dl.facts').textContent()).toContain('Administrator (primary)');
    expect(await axeViolations(page)).toEqual([]);
    await card.getByRole('button', { name: 'Remove the override of Administrator' }).click();
    await card.getByText('No override: the rotation applies.').waitFor();

    // EMEA's webhook: saved, then shown by its address and the end of its secret only.
    const emea = page.getByRole('form', { name: 'EMEA', exact: true });
    await emea.getByLabel('Send pages to a webhook').check();
    await emea.getByLabel('Webhook URL').fill(`${hook.url}/emea`);
    await emea.getByLabel('Webhook signing secret').fill('emea webhook secret 0123');
    await emea.getByRole('button', { name: 'Save the integrations of EMEA' }).click();
    await emea.getByText(`Webhook: on, ${hook.url}/emea (secret …`, { exact: false }).waitFor();
    await expect(emea.getByLabel('Webhook signing secret').inputValue()).resolves.toBe('');
    await expect(page.content()).resolves.not.toContain('emea webhook secret 0123');
    const paging = await call<{ region: string; webhook: { url: string } | null }[]>('GET', '/api/v1/regions/paging');
    expect(paging.find((p) => p.region === 'EMEA')?.webhook?.url).toBe(`${hook.url}/emea`);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTEFACTS, 'admin-on-duty-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'FR' }).click();
    await page.getByRole('heading', { level: 1, name: 'Astreintes' }).waitFor();
    await page.screenshot({ path: path.join(ARTEFACTS, 'admin-on-duty-fr.png'), fullPage: true });
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'On duty' }).waitFor();
    await page.close();

    const narrow = await signIn(admin, { width: 375, height: 740 });
    await narrow.goto(`${server.url}/admin/on-duty`);
    await narrow.getByRole('article', { name: 'EMEA days' }).getByRole('list', { name: 'The next 14 days' }).waitFor();
    expect(await overflow(narrow)).toBeLessThanOrEqual(0);
    await narrow.screenshot({ path: path.join(ARTEFACTS, 'admin-on-duty-375.png'), fullPage: true });
    // Deleting asks first; confirmed, the rota is gone.
    await narrow.getByRole('button', { name: 'Delete the rota EMEA days' }).click();
    const confirm = narrow.getByRole('dialog', { name: 'Delete the rota EMEA days' });
    await confirm.getByRole('button', { name: 'Delete the rota', exact: true }).click();
    await confirm.waitFor({ state: 'detached' });
    await narrow.getByRole('article', { name: 'EMEA days' }).waitFor({ state: 'detached' });
    await expect(call<{ items: { name: string }[] }>('GET', '/api/v1/rotas').then((r) => r.items.map((x) => x.name))).resolves.not.toContain('EMEA days');
    await narrow.close();
  });

  /**
   * A premium customer in APJ, whose critical cases always page Eve: both APJ rotas (business hours
   * and after hours) have her alone, so whether the centre is open or not she is the one on duty.
   * APJ's pages also go to a webhook on loopback.
   */
  let nightBank: Promise<{ orgId: string; customer: { email: string; password: string } }> | undefined;
  function pagedCustomer() {
    nightBank ??= (async () => {
      const { call } = await signedIn(server.url, admin.email, admin.password);
      const me = await call<{ organizationId: string }>('GET', '/api/v1/me');
      const { items: staff } = await call<{ items: { id: string; email: string }[] }>('GET', `/api/v1/organizations/${me.organizationId}/users?limit=100`);
      const eve = staff.find((u) => u.email === engineer.email)!;
      await call('PATCH', `/api/v1/users/${eve.id}`, { phone: '+61212345678' });
      for (const kind of ['business_hours', 'after_hours']) {
        await call('POST', '/api/v1/rotas', { name: `APJ ${kind}`, kind, regions: ['APJ'], timeZone: 'Asia/Tokyo', startsOn: '2020-01-06', handoffTime: '09:00', handoffDay: 'mon', shiftDays: 7, engineerIds: [eve.id] });
      }
      await call('PUT', '/api/v1/regions/APJ/paging', { pagerDuty: null, webhook: { url: `${hook.url}/apj`, secret: 'apj webhook secret 0123' } });
      const org = await call('POST', '/api/v1/organizations', { name: 'Night Bank', kind: 'customer', region: 'APJ' });
      await call('POST', `/api/v1/organizations/${org.id}/contracts`, { plan: 'premium', startsOn: '2020-01-01', endsOn: '2099-12-31', products: ['PAM'] });
      const customer = { email: 'night@bank.test', password };
      await call('POST', `/api/v1/organizations/${org.id}/users`, { email: customer.email, name: 'Nina Night', role: 'customer_admin', password });
      return { orgId: org.id, customer };
    })();
    return nightBank;
  }

  it('pages the engineer on duty about a critical case: the dashboard lists it, the case tells its paging in words, and the engineer acknowledges it', async () => {
    const { customer: nina } = await pagedCustomer();
    const asCustomer = await signedIn(server.url, nina.email, nina.password);
    const opened = await asCustomer.call<{ id: string; number: string }>('POST', '/api/v1/cases', { subject: 'Night Bank: vault down', description: 'Nothing starts.', priority: 'critical', product: 'PAM' });

    const page = await signIn(engineer);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    const open = page.getByRole('region', { name: 'Unacknowledged pages' });
    await open.getByRole('link', { name: opened.number }).click();
    await page.getByRole('heading', { level: 1, name: 'Night Bank: vault down' }).waitFor();
    const paging = page.getByRole('region', { name: 'Paging' });
    await expect.poll(() => paging.textContent(), { timeout: 15_000 }).toMatch(/Urgent case: Paged Eve Engineer .+ by webhook, email and in-app notification\./);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTEFACTS, 'case-paging.png'), fullPage: true });
    await paging.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => paging.textContent(), { timeout: 15_000 }).toMatch(/; acknowledged by Eve Engineer .+\./);
    await expect(paging.getByRole('button', { name: 'Acknowledge' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'FR', exact: true }).click();
    await page.getByRole('region', { name: 'Alertes' }).getByText(/Cas urgent : Eve Engineer alerté .+ par webhook, e-mail et notification dans l’application ; pris en charge par Eve Engineer/).waitFor();
    await page.screenshot({ path: path.join(ARTEFACTS, 'case-paging-fr.png'), fullPage: true });
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    const asEngineer = await signedIn(server.url, engineer.email, engineer.password);
    await expect.poll(async () => (await asEngineer.call<{ locale: string }>('GET', '/api/v1/me')).locale).toBe('en');

    // The region's webhook heard of the page and of its acknowledgement; the delivery log says so.
    await expect.poll(() => hook.received.filter((r) => r.path === '/apj' && (r.json.case as { id?: string } | undefined)?.id === opened.id).map((r) => r.json.event), { timeout: 10_000 }).toEqual(
      expect.arrayContaining(['page.triggered', 'page.acknowledged']),
    );
    await page.close();
    const log = await signIn(admin);
    await log.goto(`${server.url}/admin/on-duty`);
    const row = log.getByRole('region', { name: 'Deliveries' }).getByRole('row').filter({ hasText: 'Webhook' }).filter({ hasText: 'Acknowledgement' }).first();
    await row.getByText('Delivered').waitFor();
    await expect(row.textContent()).resolves.toContain('202');
    await log.close();
  });

  it('acknowledges a page from the link in its email, once, without signing in; opening the link acknowledges nothing', async () => {
    const { customer: nina } = await pagedCustomer();
    const asCustomer = await signedIn(server.url, nina.email, nina.password);
    const opened = await asCustomer.call<{ id: string; number: string }>('POST', '/api/v1/cases', { subject: 'Night Bank: replication stopped', description: 'The standby is behind.', priority: 'critical', product: 'PAM' });
    const linkOf = () => sink.messages.map((m) => m.text ?? '').find((text) => text.includes(opened.number) && text.includes('/acknowledge?'));
    await expect.poll(linkOf, { timeout: 15_000 }).toBeTruthy();
    const link = new URL(/https?:\/\/\S+\/pages\/\S+\/acknowledge\?\S+/.exec(linkOf() ?? '')![0]);
    const { call } = await signedIn(server.url, admin.email, admin.password);
    const pageOf = async () => (await call<{ items: { id: string; acknowledgedBy: { name: string } | null }[] }>('GET', `/api/v1/pages?caseId=${opened.id}`)).items[0];

    const page = await newPage({ bypassCSP: true, locale: 'en-GB' });
    await page.goto(`${server.url}${link.pathname}${link.search}`);
    await page.getByRole('heading', { level: 1, name: 'Acknowledge a page' }).waitFor();
    await page.getByRole('button', { name: 'Acknowledge the page' }).waitFor();
    // Loading the page (as a mail scanner would) left the page open.
    await expect(pageOf().then((p) => p?.acknowledgedBy)).resolves.toBeNull();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTEFACTS, 'acknowledge-link.png'), fullPage: true });
    await page.getByRole('button', { name: 'Acknowledge the page' }).click();
    await page.getByRole('status').getByText(`Acknowledged: case ${opened.number} is yours to take.`).waitFor();
    await expect(page.getByRole('link', { name: `Open ${opened.number}` }).getAttribute('href')).resolves.toBe(`/cases/${opened.id}`);
    await expect(pageOf().then((p) => p?.acknowledgedBy?.name)).resolves.toBe('Eve Engineer');

    // The same link a second time says it was used; a link we did not sign says it is not valid.
    await page.reload();
    await page.getByRole('button', { name: 'Acknowledge the page' }).click();
    await page.getByRole('alert').getByText(/This link has been used already/).waitFor();
    await page.screenshot({ path: path.join(ARTEFACTS, 'acknowledge-link-used.png'), fullPage: true });
    await page.getByRole('button', { name: 'FR', exact: true }).click();
    await page.getByRole('alert').getByText(/Ce lien a déjà servi/).waitFor();
    await page.screenshot({ path: path.join(ARTEFACTS, 'acknowledge-link-used-fr.png'), fullPage: true });
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    const forged = new URL(link);
    forged.searchParams.set('token', 'x'.repeat(43));
    await page.goto(`${server.url}${forged.pathname}${forged.search}`);
    await page.getByRole('button', { name: 'Acknowledge the page' }).click();
    await page.getByRole('alert').getByText(/This link is not valid/).waitFor();
    await page.close();
  });

  it('says an engineer is on duty on the hotline only when a rota covers that customer now, and names 24/7 cover to a standard customer after hours', async () => {
    const { orgId, customer: nina } = await pagedCustomer();
    const hotlineOf = async (who: { email: string; password: string }, id: string) =>
      (await signedIn(server.url, who.email, who.password)).call<{ onDutyNow: boolean; regionOpen: boolean; cover24x7: boolean }>('GET', `/api/v1/organizations/${id}/hotline`);
    // Night Bank is premium in APJ, where both rotas have Eve: covered whether the centre is open or not.
    await expect(hotlineOf(nina, orgId).then((h) => h.onDutyNow)).resolves.toBe(true);
    const page = await signIn(nina);
    await page.getByRole('link', { name: 'Open a case' }).first().click();
    await page.getByRole('group', { name: 'Priority' }).getByLabel(/Critical/).check();
    // In APJ's hours the call goes to the team, with an engineer on duty; after them, to that engineer.
    await page.getByRole('status').filter({ hasText: 'hotline' }).getByText(/An engineer is on duty now|goes straight to the engineer on duty/).waitFor();
    await page.close();

    // Quiet Ltd is standard in Israel, where no rota exists: never "on duty".
    const { call } = await signedIn(server.url, admin.email, admin.password);
    const quiet = await call('POST', '/api/v1/organizations', { name: 'Quiet Ltd', kind: 'customer', region: 'IL' });
    await call('POST', `/api/v1/organizations/${quiet.id}/contracts`, { plan: 'standard', startsOn: '2020-01-01', endsOn: '2099-12-31', products: ['PAM'] });
    const quietUser = { email: 'q@quiet.test', password };
    await call('POST', `/api/v1/organizations/${quiet.id}/users`, { email: quietUser.email, name: 'Quinn', role: 'customer_user', password });
    const h = await hotlineOf(quietUser, quiet.id);
    expect([h.onDutyNow, h.cover24x7]).toEqual([false, false]);
    const other = await signIn(quietUser);
    await other.getByRole('link', { name: 'Open a case' }).first().click();
    await other.getByRole('group', { name: 'Priority' }).getByLabel(/Serious/).check();
    const hint = other.getByRole('status').filter({ hasText: 'hotline' });
    await hint.getByText(h.regionOpen ? /the team will take your call/ : /24\/7 cover for outages is sold separately/).waitFor();
    await expect(hint.textContent()).resolves.not.toContain('on duty');
    await other.screenshot({ path: path.join(ARTEFACTS, 'open-case-hotline-standard.png'), fullPage: true });
    await other.close();

    // The public hours page says "engineer on duty" exactly where the server says a rota covers the centre now.
    const statuses = await (await fetch(`${server.url}/api/v1/regions/status`)).json() as { region: string; onDutyNow: boolean }[];
    const hours = await newPage();
    await hours.goto(`${server.url}/support-hours`);
    for (const [code, name] of [['APJ', 'Asia-Pacific and Japan'], ['IL', 'Israel']] as const) {
      const card = hours.getByRole('listitem').filter({ has: hours.getByRole('heading', { name }) });
      await card.getByText(/Open now|Closed/).first().waitFor();
      await expect(card.getByText('An engineer is on duty now.').count(), code).resolves.toBe(statuses.find((s) => s.region === code)?.onDutyNow ? 1 : 0);
    }
    await hours.close();
  });
  it('keeps an answering-service advisor out of the case pages: the API answers 404 and the app leads to the advisor console', async () => {
    const { call } = await signedIn(server.url, admin.email, admin.password);
    const me = await call<{ organizationId: string }>('GET', '/api/v1/me');
    const advisor = { email: 'ada@vendor.test', password };
    await call('POST', `/api/v1/organizations/${me.organizationId}/users`, { email: advisor.email, name: 'Ada Advisor', role: 'advisor', region: 'EMEA', password });
    const { items } = await call<{ items: { id: string; subject: string }[] }>('GET', '/api/v1/cases?limit=100');
    const target = items.find((c) => c.subject === 'Vault does not start')!;
    const asAdvisor = await signedIn(server.url, advisor.email, advisor.password);
    await expect(asAdvisor.call('GET', `/api/v1/cases/${target.id}`)).rejects.toThrow(/404/);
    const page = await signIn(advisor);
    await page.goto(`${server.url}/cases/${target.id}`);
    await page.getByRole('heading', { level: 1, name: 'Answering service' }).waitFor();
    expect(page.url()).toBe(`${server.url}/calls`);
    await expect(page.getByText('Vault does not start').count()).resolves.toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('lets an administrator set a staff phone number, checked as E.164, and shows it as a tel: link in who is on duty', async () => {
    await pagedCustomer();
    const page = await signIn(admin);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organisations' }).click();
    await page.getByRole('link', { name: 'Casebook Support' }).click();
    const phone = page.getByRole('form', { name: 'Phone of Eve Engineer' });
    const input = phone.getByRole('textbox');
    await input.fill('0207 not a number');
    await phone.getByRole('button', { name: 'Save the phone of Eve Engineer' }).click();
    await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
    await input.fill('+61298765432');
    await phone.getByRole('button', { name: 'Save the phone of Eve Engineer' }).click();
    await expect.poll(() => input.getAttribute('aria-invalid')).toBe('false');
    expect(await axeViolations(page)).toEqual([]);
    // APJ's two rotas have Eve alone, so she is on duty there whether the centre is open or not.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'On duty' }).click();
    const apj = page.getByRole('region', { name: 'Who is on duty now' }).getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'APJ' }) });
    await expect(apj.getByRole('link', { name: '+61298765432' }).getAttribute('href')).resolves.toBe('tel:+61298765432');
    await page.close();
  });

  it('tells a partner why it sees none of the cases of a customer whose contract lapsed', { timeout: 90_000 }, async () => {
    const { call } = await signedIn(server.url, admin.email, admin.password);
    const { items } = await call<{ items: { id: string; name: string; lapsedSince: string | null }[] }>('GET', '/api/v1/organizations?kind=customer&limit=100');
    const gone = items.find((o) => o.name === 'Gone Ltd')!;
    await expect.poll(async () => (await call<{ lapsedSince: string | null }>('GET', `/api/v1/organizations/${gone.id}`)).lapsedSince, { timeout: 75_000, interval: 1_000 }).toBe('2021-01-02');
    const page = await signIn({ email: 'pia@lapse-partners.test', password });
    await page.getByRole('status').getByText('Gone Ltd’s maintenance contract lapsed on 2 Jan 2021, so its cases are hidden from partners until it is renewed.', { exact: false }).waitFor();
    await expect(page.getByText('You have no open cases').count()).resolves.toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTEFACTS, 'partner-lapsed-customer.png'), fullPage: true });
    await page.close();
  });
});
