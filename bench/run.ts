// npm run bench [-- --quick]: Casebook run as its own process, on SQLite and PostgreSQL, loaded over
// loopback by autocannon from this process. Each scenario is bounded by BENCH_SECONDS. Intake is
// judged against the raw durable commit rate each database reaches on this machine in the same run
// (bench/ceiling.ts), because the machine's speed drifts from day to day.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import type { openDatabase } from '../apps/server/src/db/database.ts';
import { signedIn } from '../e2e/support/api-client.ts';
import { freePort, startServer, type ServerProcess } from '../e2e/support/server-process.ts';
import { postgresCommitCeiling, sqliteCommitCeiling } from './ceiling.ts';
import { BENCH_AUTHSERV_ID, benchInbound } from './inbound.ts';
import { loadCaseCreation, peakRssMb } from './intake.ts';
import { startRoundRobinProxy } from './proxy.ts';
import { benchBundles } from './bundles.ts';
import { seedCases } from './seed-cases.ts';
import { benchCalendar } from './calendar.ts';
import { benchLapse } from './lapse.ts';
import { benchSearch } from './search.ts';
import { benchPaging, startPagerDutyReceiver } from './paging.ts';
import { benchWebFirstPage } from './web.ts';
import { benchNewsletter } from './newsletter.ts';
import { benchCollector } from './collector.ts';

const QUICK = process.argv.includes('--quick');
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 3 : 10));
const QUEUE_CASES = Number(process.env.BENCH_QUEUE_CASES ?? (QUICK ? 20_000 : 100_000));
/** Case creation is run this many times per database and reported as the median. */
const INTAKE_RUNS = QUICK ? 1 : 3;
const BUNDLE_MB = Number(process.env.BENCH_BUNDLE_MB ?? (QUICK ? 64 : 1024));
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

