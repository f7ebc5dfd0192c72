// npm run bench: HTTP throughput and latency of Casebook run as its own process, on SQLite and
// PostgreSQL. Load comes from this process over loopback, bounded by BENCH_SECONDS per scenario.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { startServer, type ServerProcess } from '../e2e/support/server-process.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
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

async function load(url: string, options: Partial<autocannon.Options>): Promise<autocannon.Result> {
  return autocannon({ url, connections: CONNECTIONS, duration: SECONDS, ...options });
}

async function benchServer(database: string, env: Record<string, string>): Promise<Row[]> {
  const server: ServerProcess = await startServer({ ...env, LOG_LEVEL: 'warn', CASEBOOK_ADMIN_EMAIL: ADMIN.email, CASEBOOK_ADMIN_PASSWORD: ADMIN.password });
  try {
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const created = await fetch(`${server.url}/api/v1/auth/tokens`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench' }),
    });
    const { token } = (await created.json()) as { token: string };

    const rows: Row[] = [];
    const record = (scenario: string, r: autocannon.Result) =>
      rows.push({ database, scenario, requestsPerSecond: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx });

    record(
      'sign-in (argon2id)',
      await load(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) }),
    );
    record('GET /api/v1/me (token)', await load(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } }));
    return rows;
  } finally {
    await server.stop();
  }
}

async function postgresDatabase(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `casebook_bench_${process.pid}`;
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

const rows: Row[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-bench-'));
console.log(`Casebook benchmark: ${CONNECTIONS} connections, ${SECONDS} s per scenario, ${os.cpus().length} cores, node ${process.version}`);
rows.push(...(await benchServer('sqlite', { CASEBOOK_DATA_DIR: dataDir })));
const pgdb = await postgresDatabase();
if (pgdb) {
  try {
    rows.push(...(await benchServer('postgres', { CASEBOOK_DATA_DIR: dataDir, DATABASE_URL: pgdb.url })));
  } finally {
    await pgdb.drop();
  }
}
fs.rmSync(dataDir, { recursive: true, force: true });

console.log('\n| database | scenario | requests/s | p50 ms | p99 ms | non-2xx |');
console.log('|---|---|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.database} | ${r.scenario} | ${Math.round(r.requestsPerSecond)} | ${r.p50} | ${r.p99} | ${r.non2xx} |`);
