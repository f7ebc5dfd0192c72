/// <reference lib="dom" />
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../apps/server/test/support/smtp-sink.ts';
import { signedIn } from './support/api-client.ts';
import { axeViolations, launchBrowser, overflow, pages, screenshot, unfoldMenu } from './support/browser.ts';
import { startServer, type ServerProcess } from './support/server-process.ts';

describe('the newsletter in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  const password = 'a long enough password';
  const admin = { email: 'news@vendor.test', password: 'a long admin password' };
  const customer = { email: 'reader@news-customer.test', password };
  const reader = 'curious.reader@example.test';

  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startServer({
      CASEBOOK_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-newsletter-')),
      CASEBOOK_ADMIN_EMAIL: admin.email,
      CASEBOOK_ADMIN_PASSWORD: admin.password,
      MAIL_SMTP_URL: sink.url,
    });
    const { call } = await signedIn(server.url, admin.email, admin.password);
    const org = await call('POST', '/api/v1/organizations', { name: 'News Customer', kind: 'customer', region: 'EMEA' });
    await call('POST', `/api/v1/organizations/${org.id}/contracts`, { plan: 'standard', startsOn: '2020-01-01', endsOn: '2099-12-31', products: ['PAM'] });
    await call('POST', `/api/v1/organizations/${org.id}/users`, { email: customer.email, name: 'Reader', role: 'customer_user', password });
    await call('POST', '/api/v1/newsletter/events', {
      kind: 'webinar',
      title: { en: 'Vault 12: what is new', fr: 'Vault 12 : les nouveautés' },
      startsAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
      durationMinutes: 45,
      registrationUrl: 'https://events.example.test/vault-12',
    });
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.close();
  });

  const { newPage, signIn, expectNoPageErrors } = pages(() => browser, () => server.url);
  afterEach(expectNoPageErrors);

  /** The last message to `to`, waiting for it to arrive. */
  async function mailTo(to: string, subject: RegExp): Promise<ParsedMail> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const found = sink.messages.filter((m) => JSON.stringify(m.to).includes(to) && subject.test(m.subject ?? '')).at(-1);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject}`);
      await sink.waitFor(sink.messages.length + 1, 15_000).catch(() => undefined);
    }
  }
  /** A link of a mail, on this test's server (the mail names the configured public URL). */
  const onServer = (link: string) => link.replace(/^https?:\/\/[^/]+/, server.url);

  it('subscribes from the public Stay in touch page, at 375 px, in English and French, and confirms from the mail', async () => {
    const page = await newPage({ bypassCSP: true, viewport: { width: 375, height: 800 }, locale: 'en-GB' });
    await page.goto(`${server.url}/stay-in-touch`);
    await page.getByRole('heading', { name: 'Stay in touch' }).waitFor();
    await page.getByText('Vault 12: what is new').waitFor();
    await page.getByText(/Consent \(version 2026-12-01\)/).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'newsletter-stay-in-touch-en');

    await page.getByLabel('Email address').fill(reader);
    await page.getByRole('checkbox', { name: 'Webinars' }).check();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByRole('status').filter({ hasText: 'Check your inbox' }).waitFor();

    await page.getByRole('button', { name: 'FR' }).click();
    await page.getByRole('heading', { name: 'Restons en contact' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'FR' }).click();
    await page.getByText(/Consentement \(version 2026-12-01\)/).waitFor();
    await page.getByText('Vault 12 : les nouveautés').waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'newsletter-stay-in-touch-fr');

    const mail = await mailTo(reader, /Confirm/);
    const link = /(https?:\/\/\S+\/newsletter\/confirm#token=\S+)/.exec(mail.text ?? '')![1]!;
    const confirm = await newPage({ bypassCSP: true, locale: 'en-GB' });
    await confirm.goto(onServer(link));
    await confirm.getByRole('button', { name: 'Confirm my subscription' }).click();
    await confirm.getByRole('status').filter({ hasText: 'You are subscribed' }).waitFor();
    expect(await axeViolations(confirm)).toEqual([]);
  }, 60_000);

  it('lets an admin write, preview and send a campaign, whose mail leads to the preferences page and the one-click unsubscribe page', async () => {
    const page = await signIn(admin);
    await page.getByRole('link', { name: 'Newsletter' }).click();
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.getByLabel('Topic', { exact: true }).selectOption('webinars');
    const en = page.getByRole('group', { name: 'In English' });
    await en.getByLabel('Subject').fill('Webinars this month');
    await en.getByLabel('Body (Markdown)').fill('# Join us\n\nOur **Vault 12** webinar is next week.');
    const fr = page.getByRole('group', { name: 'In French' });
    await fr.getByLabel('Subject').fill('Les webinaires du mois');
    await fr.getByLabel('Body (Markdown)').fill('# Rejoignez-nous\n\nNotre webinaire **Vault 12** a lieu la semaine prochaine.');
    await page.getByLabel('Include the upcoming events and webinars').check();
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await page.getByRole('heading', { name: 'Preview' }).waitFor();
    const frame = page.frameLocator('iframe[title="Preview of the email"]');
    await frame.getByText('Vault 12: what is new').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'newsletter-admin-campaign-en');
    await page.getByRole('button', { name: 'French' }).click();
    await frame.getByText('Rejoignez-nous').waitFor();
    await page.getByRole('button', { name: 'Send me a test' }).click();
    await page.getByRole('status').filter({ hasText: 'A test in each language' }).waitFor();
    await mailTo(admin.email, /\[Test\] Les webinaires du mois/);
    await page.getByRole('button', { name: 'Send now' }).click();
    await page.getByText(/Recipients 1 · sent 1/).waitFor({ timeout: 20_000 });
    await page.getByRole('link', { name: 'All campaigns' }).click();
    await page.getByText(/Recipients 1 · sent 1/).waitFor();
    await screenshot(page, 'newsletter-admin-list-en');

    const news = await mailTo(reader, /Webinars this month/);
    expect(news.text).toMatch(/You receive this because you subscribed/);
    const preferences = /(https?:\/\/\S+\/newsletter\/preferences#token=\S+)/.exec(news.text ?? '')![1]!;
    const prefs = await newPage({ bypassCSP: true, viewport: { width: 375, height: 800 }, locale: 'fr-FR' });
    await prefs.goto(onServer(preferences));
    await prefs.getByRole('button', { name: 'FR' }).click();
    await prefs.getByRole('heading', { name: 'Préférences de la lettre d’information' }).waitFor();
    await prefs.getByRole('checkbox', { name: 'Événements' }).check();
    await prefs.getByRole('button', { name: 'Enregistrer mes préférences' }).click();
    await prefs.getByRole('status').filter({ hasText: 'Enregistré' }).waitFor();
    expect(await overflow(prefs)).toBeLessThanOrEqual(0);
    expect(await axeViolations(prefs)).toEqual([]);
    await screenshot(prefs, 'newsletter-preferences-fr');

    const unsubscribeUrl = /<(https?:\/\/[^>]+\/api\/v1\/newsletter\/unsubscribe\?token=[^>]+)>/.exec(JSON.stringify(news.headers.get('list-unsubscribe')) + String(news.headerLines.find((l) => l.key === 'list-unsubscribe')?.line))![1]!;
    const unsub = await newPage({ bypassCSP: true, locale: 'en-GB' });
    await unsub.goto(onServer(unsubscribeUrl.replace(/\s+/g, '')));
    await unsub.getByRole('button', { name: 'Unsubscribe' }).waitFor();
    expect(await axeViolations(unsub)).toEqual([]);
    await screenshot(unsub, 'newsletter-unsubscribe-page-en');
    await prefs.reload();
    await prefs.getByRole('button', { name: 'Me désabonner de tout' }).waitFor(); // loading the page unsubscribed nobody
    await unsub.getByRole('button', { name: 'Unsubscribe' }).click();
    await unsub.getByRole('status').filter({ hasText: 'is unsubscribed' }).waitFor();
    await prefs.reload();
    await prefs.getByRole('button', { name: 'FR' }).click();
    await prefs.getByRole('button', { name: 'Me réabonner' }).waitFor();
  }, 90_000);

  it("subscribes a signed-in customer from the account page's card with one click", async () => {
    const page = await signIn(customer, { width: 375, height: 800 });
    await unfoldMenu(page);
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { name: 'Newsletter' }).waitFor();
    await page.getByText('You do not receive the newsletter.').waitFor();
    await page.getByRole('region', { name: 'Newsletter' }).getByLabel('Events').check();
    await page.getByRole('region', { name: 'Newsletter' }).getByRole('button', { name: 'Subscribe' }).click();
    await page.getByText('You receive: Best practices, Events.').waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'newsletter-account-card-en');
  }, 60_000);
});
