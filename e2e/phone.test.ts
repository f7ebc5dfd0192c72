/// <reference lib="dom" />
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import twilio from 'twilio';
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
  const engineer = { email: 'eve@vendor.test', password };
  const lena = { email: 'lena@acme-vaults.test', password };
  const AUTH_TOKEN = 'twilio-e2e-auth-token-0123456789';
  let call: Awaited<ReturnType<typeof signedIn>>['call'];

  beforeAll(async () => {
    server = await startServer({
      CASEBOOK_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-phone-')),
      CASEBOOK_ADMIN_EMAIL: admin.email,
      CASEBOOK_ADMIN_PASSWORD: admin.password,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      // The shared test machine can be slow to start a process.
    }, 120_000);
    ({ call } = await signedIn(server.url, admin.email, admin.password));
    const post = (url: string, body: unknown) => call('POST', url, body);
    const me = await call<{ organizationId: string }>('GET', '/api/v1/me');
    await post(`/api/v1/organizations/${me.organizationId}/users`, { email: advisor.email, name: 'Sam Advisor', role: 'advisor', password });
    await post(`/api/v1/organizations/${me.organizationId}/users`, { email: engineer.email, name: 'Eve Engineer', role: 'engineer', password });
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

  /** Posts Twilio's form parameters to the voice webhook, signed over the server's public URL as Twilio signs them. */
  async function twilioPost(pathAndQuery: string, params: Record<string, string>) {
    const publicUrl = server.url.replace('127.0.0.1', 'localhost');
    const res = await fetch(`${server.url}${pathAndQuery}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${publicUrl}${pathAndQuery}`, params) },
      body: new URLSearchParams(params),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return res.text();
  }

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
    // Signing in lands on the queues, which send an advisor on to /calls: switch once there.
    await page.getByRole('heading', { name: 'Answering service' }).waitFor();
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

  it('lets an admin set a region’s phone line, shows staff the calls it answered with the reason in words, and tells the customer what a call does now', { timeout: 90_000 }, async () => {
    const page = await signIn(admin);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Phone line' }).click();
    await page.getByRole('heading', { name: 'Phone line', level: 1 }).waitFor();
    const emea = page.getByRole('form', { name: 'Europe, Middle East and Africa' });
    await emea.getByText('0 calls in progress with the team.').waitFor();
    // The browser checks the shared schema's rules before anything is sent.
    await emea.getByLabel('Team number').fill('020 7123 4567');
    await emea.getByLabel('Send calls to the answering service from this many calls in progress').fill('0');
    await emea.getByRole('button', { name: 'Save the phone settings of EMEA' }).click();
    await emea.getByText('This is not in the expected form.').waitFor();
    await emea.getByText('At least 1.').waitFor();
    await emea.getByLabel('Team number').fill('+442071234567');
    await emea.getByLabel('Answering service number').fill('+442070000000');
    await emea.getByLabel('Send calls to the answering service from this many calls in progress').fill('3');
    await emea.getByLabel('Send every call to the answering service now').check();
    await emea.getByRole('button', { name: 'Save the phone settings of EMEA' }).click();
    await emea.getByRole('status').getByText('Saved').waitFor();
    await emea.getByText('Every call goes to the answering service.').waitFor();
    const saved = (await call<{ region: string }[]>('GET', '/api/v1/regions/phone')).find((r) => r.region === 'EMEA');
    expect(saved).toMatchObject({ teamPhone: '+442071234567', answeringServicePhone: '+442070000000', overflowAt: 3, forceAnsweringService: true });

    // A real call through the signed webhook: Acme's contract number, then 1 (production down).
    const sid = 'CA' + 'e2e'.padEnd(32, '0');
    const base = { CallSid: sid, From: '+33612345678', To: '+44-203-7287074', AccountSid: 'AC' + '0'.repeat(32) };
    await twilioPost('/api/v1/voice/incoming', { ...base, CallStatus: 'ringing' });
    await twilioPost('/api/v1/voice/gather?step=contract', { ...base, Digits: '40012345' });
    const dial = await twilioPost('/api/v1/voice/gather?step=priority', { ...base, Digits: '1' });
    expect(dial).toContain('+442070000000');
    await page.reload();
    const log = page.getByRole('table', { name: 'Calls the line answered' });
    const row = log.getByRole('row').filter({ hasText: '+33612345678' });
    await row.getByText('Acme Vaults').waitFor();
    await row.getByText('The answering service').waitFor();
    await row.getByText('(switch on)').waitFor();
    await row.getByText('In progress').waitFor();
    await twilioPost('/api/v1/voice/status', { ...base, CallStatus: 'completed' });
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'phone-line-admin-en');

    // The customer learns what a critical call does right now: with the switch on, the answering service.
    const customer = await signIn(lena);
    await customer.goto(`${server.url}/cases/new`);
    await customer.getByRole('radio', { name: /Critical/ }).check();
    await customer.getByText('The team is busy right now: the answering service will take your call and hand it to the team at once.').waitFor();

    // An engineer reads the settings and the log; only an administrator changes them.
    const eve = await signIn(engineer, { width: 375, height: 800 });
    await eve.goto(`${server.url}/phone`);
    await eve.getByRole('heading', { name: 'Phone line', level: 1 }).waitFor();
    await switchLanguage(eve, 'FR');
    await eve.getByRole('heading', { name: 'Ligne téléphonique', level: 1 }).waitFor();
    const emeaFr = eve.getByRole('region', { name: 'Europe, Moyen-Orient et Afrique' });
    await emeaFr.getByText('Tous les appels vont au service de réponse.').waitFor();
    await emeaFr.getByText('+442071234567').waitFor();
    expect(await eve.getByRole('button', { name: /Enregistrer/ }).count()).toBe(0);
    const rowFr = eve.getByRole('row').filter({ hasText: '+33612345678' });
    await rowFr.getByText('(interrupteur activé)').waitFor();
    await rowFr.getByText('Terminé').waitFor();
    expect(await overflow(eve)).toBeLessThanOrEqual(0);
    expect(await axeViolations(eve)).toEqual([]);
    await screenshot(eve, 'phone-line-engineer-fr-375');

    // Switched back, the team answers again while the centre is open.
    await emea.getByLabel('Send every call to the answering service now').uncheck();
    await emea.getByRole('button', { name: 'Save the phone settings of EMEA' }).click();
    await emea.getByRole('status').getByText('Saved').waitFor();
    expect((await call<{ region: string; forceAnsweringService: boolean }[]>('GET', '/api/v1/regions/phone')).find((r) => r.region === 'EMEA')?.forceAnsweringService).toBe(false);
  });
});
