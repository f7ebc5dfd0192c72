/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect, vi } from 'vitest';

/** Debian's Chromium; `e2e/setup-web.ts` installs it when missing. */
export const CHROMIUM = '/usr/bin/chromium';
/** Where browser tests leave their screenshots, to be looked at after a run. */
export const ARTEFACTS = path.resolve('test-results/screenshots');

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious or critical accessibility violations on the page, by rule id. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(async () => (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string }[] }> } }).axe.run())) as {
    violations: { id: string; impact: string }[];
  };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
}

/** How far the page is wider than the window: anything above 0 means sideways scrolling. */
export const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Chromium headless with the flags this closed network needs (no background connections). */
export function launchBrowser(): Promise<Browser> {
  fs.mkdirSync(ARTEFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Pages for one test file: `newPage` opens a fresh context whose uncaught errors are collected, and
 * `expectNoPageErrors` (call it in `afterEach`) fails the test if a page crashed. `signIn` opens a
 * fresh browser (own cookies) signed in through the sign-in form; bypassCSP only lets a test inject axe-core.
 */
export function pages(browser: () => Browser, baseUrl: () => string) {
  const pageErrors: string[] = [];
  async function newPage(options: Parameters<Browser['newPage']>[0] = {}) {
    const page = await browser().newPage(options);
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  }
  async function signIn(who: { email: string; password: string }, viewport = { width: 1280, height: 900 }, locale = 'en-GB') {
    const page = await newPage({ bypassCSP: true, viewport, locale });
    await page.goto(`${baseUrl()}/sign-in`);
    await page.getByLabel('Email').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The interface then speaks the language saved on the user, which an earlier test may have changed.
    await page.getByRole('button', { name: /^(Sign out|Se déconnecter)$/ }).waitFor();
    return page;
  }
  const expectNoPageErrors = () => expect(pageErrors.splice(0)).toEqual([]);
  return { newPage, signIn, expectNoPageErrors };
}

/** A full-page screenshot under test-results/screenshots. */
export const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTEFACTS, `${name}.png`), fullPage: true });

/**
 * On a phone the header folds the navigation, the person and the language switch into its menu
 * (apps/web/src/app.tsx): this opens the menu when it is folded, and does nothing on a wider screen.
 */
export async function unfoldMenu(page: Page) {
  // The header folds below 40rem (styles.css); decided by the window, not by what has rendered yet.
  if ((page.viewportSize()?.width ?? 1280) > 640) return;
  const toggle = page.getByRole('button', { name: 'Menu', exact: true });
  await toggle.waitFor();
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

/** Switches the interface language with the header's EN/FR buttons, on any screen width. */
export async function switchLanguage(page: Page, lang: 'EN' | 'FR') {
  // A navigation closes the menu (app.tsx): should one land between unfolding and clicking, unfold again.
  await vi.waitFor(
    async () => {
      await unfoldMenu(page);
      await page.getByRole('button', { name: lang, exact: true }).click({ timeout: 2_000 });
    },
    { timeout: 10_000, interval: 100 },
  );
  await page.locator(`html[lang="${lang.toLowerCase()}"]`).waitFor({ state: 'attached' });
}
