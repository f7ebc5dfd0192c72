// Case creation over HTTP at concurrency 16 against a server process, judged against the raw
// durable commit rate the same database reaches on this machine in the same run (bench/ceiling.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { signedIn } from '../e2e/support/api-client.ts';
import { startServer, type ServerProcess } from '../e2e/support/server-process.ts';

const ADMIN = { email: 'bench@vendor.test', password: 'a long benchmark password' };

/** A server with one premium customer and its user's API token, for loading the intake routes. */
export async function intakeServer(env: Record<string, string>, nodeArgs: string[] = []): Promise<{ server: ServerProcess; customerToken: string; customerId: string }> {
  const server = await startServer({ ...env, LOG_LEVEL: 'warn', CASEBOOK_ADMIN_EMAIL: ADMIN.email, CASEBOOK_ADMIN_PASSWORD: ADMIN.password }, 30_000, nodeArgs);
  const { call } = await signedIn(server.url, ADMIN.email, ADMIN.password);
  const customer = await call<{ id: string }>('POST', '/api/v1/organizations', { name: 'Bench Customer', kind: 'customer', region: 'EMEA' });
  await call('POST', `/api/v1/organizations/${customer.id}/contracts`, { plan: 'premium', startsOn: '2020-01-01', endsOn: '2099-12-31', products: ['PAM'] });
  await call('POST', `/api/v1/organizations/${customer.id}/users`, { email: 'customer@bench.test', name: 'Bench Customer', role: 'customer_user', password: ADMIN.password });
  const customerToken = (await (await signedIn(server.url, 'customer@bench.test', ADMIN.password)).call<{ token: string }>('POST', '/api/v1/auth/tokens', { name: 'bench' })).token;
  return { server, customerToken, customerId: customer.id };
}

/** `POST /api/v1/cases` (a moderate case) from 16 connections for `seconds`. */
export function loadCaseCreation(url: string, token: string, seconds: number, connections = 16) {
  return autocannon({
    url: `${url}/api/v1/cases`,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ subject: 'Benchmark case', description: 'Created by npm run bench.', priority: 'moderate', product: 'PAM' }),
  });
}

/** The largest resident set of the server process, read from /proc (Linux), in MB. */
export function peakRssMb(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    return hwm ? Number(hwm[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** CPU time the process has used so far (user and system), in ms, read from /proc (Linux); null elsewhere. */
export function cpuMs(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

// Run alone: npx tsx bench/intake.ts [seconds] [postgres-url]
if (process.argv[1]?.endsWith('intake.ts')) {
  const { sqliteCommitCeiling, postgresCommitCeiling } = await import('./ceiling.ts');
  const seconds = Number(process.argv[2] ?? 10);
  const pgUrl = process.argv[3];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-bench-intake-'));
  try {
    const targets = [{ name: 'sqlite', env: { CASEBOOK_DATA_DIR: dataDir } as Record<string, string> }];
    if (pgUrl) targets.push({ name: 'postgres', env: { CASEBOOK_DATA_DIR: dataDir, DATABASE_URL: pgUrl } });
    for (const target of targets) {
      const ceiling = target.name === 'sqlite' ? sqliteCommitCeiling() : await postgresCommitCeiling(pgUrl!);
      const { server, customerToken } = await intakeServer(target.env);
      try {
        const cpuBefore = cpuMs(server.child.pid!);
        const r = await loadCaseCreation(server.url, customerToken, seconds);
        const cpu = cpuMs(server.child.pid!);
        const rss = peakRssMb(server.child.pid!);
        // The server's CPU time per case is steadier than the rate on a shared machine: compare it between builds.
        const perCase = cpu != null && cpuBefore != null && r.requests.total ? ` ${((1000 * (cpu - cpuBefore)) / r.requests.total).toFixed(0)} µs of server CPU per case;` : '';
        process.stdout.write(
          `${target.name}: ${Math.round(r.requests.average)} cases/s (p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx});${perCase} ceiling ${Math.round(ceiling)} commits/s; ratio ${((100 * r.requests.average) / ceiling).toFixed(1)} %; server peak RSS ${rss?.toFixed(0)} MB\n`,
        );
      } finally {
        await server.stop();
      }
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
