// npm run bench: Casebook run as its own process, on SQLite and PostgreSQL, loaded over loopback
// by autocannon from this process. Each scenario is bounded by BENCH_SECONDS.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import type { openDatabase } from '../apps/server/src/db/database.ts';
import { signedIn } from '../e2e/support/api-client.ts';
import { freePort, startServer, type ServerProcess } from '../e2e/support/server-process.ts';
import { benchBundles } from './bundles.ts';
import { benchInbound } from './inbound.ts';
import { seedCases } from './seed-cases.ts';
import { benchCalendar } from './calendar.ts';
import { benchLapse } from './lapse.ts';
import { benchPaging, startPagerDutyReceiver } from './paging.ts';
import { benchWebFirstPage } from './web.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const QUEUE_CASES = Number(process.env.BENCH_QUEUE_CASES ?? 100_000);
const BUNDLE_MB = Number(process.env.BENCH_BUNDLE_MB ?? 1024);
const CONNECTIONS = 16;
const ADMIN = { email: 'bench@vendor.test', password: 'a long benchmark password' };

interface Row {
  database: string;
  scenario: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
}

type Location = Parameters<typeof openDatabase>[0];

async function benchServer(database: string, env: Record<string, string>, location: Location): Promise<Row[]> {
  const smtpPort = await freePort();
  const pagerDuty = await startPagerDutyReceiver();
  const server: ServerProcess = await startServer({
    ...env,
    SMTP_PORT: String(smtpPort),
    LOG_LEVEL: 'warn',
    CASEBOOK_ADMIN_EMAIL: ADMIN.email,
    CASEBOOK_ADMIN_PASSWORD: ADMIN.password,
    PAGERDUTY_EVENTS_URL: `${pagerDuty.url}/v2/enqueue`,
  });
  const rows: Row[] = [];
  const record = (scenario: string, r: autocannon.Result) =>
    rows.push({ database, scenario, requestsPerSecond: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx });
  const load = (url: string, options: Partial<autocannon.Options> = {}) => autocannon({ url: `${server.url}${url}`, connections: CONNECTIONS, duration: SECONDS, ...options });
  try {
    const { call } = await signedIn(server.url, ADMIN.email, ADMIN.password);
    const adminToken = (await call<{ token: string }>('POST', '/api/v1/auth/tokens', { name: 'bench' })).token;
    const me = await call<{ organizationId: string }>('GET', '/api/v1/me');
    const engineer = await call('POST', `/api/v1/organizations/${me.organizationId}/users`, { email: 'engineer@vendor.test', name: 'Bench Engineer', role: 'engineer', region: 'EMEA', password: ADMIN.password });
    const customer = await call<{ id: string }>('POST', '/api/v1/organizations', { name: 'Bench Customer', kind: 'customer', region: 'EMEA' });
    await call('POST', `/api/v1/organizations/${customer.id}/contracts`, { plan: 'premium', startsOn: '2020-01-01', endsOn: '2099-12-31', products: ['PAM'] });
    await call('POST', `/api/v1/organizations/${customer.id}/users`, { email: 'customer@bench.test', name: 'Bench Customer', role: 'customer_user', password: ADMIN.password });
    const tokenFor = async (email: string) => (await (await signedIn(server.url, email, ADMIN.password)).call<{ token: string }>('POST', '/api/v1/auth/tokens', { name: 'bench' })).token;
    const customerToken = await tokenFor('customer@bench.test');
    const engineerToken = await tokenFor('engineer@vendor.test');

    record('sign-in (argon2id)', await load('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) }));
    record('GET /api/v1/me (token)', await load('/api/v1/me', { headers: { authorization: `Bearer ${adminToken}` } }));
    record(
      'POST /api/v1/cases (moderate)',
      await load('/api/v1/cases', {
        method: 'POST',
        headers: { authorization: `Bearer ${customerToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ subject: 'Benchmark case', description: 'Created by npm run bench.', priority: 'moderate', product: 'PAM' }),
      }),
    );

    const paging = await benchPaging({ serverUrl: server.url, receiver: pagerDuty, customerToken, call, engineerId: engineer.id });
    console.log(
      `  ${database}: paging, ${paging.count} critical cases one every ${paging.everyMs} ms, POST to the PagerDuty trigger at a loopback receiver: p50 ${Math.round(paging.p50)} ms, p99 ${Math.round(paging.p99)} ms (${paging.delivered} arrived; aim p99 < 2000 ms; a bare POST to the receiver: p50 ${paging.floorP50.toFixed(1)} ms)`,
    );

    const inbound = await benchInbound(location, smtpPort, 'customer@bench.test');
    console.log(`  ${database}: inbound mail, 1,000 messages over 4 SMTP connections: accepted ${Math.round(inbound.acceptedPerSecond)}/s, turned into cases ${Math.round(inbound.processedPerSecond)}/s end to end (${inbound.cases} email cases)`);

    if (database === 'sqlite' && BUNDLE_MB > 0) {
      const b = await benchBundles({ serverUrl: server.url, customerToken, engineerToken, megabytes: BUNDLE_MB });
      console.log(
        `  ${database}: diagnostic bundle of ${Math.round(b.megabytes)} MiB (tar.gz, age), tus upload over loopback with the SHA-256 check: ${b.mbPerSecond.toFixed(0)} MiB/s (${(b.uploadMs / 1000).toFixed(1)} s); one file read out of it: the first ${Math.round(b.firstFileMs)} ms, the last (behind ${Math.round(b.megabytes)} MiB) ${Math.round(b.lastFileMs)} ms`,
      );
    }

    const seeded = await seedCases(location, customer.id, QUEUE_CASES);
    const queue = `/api/v1/cases?status=open&status=new&sort=priority&limit=25`;
    record(`queue page, ${Math.round(seeded / 1000)}k cases (c=1)`, await load(queue, { connections: 1, headers: { authorization: `Bearer ${engineerToken}` } }));
    record(`queue page, ${Math.round(seeded / 1000)}k cases (c=16)`, await load(queue, { headers: { authorization: `Bearer ${engineerToken}` } }));
    return rows;
  } finally {
    await server.stop();
    await pagerDuty.close();
  }
}

async function postgresDatabase(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `casebook_bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const run = async (q: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  try {
    await run(`create database ${name}`);
  } catch (err) {
    console.log(`PostgreSQL not reachable at ${admin} (${(err as Error).message}); benchmarking SQLite only.`);
    return null;
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

console.log('\nWeb app with the demo data, Chromium on loopback (SQLite):');
for (const { label, value } of await benchWebFirstPage()) console.log(`  ${label}: ${value}`);

console.log('\nCalendar and service-level clocks (in process):');
for (const { label, value } of benchCalendar()) console.log(`  ${label}: ${value}`);

const rows: Row[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-bench-'));

console.log('\nMaintenance lapse of a customer with 10,000 active cases (in process):');
const lapseSqlite = await benchLapse({ kind: 'sqlite', file: path.join(dataDir, 'lapse.sqlite') });
console.log(`  sqlite: put on hold ${Math.round(lapseSqlite.hold)} ms, restored ${Math.round(lapseSqlite.restore)} ms`);
const lapsePg = await postgresDatabase();
if (lapsePg) {
  try {
    const r = await benchLapse({ kind: 'postgres', url: lapsePg.url, poolSize: 4 });
    console.log(`  postgres: put on hold ${Math.round(r.hold)} ms, restored ${Math.round(r.restore)} ms`);
  } finally {
    await lapsePg.drop();
  }
}
console.log(`Casebook benchmark: ${CONNECTIONS} connections, ${SECONDS} s per scenario, ${os.cpus().length} cores, node ${process.version}`);
try {
  rows.push(...(await benchServer('sqlite', { CASEBOOK_DATA_DIR: dataDir }, { kind: 'sqlite', file: path.join(dataDir, 'casebook.sqlite') })));
  const pgdb = await postgresDatabase();
  if (pgdb) {
    try {
      rows.push(...(await benchServer('postgres', { CASEBOOK_DATA_DIR: dataDir, DATABASE_URL: pgdb.url }, { kind: 'postgres', url: pgdb.url, poolSize: 4 })));
    } finally {
      await pgdb.drop();
    }
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}

console.log('\n| database | scenario | requests/s | p50 ms | p99 ms | non-2xx |');
console.log('|---|---|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.database} | ${r.scenario} | ${Math.round(r.requestsPerSecond)} | ${r.p50} | ${r.p99} | ${r.non2xx} |`);
