import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dialects, type TestDatabase } from '../apps/server/test/support/database.ts';
import { deliver, DnsZone, publishSendingDomain } from '../apps/server/test/support/mail-auth.ts';
import { signedIn } from './support/api-client.ts';
import { freePort, runCasebook, startServer, type ServerProcess } from './support/server-process.ts';

const running: ServerProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop('SIGKILL')));
});

function dataDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-e2e-'));
}

async function signIn(base: string, email: string, password: string) {
  return fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
}

describe('the casebook process', () => {
  it('refuses to start with bad settings, naming each of them, and exits 1', async () => {
    const run = runCasebook('serve', { PORT: 'http', DATABASE_URL: 'mysql://nope', CASEBOOK_ADMIN_EMAIL: 'not-an-email', CASEBOOK_DATA_DIR: dataDir() });
    expect(await run.exited).toBe(1);
    for (const name of ['PORT', 'DATABASE_URL', 'CASEBOOK_ADMIN_EMAIL']) expect(run.stderr()).toContain(name);
  });

  /** Holds a loopback port the way another program would. */
  async function occupy(): Promise<{ port: number; close(): Promise<void> }> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it('exits 1 naming SMTP_PORT when the SMTP port is taken, instead of running half-started', async () => {
    const taken = await occupy();
    try {
      const run = runCasebook('serve', { CASEBOOK_DATA_DIR: dataDir(), PORT: String(await freePort()), SMTP_PORT: String(taken.port) });
      expect(await run.exited, run.stdout() + run.stderr()).toBe(1);
      expect(run.stderr()).toContain(`Casebook failed to start: the SMTP listener cannot listen on 127.0.0.1:${taken.port} (the port is already in use)`);
      expect(run.stderr()).toContain('SMTP_PORT');
      expect(run.stderr()).not.toMatch(/^\s+at /m);
    } finally {
      await taken.close();
    }
  });

  it('exits 1 naming PORT when the HTTP port is taken', async () => {
    const taken = await occupy();
    try {
      const run = runCasebook('serve', { CASEBOOK_DATA_DIR: dataDir(), PORT: String(taken.port), SMTP_PORT: String(await freePort()) });
      expect(await run.exited, run.stdout() + run.stderr()).toBe(1);
      expect(run.stderr()).toContain(`Casebook failed to start: the HTTP server cannot listen on 127.0.0.1:${taken.port} (the port is already in use); free the port or set PORT`);
    } finally {
      await taken.close();
    }
  });

  it('reports in /healthz the database, each listener and the workers it runs, and the job queue', async () => {
    const server = await startServer({ CASEBOOK_DATA_DIR: dataDir() });
    running.push(server);
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      database: 'ok',
      http: 'ok',
      smtp: 'ok',
      workers: 'ok',
      jobs: { queued: expect.any(Number), due: expect.any(Number), running: expect.any(Number), overdue: 0, dead: 0, oldestDueSeconds: expect.any(Number) },
    });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^casebook_jobs\{status="overdue"\} 0$/m);
    expect(metrics).toMatch(/^casebook_jobs_oldest_due_seconds \d/m);
    expect(await server.stop()).toBe(0);
  });

  it('prints a one-time admin password on the first start only, and that password signs in', async () => {
    const dir = dataDir();
    const first = await startServer({ CASEBOOK_DATA_DIR: dir });
    running.push(first);
    const m = /email:\s+(\S+)\n\s+password:\s+(\S+)/.exec(first.output());
    expect(m).not.toBeNull();
    const [, email, password] = m!;
    expect((await signIn(first.url, email!, password!)).status).toBe(200);
    expect(await first.stop(), first.output()).toBe(0);
    // The password went to the terminal, never into a log line.
    const logLines = first.output().split('\n').filter((l) => l.startsWith('{'));
    expect(logLines.some((l) => l.includes(password!))).toBe(false);

    const second = await startServer({ CASEBOOK_DATA_DIR: dir });
    running.push(second);
    expect(second.output()).not.toContain('password:');
    expect(await second.stop()).toBe(0);
  });

  it('turns DKIM-signed mail sent to its SMTP port into a case, end to end, looking the key up over DNS', async () => {
    // The sender's domain publishes its DKIM key and DMARC policy on a DNS server on loopback.
    const zone = new DnsZone();
    const key = publishSendingDomain(zone, 'mail-customer.test');
    const dns = await zone.serve();
    const smtpPort = await freePort();
    const server = await startServer({ CASEBOOK_DATA_DIR: dataDir(), SMTP_PORT: String(smtpPort), CASEBOOK_ADMIN_EMAIL: 'ops@vendor.test', CASEBOOK_ADMIN_PASSWORD: 'a long admin password', WORKER_POLL_MS: '50', INBOUND_DNS_SERVERS: dns.server });
    running.push(server);
    const { call } = await signedIn(server.url, 'ops@vendor.test', 'a long admin password');
    const post = (url: string, body: unknown) => call('POST', url, body);
    const org = await post('/api/v1/organizations', { name: 'Mail Customer', kind: 'customer', region: 'EMEA' });
    await post(`/api/v1/organizations/${org.id}/contracts`, { plan: 'standard', startsOn: '2020-01-01', endsOn: '2099-12-31', products: ['PAM'] });
    await post(`/api/v1/organizations/${org.id}/users`, { email: 'writer@mail-customer.test', name: 'Writer', role: 'customer_user', password: 'a long enough password' });
    const info = await deliver(smtpPort, { from: 'writer@mail-customer.test', to: 'support@casebook.localhost', subject: 'Sent by mail', text: 'Hello support' }, { key });
    expect(info.response).toMatch(/^250 /);
    // The same message unsigned is held back: no case from it.
    await deliver(smtpPort, { from: 'writer@mail-customer.test', to: 'support@casebook.localhost', subject: 'Forged by mail', text: 'Hello support' });
    let subjects: string[] = [];
    // Up to 30 s: on a loaded machine the worker's first poll, the DNS lookups and the job can take a while.
    for (let i = 0; i < 300 && !subjects.includes('Sent by mail'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      const list = await call<{ items: { subject: string }[] }>('GET', `/api/v1/cases?organizationId=${org.id}`);
      subjects = list.items.map((c) => c.subject);
    }
    expect(subjects).toEqual(['Sent by mail']);
    let suspended: { subject: string; authentication: { dkim: string; dmarc: string } }[] = [];
    for (let i = 0; i < 100 && suspended.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      suspended = (await call<{ items: typeof suspended }>('GET', '/api/v1/admin/suspended-mail')).items;
    }
    expect(suspended).toEqual([expect.objectContaining({ subject: 'Forged by mail', authentication: expect.objectContaining({ dkim: 'none', dmarc: 'fail' }) })]);
    expect((await call<{ items: { subject: string }[] }>('GET', `/api/v1/cases?organizationId=${org.id}`)).items.map((c) => c.subject)).toEqual(['Sent by mail']);
    expect(await server.stop()).toBe(0);
    await dns.close();
  }, 60_000);

  it('finishes a request in flight when told to stop, then exits 0', async () => {
    const server = await startServer({ CASEBOOK_DATA_DIR: dataDir(), CASEBOOK_ADMIN_EMAIL: 'ops@vendor.test', CASEBOOK_ADMIN_PASSWORD: 'a long admin password' });
    running.push(server);
    const { port } = new URL(server.url);
    const body = JSON.stringify({ email: 'ops@vendor.test', password: 'a long admin password' });
    // Send half the request, signal the server, then send the rest: the answer must still come.
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, path: '/api/v1/auth/login', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 200);
    });
    const res = await answer;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).user.email).toBe('ops@vendor.test');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('shutdown complete');
  });
});

