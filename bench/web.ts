// The portal's first page on loopback with the demo data: how long from navigation until the
// signed-in customer's case list is on screen and "Open a case" can be clicked, in Debian's
// Chromium. Also the engineer's queue. Medians of repeated cold loads (a new browser context each).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { chromium, type Page } from 'playwright-core';
import { startServer } from '../e2e/support/server-process.ts';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'casebook-demo-2026';
const demo = fileURLToPath(new URL('../apps/server/dist/demo.mjs', import.meta.url));

function loadDemo(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--enable-source-maps', demo], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`demo exited with ${code}`)))));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export async function benchWebFirstPage(runs = 11): Promise<{ label: string; value: string }[]> {
  if (!fs.existsSync(CHROMIUM)) return [{ label: 'web first page', value: `skipped: ${CHROMIUM} is not installed (apt-get install chromium)` }];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-bench-web-'));
  const accounts = await loadDemo({ CASEBOOK_DATA_DIR: dataDir });
  const customer = /(\S+@\S+\.demo\.test)\s+customer_admin/.exec(accounts)?.[1];
  if (!customer) throw new Error(`no customer admin in the demo output:\n${accounts}`);
  const server = await startServer({ CASEBOOK_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  // The demo's history leaves thousands of due jobs (its notification emails, SLA alerts); time the
  // app once the worker has caught up, as a running installation would be.
  const db = new Database(path.join(dataDir, 'casebook.sqlite'), { readonly: true });
  const backlogStart = performance.now();
  const due = () => (db.prepare("select count(*) as n from jobs where status in ('queued', 'running') and run_at <= ?").get(new Date().toISOString()) as { n: number }).n;
  while (due() > 0 && performance.now() - backlogStart < 300_000) await new Promise((r) => setTimeout(r, 500));
  const backlog = Math.round((performance.now() - backlogStart) / 1000);
  db.close();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    /** Signs in through the form once, then times cold loads of `url` with that session. */
    const time = async (email: string, url: string, ready: (page: Page) => Promise<unknown>) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}/sign-in`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      const state = await context.storageState();
      await context.close();
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const ctx = await browser.newContext({ storageState: state });
        const p = await ctx.newPage();
        const started = performance.now();
        await p.goto(`${server.url}${url}`);
        await ready(p);
        samples.push(performance.now() - started);
        await ctx.close();
      }
      return samples;
    };
    const portal = await time(customer, '/', async (p) => {
      await p.locator('table.cases tbody tr').first().waitFor();
      await p.getByRole('link', { name: 'Open a case' }).first().click({ trial: true });
    });
    // The floor: the same cold load of a page with nothing on it (the public health check).
    const floor = await time(customer, '/healthz', (p) => p.getByText('"status"').waitFor());
    const queue = await time('admin@demo.casebook.test', '/queues/all', (p) => p.locator('table.dense tbody tr').first().waitFor());
    return [
      { label: 'demo job backlog worked off before timing', value: `${backlog} s` },
      { label: `portal first page, signed-in customer (${customer}), cold load to list shown and clickable`, value: `median ${Math.round(median(portal))} ms, worst ${Math.round(Math.max(...portal))} ms over ${runs} loads` },
      { label: 'floor: the same cold load of a one-line JSON page (/healthz)', value: `median ${Math.round(median(floor))} ms` },
      { label: 'engineer queue "All open", cold load to first row', value: `median ${Math.round(median(queue))} ms, worst ${Math.round(Math.max(...queue))} ms over ${runs} loads` },
    ];
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const { label, value } of await benchWebFirstPage()) console.log(`  ${label}: ${value}`);
}
