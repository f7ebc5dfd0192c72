/// <reference lib="dom" />
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './support/api-client.ts';
import { axeViolations, launchBrowser, overflow, pages, screenshot, switchLanguage } from './support/browser.ts';
import { startServer, type ServerProcess } from './support/server-process.ts';

describe('the advisor console in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  const password = 'a long enough password';
  const advisor = { email: 'sam@vendor.test', password };
  const admin = { email: 'ops@vendor.test', password: 'a long admin password' };
  let call: Awaited<ReturnType<typeof signedIn>>['call'];

  beforeAll(async () => {
    server = await startServer({
      CASEBOOK_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-phone-')),
      CASEBOOK_ADMIN_EMAIL: admin.email,
      CASEBOOK_ADMIN_PASSWORD: admin.password,
      // The shared test machine can be slow to start a process.
    }, 120_000);
    ({ call } = await signedIn(server.url, admin.email, admin.password));
    const post = (url: string, body: unknown) => call('POST', url, body);
    const me = await call<{ organizationId: string }>('GET', '/api/v1/me');
    await post(`/api/v1/organizations/${me.organizationId}/users`, { email: advisor.email, name: 'Sam Advisor', role: 'advisor', password });
    const acme = await post('/api/v1/organizations', { name: 'Acme Vaults', kind: 'customer', region: 'EMEA' });
    await post(`/api/v1/organizations/${acme.id}/contracts`, { plan: 'premium', startsOn: '2020-01-01', endsOn: '2099-12-31', products: ['PAM'], number: '40012345' });
    await post(`/api/v1/organizations/${acme.id}/users`, { email: 'lena@acme-vaults.test', name: 'Léna Martin', role: 'customer_user', password });
    const gone = await post('/api/v1/organizations', { name: 'Gone Ltd', kind: 'customer', region: 'EMEA', locale: 'fr' });
    await post(`/api/v1/organizations/${gone.id}/contracts`, { plan: 'standard', startsOn: '2020-01-01', endsOn: '2021-01-01', products: ['PAM'] });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const { signIn, expectNoPageErrors } = pages(() => browser, () => server.url);
  afterEach(expectNoPageErrors);

  it('finds the caller’s organisation, records the call with the keyboard and shows what happens next and the script', async () => {
    const page = await signIn(advisor);
    await page.getByRole('heading', { name: 'Answering service' }).waitFor();
    // The search box comes first and has the focus.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('intake-search');
    await page.keyboard.type('40012345');
    await page.getByRole('button', { name: /Acme Vaults/ }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('Premium, 24/7 cover').first().waitFor();
    await page.getByLabel('Who is calling').selectOption({ label: 'Léna Martin (lena@acme-vaults.test)' });
    expect(await page.getByLabel('Caller’s name').inputValue()).toBe('Léna Martin');
    await page.getByLabel('Caller’s phone number').fill('+33 1 23 45 67 89');
    await page.getByLabel('What is wrong').fill('The vault service stops every few minutes');
    await page.getByLabel('Production impact').fill('Nobody can check out a password since 09:00');
    await page.getByRole('checkbox', { name: 'Production is down' }).check();
    await page.getByRole('radio', { name: /Critical/ }).check();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'advisor-call-form-en');
    await page.getByRole('button', { name: 'Record the call and open a case' }).click();
    const result = page.getByRole('status').filter({ hasText: 'Call recorded' });
    await result.getByText(/Case CB-\d{6} is open and waits for triage; the engineer on duty has been paged\./).waitFor();
    await result.getByText(/Thank you, Léna Martin\. Your request is recorded as case CB-\d{6}/).waitFor();
    await page.getByRole('region', { name: 'Today’s calls' }).getByText(/Léna Martin · Acme Vaults/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'advisor-call-recorded-en');
    // The advisor's console is all they get: a case page or the queues lead back to it.
    await page.goto(`${server.url}/queues/mine`);
    await page.getByRole('heading', { name: 'Answering service' }).waitFor();
    expect(page.url()).toBe(`${server.url}/calls`);
  });

  it('works at 375 px and in French, and says a lapse before anything is recorded', { timeout: 90_000 }, async () => {
    const { items } = await call<{ items: { id: string; name: string }[] }>('GET', '/api/v1/organizations?kind=customer&limit=100');
    const gone = items.find((o) => o.name === 'Gone Ltd')!;
    await expect.poll(async () => (await call<{ lapsedSince: string | null }>('GET', `/api/v1/organizations/${gone.id}`)).lapsedSince, { timeout: 75_000, interval: 1_000 }).toBe('2021-01-02');
    const page = await signIn(advisor, { width: 375, height: 800 });
    await switchLanguage(page, 'FR');
    await page.getByRole('heading', { name: 'Service de réponse' }).waitFor();
    await page.getByLabel('Trouver l’organisation de l’appelant').fill('Gone');
    await page.getByRole('button', { name: /Gone Ltd/ }).click();
    await page.getByText('Maintenance expirée le 2 janv. 2021 : n’ouvrez pas de cas, lisez ce texte à l’appelant.').waitFor();
    await page.getByLabel('Nom de l’appelant').fill('Paul Durand');
    await page.getByLabel('Téléphone de l’appelant').fill('+33 6 00 00 00 00');
    await page.getByLabel('Le problème').fill('Le coffre ne démarre plus');
    await page.getByLabel('Impact sur la production').fill('Toute la production est arrêtée');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'advisor-lapsed-fr-375');
    await page.getByRole('button', { name: 'Enregistrer l’appel (aucun cas ne sera ouvert)' }).click();
    const result = page.getByRole('status').filter({ hasText: 'Appel enregistré' });
    await result.getByText('Aucun cas ouvert : la maintenance a expiré. Lisez ce texte à l’appelant.').waitFor();
    await result.getByText(/Le contrat de maintenance de Gone Ltd a expiré le 2 janv. 2021/).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'advisor-refused-fr-375');
  });
});