describe.each(dialects)('the casebook process on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database.destroy());

  it('creates the configured admin, serves the API, and runs workers alone with `casebook worker`', async () => {
    const dir = dataDir();
    const env = {
      CASEBOOK_DATA_DIR: path.dirname(database.location.kind === 'sqlite' ? database.location.file : path.join(dir, 'x')),
      ...(database.location.kind === 'postgres' && { DATABASE_URL: database.location.url }),
      CASEBOOK_ADMIN_EMAIL: 'boss@vendor.test',
      CASEBOOK_ADMIN_PASSWORD: 'a long admin password',
      WORKERS_ENABLED: 'false',
    };
    const server = await startServer(env);
    running.push(server);
    const { call } = await signedIn(server.url, 'boss@vendor.test', 'a long admin password');
    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok', http: 'ok', smtp: 'ok', workers: 'disabled' });

    // With workers off in the server, a queued job waits until a separate worker process takes it.
    const vendor = (await call<{ items: { id: string }[] }>('GET', '/api/v1/organizations?kind=vendor')).items[0]!;
    const invite = await call('POST', `/api/v1/organizations/${vendor.id}/users`, { email: 'new.engineer@vendor.test', name: 'New Engineer', role: 'engineer' });
    expect(invite).toMatchObject({ email: 'new.engineer@vendor.test', invitationPending: true });
    const pending = () => database.db.selectFrom('jobs').select('status').where('type', '=', 'identity.send_invitation').executeTakeFirst();
    expect((await pending())?.status).toBe('queued');

    const worker = runCasebook('worker', env);
    const deadline = Date.now() + 20_000;
    while ((await pending())?.status !== 'succeeded' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect((await pending())?.status).toBe('succeeded');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(await server.stop()).toBe(0);
  });
});
