// Paging latency: from POST /api/v1/cases (critical) to the PagerDuty trigger arriving at a local
// receiver, through the server's own job queue and worker (default poll), over real HTTP.
import { startReceiver } from '../apps/server/test/support/http-receiver.ts';

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
export const startPagerDutyReceiver = startReceiver;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/**
 * Opens `count` critical cases one after another (a customer's outage does not come in bursts of
 * hundreds) and measures, for each, the time until its trigger reached the receiver. The floor is
 * the same client's bare POST to the receiver: the part no queue can remove.
 */
export async function benchPaging(o: { serverUrl: string; receiver: Receiver; customerToken: string; call: (method: string, url: string, body?: unknown) => Promise<unknown>; engineerId: string; count?: number; everyMs?: number }) {
  const count = o.count ?? 200;
  const everyMs = o.everyMs ?? 100;
  await o.call('PUT', '/api/v1/regions/EMEA/paging', { pagerDuty: { routingKey: 'b'.repeat(32) }, webhook: null });
  const rota = { regions: ['EMEA'], timeZone: 'Europe/London', startsOn: '2020-01-06', handoffTime: '09:00', handoffDay: 'mon', shiftDays: 7, engineerIds: [o.engineerId], escalateAfterMinutes: 10 };
  // Both rotas, so that whatever the hour of the run, someone is on duty for a premium customer.
  await o.call('POST', '/api/v1/rotas', { ...rota, name: 'Bench days', kind: 'business_hours' });
  await o.call('POST', '/api/v1/rotas', { ...rota, name: 'Bench nights', kind: 'after_hours' });

  const floor: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    await fetch(`${o.receiver.url}/floor`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }).then((r) => r.arrayBuffer());
    floor.push(performance.now() - t0);
  }

  const sent = new Map<string, number>();
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    // One case every `everyMs` (10 a second by default): far more outages than any support team sees, without saturating the machine.
    const wait = start + i * everyMs - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t0 = performance.now();
    const res = await fetch(`${o.serverUrl}/api/v1/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${o.customerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subject: `Bench outage ${i}`, description: 'Production is down.', priority: 'critical', product: 'PAM' }),
    });
    if (res.status !== 201) throw new Error(`case creation answered ${res.status}: ${await res.text()}`);
    sent.set(((await res.json()) as { id: string }).id, t0);
  }
  const deadline = performance.now() + 60_000;
  const arrived = () => o.receiver.received.filter((r) => r.json.event_action === 'trigger' && sent.has(String(r.json.dedup_key)));
  while (arrived().length < count && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const latencies = arrived()
    .map((r) => r.at - sent.get(String(r.json.dedup_key))!)
    .sort((a, b) => a - b);
  floor.sort((a, b) => a - b);
  return { count, everyMs, delivered: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), floorP50: percentile(floor, 50) };
}

/** `npx tsx bench/paging.ts`: this benchmark alone, on SQLite, against a server process of its own. */
async function standalone() {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const { signedIn } = await import('../e2e/support/api-client.ts');
  const { freePort, startServer } = await import('../e2e/support/server-process.ts');
  const admin = { email: 'bench@vendor.test', password: 'a long benchmark password' };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-bench-paging-'));
  const receiver = await startReceiver();
  const server = await startServer({ CASEBOOK_DATA_DIR: dataDir, SMTP_PORT: String(await freePort()), LOG_LEVEL: 'warn', CASEBOOK_ADMIN_EMAIL: admin.email, CASEBOOK_ADMIN_PASSWORD: admin.password, PAGERDUTY_EVENTS_URL: `${receiver.url}/v2/enqueue` });
  try {
    const { call } = await signedIn(server.url, admin.email, admin.password);
    const me = await call<{ organizationId: string }>('GET', '/api/v1/me');
    const engineer = await call('POST', `/api/v1/organizations/${me.organizationId}/users`, { email: 'engineer@vendor.test', name: 'Bench Engineer', role: 'engineer', region: 'EMEA', password: admin.password });
    const customer = await call('POST', '/api/v1/organizations', { name: 'Bench Customer', kind: 'customer', region: 'EMEA' });
    await call('POST', `/api/v1/organizations/${customer.id}/contracts`, { plan: 'premium', startsOn: '2020-01-01', endsOn: '2099-12-31', products: ['PAM'] });
    await call('POST', `/api/v1/organizations/${customer.id}/users`, { email: 'customer@bench.test', name: 'Bench Customer', role: 'customer_user', password: admin.password });
    const customerToken = (await (await signedIn(server.url, 'customer@bench.test', admin.password)).call<{ token: string }>('POST', '/api/v1/auth/tokens', { name: 'bench' })).token;
    const r = await benchPaging({ serverUrl: server.url, receiver, customerToken, call, engineerId: engineer.id });
    console.log(`paging, ${r.count} critical cases, one every ${r.everyMs} ms: p50 ${Math.round(r.p50)} ms, p99 ${Math.round(r.p99)} ms (${r.delivered} arrived; bare POST to the receiver p50 ${r.floorP50.toFixed(1)} ms)`);
  } finally {
    await server.stop();
    await receiver.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('bench/paging.ts')) await standalone();
