import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dialects, type TestDatabase } from '../apps/server/test/support/database.ts';
import { verifyPassword } from '../apps/server/src/adapters/password.ts';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer, type ServerProcess } from './support/server-process.ts';

/** The block `npm start` prints when it creates the first administrator. */
const ADMIN_NOTICE = /^\s+password:\s/m;
/** The compiled demo loader, as `npm run demo` runs it (the test set-up builds it). */
const demo = fileURLToPath(new URL('../apps/server/dist/demo.mjs', import.meta.url));

function runDemo(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--enable-source-maps', demo], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise<{ code: number | null; out: string }>((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

/** Where the demo finds this database: the SQLite file's directory, or DATABASE_URL. */
function envFor(database: TestDatabase): Record<string, string> {
  const dataDir = database.location.kind === 'sqlite' ? path.dirname(database.location.file) : fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-demo-'));
  return { CASEBOOK_DATA_DIR: dataDir, ...(database.location.kind === 'postgres' && { DATABASE_URL: database.location.url }) };
}

async function count(database: TestDatabase, table: 'organizations' | 'users' | 'cases' | 'jobs' | 'audit_log'): Promise<number> {
  const r = await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

const running: ServerProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop('SIGKILL')));
});

describe.each(dialects)('npm run demo on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database.destroy());

  it('leaves nothing behind when the load fails part-way', async () => {
    const failing = await createTestDatabase(dialect);
    try {
      // A failure injected in the database itself, after 50 cases.
      if (dialect === 'sqlite') {
        await sql`create trigger demo_fails before insert on cases when (select count(*) from cases) >= 50 begin select raise(abort, 'injected failure mid-load'); end`.execute(failing.db);
      } else {
        await sql`create function demo_fails() returns trigger language plpgsql as $$ begin if (select count(*) from cases) >= 50 then raise exception 'injected failure mid-load'; end if; return new; end $$`.execute(failing.db);
        await sql`create trigger demo_fails before insert on cases for each row execute function demo_fails()`.execute(failing.db);
      }
      const run = await runDemo(envFor(failing));
      expect(run.code, run.out).toBe(1);
      expect(run.out).toContain('injected failure mid-load');
      expect(run.out).toContain('No demo data was loaded');
      expect(run.out).not.toMatch(ADMIN_NOTICE);
      for (const table of ['organizations', 'users', 'cases', 'jobs', 'audit_log'] as const) expect(await count(failing, table), table).toBe(0);
    } finally {
      await failing.destroy();
    }
  }, 120_000);

  it(
    dialect === 'sqlite'
      ? 'loads customers, partners and cases in every status, prints the accounts and the first admin, and is safe to run twice'
      : 'loads the data set beside a running server, which serves it at once, and is safe to run twice',
    async () => {
      const env = envFor(database);
      let server: ServerProcess | null = null;
      if (dialect === 'postgres') {
        server = await startServer({ ...env, CASEBOOK_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-demo-server-')), CASEBOOK_ADMIN_EMAIL: 'ops@vendor.test', CASEBOOK_ADMIN_PASSWORD: 'a long admin password' });
        running.push(server);
      }
      const printed: Record<string, string> = dialect === 'sqlite' ? { PORT: '18123' } : { PUBLIC_URL: 'https://support.demo.test:9443' };
      const first = await runDemo({ ...env, ...printed });
      expect(first.code, first.out).toBe(0);
      expect(first.out).toMatch(/20 customers \(3 lapsed\), 2 partners, \d+ cases/);
      expect(first.out).toContain('admin@demo.casebook.test');
      expect(first.out).toContain('integra@partner.demo.casebook.test');
      // At least one account of a customer whose maintenance lapsed, to see the lapsed experience.
      expect(first.out).toMatch(/it-admin@hanse-logistik\.demo\.test\s+customer_admin\s+Hanse Logistik \(maintenance lapsed\)/);
      expect(first.out).toContain(dialect === 'sqlite' ? 'Sign in at http://localhost:18123 ' : 'Sign in at https://support.demo.test:9443 ');

      if (dialect === 'sqlite') {
        // The demo created this database: it tells the first administrator's password, as `npm start` would.
        const m = /email:\s+(\S+)\n\s+password:\s+(\S+)/.exec(first.out);
        expect(m, first.out).not.toBeNull();
        const admin = await database.db.selectFrom('users').select('password_hash').where('email', '=', m![1]!).executeTakeFirstOrThrow();
        expect(await verifyPassword(admin.password_hash!, m![2]!)).toBe(true);
      } else {
        // The server that ran beside the load serves the new data set without a restart.
        const login = await fetch(`${server!.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@demo.casebook.test', password: 'casebook-demo-2026' }) });
        expect(login.status).toBe(200);
        expect((await fetch(`${server!.url}/healthz`)).status).toBe(200);
        expect(first.out).not.toMatch(ADMIN_NOTICE);
      }

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
        .where('type', '=', 'notifications.email')
        .where('run_at', '<', new Date(Date.now() - 60_000).toISOString())
        .executeTakeFirstOrThrow();
      expect(Number(pastMail.n)).toBe(0);
      const pastAlerts = await database.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('sla_alert_at', '<', new Date(Date.now() - 60_000).toISOString())
        .executeTakeFirstOrThrow();
      expect(Number(pastAlerts.n)).toBe(0);
      expect(first.out).toMatch(/\d+ past emails and alerts marked as sent/);
      const regions = await database.db.selectFrom('users').select('region').distinct().where('role', '=', 'engineer').execute();
      expect(regions.map((r) => r.region).sort()).toEqual(['AMER', 'APJ', 'EMEA', 'IL']);

      const second = await runDemo(env);
      expect(second.code).toBe(0);
      expect(second.out).toContain('already loaded');
      expect(second.out).not.toMatch(ADMIN_NOTICE);
      expect(await count(database, 'cases')).toBe(total);
    },
    180_000,
  );
});

describe('npm run demo beside a server on the same SQLite data directory', () => {
  it('refuses up front, saying why and what to do, and loads nothing', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-demo-beside-'));
    const server = await startServer({ CASEBOOK_DATA_DIR: dataDir, CASEBOOK_ADMIN_EMAIL: 'ops@vendor.test', CASEBOOK_ADMIN_PASSWORD: 'a long admin password' });
    running.push(server);
    const run = await runDemo({ CASEBOOK_DATA_DIR: dataDir });
    expect(run.code, run.out).toBe(1);
    expect(run.out).toContain(`Casebook is running on the data directory ${dataDir} (process ${server.child.pid})`);
    expect(run.out).toContain('Stop Casebook, run `npm run demo`, then start it again.');
    expect(run.out).not.toMatch(/^\s+at /m);
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@demo.casebook.test', password: 'casebook-demo-2026' }) });
    expect(login.status).toBe(401);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  }, 60_000);
});
