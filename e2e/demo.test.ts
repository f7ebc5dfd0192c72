import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dialects, type TestDatabase } from '../apps/server/test/support/database.ts';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const demo = fileURLToPath(new URL('../apps/server/src/tools/demo.ts', import.meta.url));

function runDemo(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', demo], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise<{ code: number | null; out: string }>((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

describe.each(dialects)('npm run demo on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database.destroy());

  it('loads customers, partners and cases in every status, prints the accounts, and is safe to run twice', async () => {
    const dataDir = database.location.kind === 'sqlite' ? path.dirname(database.location.file) : fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-demo-'));
    const env = { CASEBOOK_DATA_DIR: dataDir, ...(database.location.kind === 'postgres' && { DATABASE_URL: database.location.url }) };
    const first = await runDemo(env);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/20 customers \(3 lapsed\), 2 partners, \d+ cases/);
    expect(first.out).toContain('admin@demo.casebook.test');
    expect(first.out).toContain('integra@partner.demo.casebook.test');

    const statuses = await database.db.selectFrom('cases').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    expect(statuses.map((s) => s.status).sort()).toEqual(['closed', 'new', 'on_hold', 'open', 'resolved', 'waiting_on_customer']);
    const total = statuses.reduce((sum, s) => sum + Number(s.n), 0);
    expect(total).toBeGreaterThan(400);
    const comments = await database.db.selectFrom('case_comments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(comments.n)).toBeGreaterThan(total);
    // The history's emails and past SLA alerts count as sent: a first start sends no storm of mail.
    const pastMail = await database.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'queued')
      .where('type', 'in', ['notifications.email', 'sla.warning', 'sla.breach'])
      .where('run_at', '<', new Date(Date.now() - 60_000).toISOString())
      .executeTakeFirstOrThrow();
    expect(Number(pastMail.n)).toBe(0);
    expect(first.out).toMatch(/\d+ past emails and alerts marked as sent/);
    const regions = await database.db.selectFrom('users').select('region').distinct().where('role', '=', 'engineer').execute();
    expect(regions.map((r) => r.region).sort()).toEqual(['AMER', 'APJ', 'EMEA', 'IL']);

    const second = await runDemo(env);
    expect(second.code).toBe(0);
    expect(second.out).toContain('already loaded');
    const after = await database.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(total);
  }, 120_000);
});
