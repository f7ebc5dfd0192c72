/// <reference lib="dom" />
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './support/api-client.ts';
import { startServer, type ServerProcess } from './support/server-process.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTEFACTS = path.resolve('test-results/screenshots');
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious or critical accessibility violations on the page, by rule id. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(async () => (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string }[] }> } }).axe.run())) as {
    violations: { id: string; impact: string }[];
  };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
}

describe('the web app in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  const customer = { email: 'reader@portal-customer.test', password: 'a long enough password' };

  beforeAll(async () => {
    fs.mkdirSync(ARTEFACTS, { recursive: true });
    server = await startServer({ CASEBOOK_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-web-')), CASEBOOK_ADMIN_EMAIL: 'ops@vendor.test', CASEBOOK_ADMIN_PASSWORD: 'a long admin password' });
    const { call } = await signedIn(server.url, 'ops@vendor.test', 'a long admin password');
    const post = (url: string, body: unknown) => call('POST', url, body);
    const org = await post('/api/v1/organizations', { name: 'Portal Customer', kind: 'customer', region: 'EMEA' });
    await post(`/api/v1/organizations/${org.id}/contracts`, { plan: 'standard', startsOn: '2020-01-01', endsOn: '2099-12-31', products: ['PAM'] });
    const user = await post(`/api/v1/organizations/${org.id}/users`, { email: customer.email, name: 'Reader', role: 'customer_user', password: customer.password });
    await post('/api/v1/cases', { organizationId: org.id, contactUserId: user.id, subject: 'Vault does not start', description: 'x', priority: 'serious', product: 'PAM', channel: 'portal' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the four support centres, open or closed now, to anyone', async () => {
    // bypassCSP only lets the test inject axe-core; the app itself runs under its real policy.
    const page = await browser.newPage({ bypassCSP: true });
    await page.goto(`${server.url}/support-hours`);
    await page.getByRole('heading', { name: 'Support hours' }).waitFor();
    for (const name of ['Americas', 'Europe, Middle East and Africa', 'Asia-Pacific and Japan', 'Israel']) {
      await expect(page.getByRole('heading', { name }).isVisible()).resolves.toBe(true);
    }
    await expect(page.getByText(/Open now|Closed/).count()).resolves.toBe(4);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTEFACTS, 'support-hours.png'), fullPage: true });
    await page.close();
  });

  it('signs a customer in, lists their cases, and switches to French, remembered on the user', async () => {
    const page = await browser.newPage({ bypassCSP: true });
    await page.goto(server.url);
    await page.getByLabel('Email').fill(customer.email);
    await page.getByLabel('Password').fill(customer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your cases' }).waitFor();
    await expect(page.getByText('Vault does not start').isVisible()).resolves.toBe(true);
    await expect(page.getByText('Serious').isVisible()).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTEFACTS, 'cases-en.png'), fullPage: true });

    await page.getByRole('button', { name: 'FR' }).click();
    await page.getByRole('heading', { name: 'Vos cas' }).waitFor();
    await expect(page.getByText('Grave').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(ARTEFACTS, 'cases-fr.png'), fullPage: true });
    await page.close();

    // A new browser signs in and finds French, because the choice was saved on the user.
    const again = await browser.newPage();
    await again.goto(`${server.url}/sign-in`);
    await again.getByLabel('Email').fill(customer.email);
    await again.getByLabel('Password').fill(customer.password);
    await again.getByRole('button', { name: 'Sign in' }).click();
    await again.getByRole('heading', { name: 'Vos cas' }).waitFor();
    await again.close();
  });

  it('lets a customer open a case through the guided form and see it listed', async () => {
    const page = await browser.newPage({ bypassCSP: true });
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('E-mail').or(page.getByLabel('Email')).fill(customer.email);
    await page.getByLabel('Mot de passe').or(page.getByLabel('Password')).fill(customer.password);
    await page.getByRole('button', { name: /Se connecter|Sign in/ }).click();
    // The previous test left this user in French: once signed in, switch back for the English names.
    await page.getByRole('heading', { name: /Your cases|Vos cas/ }).waitFor();
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { name: 'Your cases' }).waitFor();
    await page.getByRole('link', { name: 'Open case' }).click();
    await page.getByLabel('Product', { exact: true }).selectOption('PAM');
    await page.getByRole('group', { name: 'Priority' }).getByLabel(/Critical/).check();
    await expect(page.getByRole('status').textContent()).resolves.toContain('+44-203-7287074');
    await page.getByLabel('Subject', { exact: true }).fill('Production vault is down');
    await page.getByLabel('Description', { exact: true }).fill('All sessions fail since 09:00.');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTEFACTS, 'open-case.png'), fullPage: true });
    await page.getByRole('button', { name: 'Open case' }).click();
    await page.getByRole('heading', { name: 'Your cases' }).waitFor();
    await page.getByText('Production vault is down').waitFor();
    await expect(page.getByRole('row', { name: /Production vault is down/ }).getByText('Critical').isVisible()).resolves.toBe(true);
    await page.close();
  });

  it('keeps typed text and shows the error next to the form when sign-in fails, and fits 375 px', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill('nobody@example.test');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('not correct');
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe('nobody@example.test');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTEFACTS, 'sign-in-375.png') });
    await page.close();
  });
});
