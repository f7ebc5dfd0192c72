/// <reference lib="dom" />
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../apps/server/test/support/smtp-sink.ts';
import { signedIn } from './support/api-client.ts';
import { axeViolations, launchBrowser, overflow, pages, screenshot } from './support/browser.ts';
import { startServer, type ServerProcess } from './support/server-process.ts';

describe('self-service accounts in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  const password = 'a long enough password';
  const customerAdmin = { email: 'claire@accounts-customer.test', password };
  const admin = { email: 'ops@vendor.test', password: 'a long admin password' };
  let caseId = '';
  const phone = { width: 375, height: 800 };

  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startServer({
      CASEBOOK_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-accounts-')),
      CASEBOOK_ADMIN_EMAIL: admin.email,
      CASEBOOK_ADMIN_PASSWORD: admin.password,
      MAIL_SMTP_URL: sink.url,
    });
    const { call } = await signedIn(server.url, admin.email, admin.password);
    const org = await call('POST', '/api/v1/organizations', { name: 'Accounts Customer', kind: 'customer', region: 'EMEA' });
    await call('POST', `/api/v1/organizations/${org.id}/contracts`, { plan: 'standard', startsOn: '2020-01-01', endsOn: '2099-12-31', products: ['PAM'] });
    const claire = await call('POST', `/api/v1/organizations/${org.id}/users`, { email: customerAdmin.email, name: 'Claire Admin', role: 'customer_admin', password });
    caseId = (await call('POST', '/api/v1/cases', { organizationId: org.id, contactUserId: claire.id, subject: 'Vault refuses logins', description: 'x', priority: 'moderate', product: 'PAM', channel: 'portal' })).id;
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.close();
  });

  const { newPage, signIn, expectNoPageErrors } = pages(() => browser, () => server.url);
  afterEach(expectNoPageErrors);

  /** The newest mail to `to`, once it has arrived. */
  async function mailTo(to: string, after = 0) {
    await expect.poll(() => sink.messages.slice(after).some((m) => JSON.stringify(m.to).includes(to)), { timeout: 10_000 }).toBe(true);
    return sink.messages.slice(after).filter((m) => JSON.stringify(m.to).includes(to)).at(-1)!;
  }
  /** The link in a mail, on the server under test (the mail names the configured public address). */
  const linkIn = (text: string, page: string) => `${server.url}/${page}${/\/[a-z-]+(#token=[^\s]+)/.exec(text.slice(text.indexOf(`/${page}#`)))?.[1] ?? ''}`;

  async function signInAt(page: Page, email: string, pw: string) {
    await page.goto(`${server.url}/sign-in`);
    // English chosen before signing in wins over the person's saved language.
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(pw);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  it('lets a customer admin invite a colleague from the portal, who chooses a password from the mail; then deactivates and reactivates them', async () => {
    const page = await signIn(customerAdmin, phone);
    // On a phone the navigation folds into the header's menu.
    await expect(page.getByRole('link', { name: 'Account' }).isVisible()).resolves.toBe(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    const form = page.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('Name').fill('Colin Colleague');
    await form.getByLabel('Email').fill('colin@accounts-customer.test');
    await form.getByLabel('Role').selectOption('customer_user');
    const before = sink.messages.length;
    await form.getByRole('button', { name: 'Invite' }).click();
    const row = page.getByRole('row', { name: /Colin Colleague/ });
    await row.getByText('Invited').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'accounts-colleagues-375');

    const invitation = await mailTo('colin@accounts-customer.test', before);
    const colin = await newPage({ bypassCSP: true, viewport: phone });
    await colin.goto(linkIn(invitation.text ?? '', 'accept-invitation'));
    await colin.getByRole('heading', { name: /choose your password/ }).waitFor();
    await colin.getByLabel('New password').fill('colin chooses a long password');
    await colin.getByRole('button', { name: 'Save the password' }).click();
    await colin.getByText('Your password is saved.').waitFor();
    expect(await axeViolations(colin)).toEqual([]);
    await signInAt(colin, 'colin@accounts-customer.test', 'colin chooses a long password');
    await colin.close();

    await page.reload();
    await row.getByText('Active').waitFor();
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await row.getByText('Deactivated').waitFor();
    await row.getByRole('button', { name: 'Reactivate' }).click();
    await row.getByText('Active').waitFor();
    await page.close();
  });

  it('creates an API token on the profile, shows it once, and the token calls the API until revoked', async () => {
    const page = await signIn(customerAdmin);
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    const form = page.getByRole('form', { name: 'New API token' });
    await form.getByLabel('Token name').fill('Nightly export');
    await form.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.getByLabel('The new token').textContent()) ?? '';
    expect(secret).toMatch(/^cbt_/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'accounts-profile-token');

    const me = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe(customerAdmin.email);
    // Shown once: a reload lists the token by name, with when it was last used, and never its secret.
    await page.reload();
    const item = page.getByRole('listitem').filter({ hasText: 'Nightly export' });
    await item.getByText(/last used/).waitFor();
    await expect(page.getByText(secret).count()).resolves.toBe(0);
    await item.getByRole('button', { name: 'Revoke Nightly export' }).click();
    await page.getByText('You have no API tokens.').waitFor();
    expect((await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);
    await page.close();
  });

  it('resets a forgotten password with the link from the mail, once', async () => {
    const { call } = await signedIn(server.url, admin.email, admin.password);
    const me = await call<{ organizationId: string }>('GET', '/api/v1/me');
    await call('POST', `/api/v1/organizations/${me.organizationId}/users`, { email: 'fred@vendor.test', name: 'Fred Forgetful', role: 'engineer', region: 'EMEA', locale: 'fr', password: 'fred forgot this password' });
    const page = await newPage({ bypassCSP: true, viewport: phone, locale: 'en-GB' });
    await page.goto(`${server.url}/sign-in`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    // The sign-in form stays on screen while the page loads: wait for the new one.
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await page.getByLabel('Email').fill('fred@vendor.test');
    const before = sink.messages.length;
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText(/a link is on its way/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'accounts-forgot-375');

    const mail = await mailTo('fred@vendor.test', before);
    expect(mail.subject).toBe('Réinitialiser votre mot de passe Casebook');
    const link = linkIn(mail.text ?? '', 'reset-password');
    await page.goto(link);
    await page.getByRole('button', { name: 'FR' }).click();
    await page.getByRole('heading', { name: 'Choisissez un nouveau mot de passe' }).waitFor();
    await page.getByLabel('Nouveau mot de passe').fill('fred now remembers this one');
    await screenshot(page, 'accounts-reset-fr');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByText('Votre mot de passe est enregistré.').waitFor();
    await signInAt(page, 'fred@vendor.test', 'fred now remembers this one');
    await page.close();

    const again = await newPage({ bypassCSP: true });
    await again.goto(link);
    await again.getByLabel('New password').fill('someone else tries this');
    await again.getByRole('button', { name: 'Save the password' }).click();
    await again.getByText(/no longer valid/).waitFor();
    await again.close();
  });

  it('shows times on a case page in the zone chosen on the profile, the zone named', async () => {
    const page = await signIn(customerAdmin, { width: 1280, height: 900 }, 'en-GB');
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('heading', { name: 'Your details' }).waitFor();
    await page.getByLabel('Time zone').selectOption('Asia/Tokyo');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByRole('heading', { level: 1, name: 'Vault refuses logins' }).waitFor();
    const times = page.locator('time');
    await times.first().waitFor();
    await expect(times.first().getAttribute('title')).resolves.toBe('Asia/Tokyo');
    await expect(times.first().textContent()).resolves.toMatch(/GMT\+9/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'accounts-case-tokyo');
    await page.close();
  });

  it('serves API docs that carry Casebook’s name, say how to authenticate, and log no console errors', async () => {
    const page = await newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.url}/api/docs`);
    // Swagger UI renders the whole document before the heading appears: slow on a busy machine.
    await page.getByRole('heading', { name: /Casebook API/ }).waitFor({ timeout: 30_000 });
    await expect(page.title()).resolves.toMatch(/Casebook/);
    await page.getByText(/x-csrf-token/).first().waitFor();
    await page.getByText(/Authorization: Bearer/).first().waitFor();
    await screenshot(page, 'accounts-api-docs');
    expect(errors).toEqual([]);
    await page.close();
  });
});