/** One line of the summary: a figure per database beside its target. */
interface Figure {
  figure: string;
  sqlite?: string;
  postgres?: string;
  target: string;
}
const figures: Figure[] = [];
function figure(name: string, target: string, database: 'sqlite' | 'postgres', value: string) {
  let f = figures.find((x) => x.figure === name);
  if (!f) figures.push((f = { figure: name, target }));
  f[database] = value;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
type Location = Parameters<typeof openDatabase>[0];
type Dialect = 'sqlite' | 'postgres';

/** A server process whose first start on an empty data directory is timed to a healthy /healthz. */
async function coldStart(env: Record<string, string>): Promise<{ server: ServerProcess; ms: number }> {
  const started = performance.now();
  const server = await startServer({ ...env, LOG_LEVEL: 'warn', CASEBOOK_ADMIN_EMAIL: ADMIN.email, CASEBOOK_ADMIN_PASSWORD: ADMIN.password });
  return { server, ms: performance.now() - started };
}

async function benchServer(database: Dialect, env: Record<string, string>, location: Location, pgUrl?: string): Promise<Row[]> {
  const smtpPort = await freePort();
  const pagerDuty = await startPagerDutyReceiver();
  const { server, ms: coldMs } = await coldStart({ ...env, SMTP_PORT: String(smtpPort), PAGERDUTY_EVENTS_URL: `${pagerDuty.url}/v2/enqueue`, INBOUND_TRUSTED_AUTHSERV_ID: BENCH_AUTHSERV_ID });
  figure('cold start to /healthz ok, empty data directory (ms)', '≤ 1,500', database, coldMs.toFixed(0));
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

    // The ceiling right before the intake runs, so both see the machine in the same state.
    const ceiling = database === 'sqlite' ? sqliteCommitCeiling() : await postgresCommitCeiling(pgUrl!);
    const runs: autocannon.Result[] = [];
    for (let i = 0; i < INTAKE_RUNS; i++) runs.push(await loadCaseCreation(server.url, customerToken, SECONDS));
    const intake = runs.find((r) => r.requests.average === median(runs.map((x) => x.requests.average)))!;
    record(`POST /api/v1/cases (moderate), median of ${INTAKE_RUNS}`, intake);
    const share = (100 * intake.requests.average) / ceiling;
    figure('raw durable single-row commits/s on this machine (the ceiling)', database === 'sqlite' ? 'WAL, synchronous=FULL' : '16 clients', database, Math.round(ceiling).toLocaleString('en'));
    figure(`POST /api/v1/cases c=${CONNECTIONS}, cases/s (median of ${INTAKE_RUNS})`, database === 'sqlite' ? '≥ 2,000' : '≥ 1,200', database, Math.round(intake.requests.average).toLocaleString('en'));
    figure('  … as a share of the ceiling', database === 'sqlite' ? '≥ 15 %' : '≥ 8 %', database, `${share.toFixed(1)} %`);
    figure('server peak RSS after the intake load (MB)', '< 250', database, peakRssMb(server.child.pid!)?.toFixed(0) ?? 'n/a');

    const paging = await benchPaging({ serverUrl: server.url, receiver: pagerDuty, customerToken, call, engineerId: engineer.id, ...(QUICK && { count: 50 }) });
    console.log(
      `  ${database}: paging, ${paging.count} critical cases one every ${paging.everyMs} ms, POST to the PagerDuty trigger at a loopback receiver: p50 ${Math.round(paging.p50)} ms, p99 ${Math.round(paging.p99)} ms (${paging.delivered} arrived; aim p99 < 2000 ms; a bare POST to the receiver: p50 ${paging.floorP50.toFixed(1)} ms)`,
    );

    const inbound = await benchInbound(location, smtpPort, 'customer@bench.test', QUICK ? 300 : 1000);
    console.log(`  ${database}: inbound mail over 4 SMTP connections: accepted ${Math.round(inbound.acceptedPerSecond)}/s, turned into cases ${Math.round(inbound.processedPerSecond)}/s end to end (${inbound.cases} email cases)`);
    figure('inbound mail → case, end to end, messages/s', '≥ 300 (SQLite)', database, Math.round(inbound.processedPerSecond).toLocaleString('en'));

    if (database === 'sqlite' && BUNDLE_MB > 0) {
      const b = await benchBundles({ serverUrl: server.url, customerToken, engineerToken, megabytes: BUNDLE_MB });
      console.log(
        `  ${database}: diagnostic bundle of ${Math.round(b.megabytes)} MiB (tar.gz, age), tus upload over loopback with the SHA-256 check: ${b.mbPerSecond.toFixed(0)} MiB/s (${(b.uploadMs / 1000).toFixed(1)} s; a bare HTTP upload that hashes and writes: ${b.ceilingMbPerSecond.toFixed(0)} MiB/s); one file read out of it: the first ${Math.round(b.firstFileMs)} ms, the last (behind ${Math.round(b.megabytes)} MiB) ${Math.round(b.lastFileMs)} ms`,
      );
      figure(`bundle upload, ${Math.round(b.megabytes)} MiB, as a share of a bare HTTP upload`, '≥ 50 %', database, `${((100 * b.mbPerSecond) / b.ceilingMbPerSecond).toFixed(0)} %`);
    }

    const seeded = await seedCases(location, customer.id, QUEUE_CASES);
    const queue = `/api/v1/cases?status=open&status=new&sort=priority&limit=25`;
    const k = `${Math.round(seeded / 1000)}k`;
    record(`queue page, ${k} cases (c=1)`, await load(queue, { connections: 1, headers: { authorization: `Bearer ${engineerToken}` } }));
    const queueLoad = await load(queue, { headers: { authorization: `Bearer ${engineerToken}` } });
    record(`queue page, ${k} cases (c=16)`, queueLoad);
    figure(`queue first page, ${k} cases, c=16, p99 (ms)`, '≤ 20', database, String(queueLoad.latency.p99));
    const rss = peakRssMb(server.child.pid!);
    figure(`server peak RSS after the ${k}-case queue load (MB)`, '≤ 200', database, rss?.toFixed(0) ?? 'n/a');

    if (database === 'postgres') rows.push(...(await twoProcesses(env, customerToken, intake.requests.average)));
    return rows;
  } finally {
    await server.stop();
    await pagerDuty.close();
  }
}

/**
 * PostgreSQL only: a second API process on the same database, both behind a round-robin proxy on
 * loopback, loaded with case creation as the single process was.
 */
async function twoProcesses(env: Record<string, string>, customerToken: string, oneProcess: number): Promise<Row[]> {
  const second = await startServer({ ...env, LOG_LEVEL: 'warn', WORKERS_ENABLED: 'false', SMTP_ENABLED: 'false' });
  const first = await startServer({ ...env, LOG_LEVEL: 'warn', WORKERS_ENABLED: 'false', SMTP_ENABLED: 'false' });
  const proxy = await startRoundRobinProxy([first.url, second.url]);
  try {
    const viaProxyOne = await startRoundRobinProxy([first.url]);
    const one = await loadCaseCreation(viaProxyOne.url, customerToken, SECONDS);
    await viaProxyOne.close();
    const two = await loadCaseCreation(proxy.url, customerToken, SECONDS);
    figure('POST /api/v1/cases through a loopback proxy: 1 → 2 API processes, cases/s', 'reported', 'postgres', `${Math.round(one.requests.average)} → ${Math.round(two.requests.average)}`);
    console.log(`  postgres: case creation, one server with its workers ${Math.round(oneProcess)}/s; through a proxy to one API process ${Math.round(one.requests.average)}/s, to two ${Math.round(two.requests.average)}/s (${os.cpus().length} cores shared by the load generator, the proxy, the servers and PostgreSQL)`);
    return [
      { database: 'postgres', scenario: 'POST /api/v1/cases, proxy → 1 API process', requestsPerSecond: one.requests.average, p50: one.latency.p50, p99: one.latency.p99, non2xx: one.non2xx },
      { database: 'postgres', scenario: 'POST /api/v1/cases, proxy → 2 API processes', requestsPerSecond: two.requests.average, p50: two.latency.p50, p99: two.latency.p99, non2xx: two.non2xx },
    ];
  } finally {
    await proxy.close();
    await first.stop();
    await second.stop();
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

console.log(`Casebook benchmark${QUICK ? ' (quick)' : ''}: ${os.cpus().length} cores, node ${process.version}, ${CONNECTIONS} connections, ${SECONDS} s per scenario`);
if (!QUICK) {
  console.log('\nWeb app with the demo data, Chromium on loopback (SQLite):');
  for (const { label, value } of await benchWebFirstPage()) console.log(`  ${label}: ${value}`);
}

console.log(`\nDiagnostic collector on generated logs (in process; ${process.argv.includes('--quick') ? '64 MiB with --quick' : 'BENCH_COLLECTOR_MIB or 256 MiB'}):`);
for (const { label, value } of await benchCollector({ quick: process.argv.includes('--quick') })) console.log(`  ${label}: ${value}`);

console.log('\nCalendar and service-level clocks (in process):');
for (const { label, value } of benchCalendar()) console.log(`  ${label}: ${value}`);

const rows: Row[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-bench-'));
const lapseCases = QUICK ? 2_000 : 10_000;

console.log(`\nMaintenance lapse of a customer with ${lapseCases.toLocaleString('en')} active cases (in process):`);
const lapseSqlite = await benchLapse({ kind: 'sqlite', file: path.join(dataDir, 'lapse.sqlite') }, lapseCases);
console.log(`  sqlite: put on hold ${Math.round(lapseSqlite.hold)} ms, restored ${Math.round(lapseSqlite.restore)} ms`);
figure(`lapse, ${lapseCases.toLocaleString('en')} cases: hold / restore (ms)`, '≤ 500 each', 'sqlite', `${Math.round(lapseSqlite.hold)} / ${Math.round(lapseSqlite.restore)}`);
const lapsePg = await postgresDatabase();
if (lapsePg) {
  try {
    const r = await benchLapse({ kind: 'postgres', url: lapsePg.url, poolSize: 4 }, lapseCases);
    console.log(`  postgres: put on hold ${Math.round(r.hold)} ms, restored ${Math.round(r.restore)} ms`);
    figure(`lapse, ${lapseCases.toLocaleString('en')} cases: hold / restore (ms)`, '≤ 500 each', 'postgres', `${Math.round(r.hold)} / ${Math.round(r.restore)}`);
  } finally {
    await lapsePg.drop();
  }
}

const SEARCH_CASES = Number(process.env.BENCH_SEARCH_CASES ?? (QUICK ? 10_000 : 100_000));
const SEARCH_COMMENTS = Number(process.env.BENCH_SEARCH_COMMENTS ?? (QUICK ? 50_000 : 500_000));
console.log(`\nSearch over ${SEARCH_CASES.toLocaleString('en')} cases and ${SEARCH_COMMENTS.toLocaleString('en')} comments, as staff, 10 results a query (in process; aim p99 <= 50 ms):`);
const printSearch = (database: 'sqlite' | 'postgres', r: Awaited<ReturnType<typeof benchSearch>>) => {
  console.log(`  ${database}: set-up ${Math.round(r.setupMs / 1000)} s`);
  for (const k of r.results) console.log(`  ${database}: ${k.kind}: p50 ${k.p50.toFixed(1)} ms, p99 ${k.p99.toFixed(1)} ms (${k.hits.toFixed(1)} results)`);
  figure(`search, ${SEARCH_CASES.toLocaleString('en')} cases and ${SEARCH_COMMENTS.toLocaleString('en')} comments: worst query kind's p99 (ms)`, '≤ 50', database, Math.max(...r.results.map((k) => k.p99)).toFixed(0));
};
printSearch('sqlite', await benchSearch({ kind: 'sqlite', file: path.join(dataDir, 'search.sqlite') }, SEARCH_CASES, SEARCH_COMMENTS));
const searchPg = await postgresDatabase();
if (searchPg) {
  try {
    printSearch('postgres', await benchSearch({ kind: 'postgres', url: searchPg.url, poolSize: 4 }, SEARCH_CASES, SEARCH_COMMENTS));
  } finally {
    await searchPg.drop();
  }
}


const NEWSLETTER_SUBSCRIBERS = Number(process.env.BENCH_NEWSLETTER_SUBSCRIBERS ?? (QUICK ? 5_000 : 50_000));
console.log(`\nNewsletter campaign to ${NEWSLETTER_SUBSCRIBERS.toLocaleString('en')} confirmed subscribers, rate limit lifted, a local SMTP sink (server process):`);
const describeNewsletter = (database: string, r: Awaited<ReturnType<typeof benchNewsletter>>) =>
  console.log(`  ${database}: ${Math.round(r.perSecond)} messages/s (${r.sent} sent, ${r.failed} failed, ${r.received} received, ${r.seconds.toFixed(1)} s); server memory ${Math.round(r.rssBefore)} MiB before, ${Math.round(r.rssPeak)} MiB at most while sending`);
{
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-bench-newsletter-'));
  try {
    describeNewsletter('sqlite', await benchNewsletter({ CASEBOOK_DATA_DIR: dir }, { kind: 'sqlite', file: path.join(dir, 'casebook.sqlite') }, NEWSLETTER_SUBSCRIBERS));
    const newsletterPg = await postgresDatabase();
    if (newsletterPg) {
      try {
        describeNewsletter('postgres', await benchNewsletter({ CASEBOOK_DATA_DIR: dir, DATABASE_URL: newsletterPg.url }, { kind: 'postgres', url: newsletterPg.url, poolSize: 4 }, NEWSLETTER_SUBSCRIBERS));
      } finally {
        await newsletterPg.drop();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

console.log('\nThe server over HTTP:');
try {
  rows.push(...(await benchServer('sqlite', { CASEBOOK_DATA_DIR: dataDir }, { kind: 'sqlite', file: path.join(dataDir, 'casebook.sqlite') })));
  const pgdb = await postgresDatabase();
  if (pgdb) {
    try {
      const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-bench-pg-'));
      rows.push(...(await benchServer('postgres', { CASEBOOK_DATA_DIR: pgDir, DATABASE_URL: pgdb.url }, { kind: 'postgres', url: pgdb.url, poolSize: 4 }, pgdb.url)));
      fs.rmSync(pgDir, { recursive: true, force: true });
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

console.log(`\nSummary (${os.cpus().length} cores; \`npm run bench${QUICK ? ' -- --quick' : ''}\`):\n`);
console.log('| figure | SQLite | PostgreSQL | target |');
console.log('|---|---:|---:|---|');
for (const f of figures) console.log(`| ${f.figure} | ${f.sqlite ?? '–'} | ${f.postgres ?? '–'} | ${f.target} |`);
