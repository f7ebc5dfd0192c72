import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/adapters/ids.ts';
import { Store } from '../src/db/store.ts';
import { CLAIM_CHUNK, SEND_LANES } from '../src/modules/newsletter/campaign.service.ts';
import { campaignStartJob } from '../src/modules/newsletter/newsletter.jobs.ts';
import { createTestDatabase, dialects, type TestDatabase } from './support/database.ts';
import { startSmtpSink } from './support/smtp-sink.ts';

const SUBSCRIBERS = 1000;
const script = fileURLToPath(new URL('./fixtures/newsletter-worker-process.ts', import.meta.url));

function startWorker(database: TestDatabase, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, TEST_DB_LOCATION: JSON.stringify(database.location), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return { exited, output: () => output, kill: () => child.kill('SIGKILL') };
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(dialects)('a campaign sent by several worker processes on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = new Store(database);
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
    await database.destroy();
  });

  it('mails each confirmed subscriber once, though one worker is killed mid-send and two others share the rest', async () => {
    const at = new Date().toISOString();
    const emails: string[] = [];
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const email = `many${i}@example.test`;
      emails.push(email);
      await store.read.newsletter.insertSubscriber({ id: newId(), email, locale: i % 3 ? 'en' : 'fr', topics: '["events"]', status: 'confirmed', created_at: at, updated_at: at, confirmed_at: at });
    }
    const campaignId = newId();
    await store.read.newsletter.insertCampaign({ id: campaignId, topic: 'events', subject_en: 'Many', subject_fr: 'Beaucoup', body_en: 'Hello', body_fr: 'Bonjour', include_events: 0, status: 'scheduled', scheduled_at: at, created_by: null, created_at: at, updated_at: at });
    await store.read.jobs.enqueue(campaignStartJob, { campaignId }, new Date());

    const env = { TEST_SMTP_URL: sink.url, TEST_CAMPAIGN_ID: campaignId, TEST_LEASE_MS: '2000' };
    const doomed = startWorker(database, env);
    await until(() => sink.messages.length >= 100, 'the first worker to send a hundred messages');
    doomed.kill();
    await doomed.exited;
    const others = [startWorker(database, env), startWorker(database, env)];
    try {
      const codes = await Promise.race([Promise.all(others.map((w) => w.exited)), new Promise<'late'>((r) => setTimeout(() => r('late'), 90_000))]);
      expect(codes, others.map((w) => w.output()).join('\n')).toEqual([0, 0]);
    } finally {
      for (const w of others) w.kill();
    }
    await new Promise((r) => setTimeout(r, 300)); // the sink parses the last messages

    const received = sink.messages.map((m) => (m.to as { value: { address: string }[] }).value[0]!.address);
    // Nobody twice.
    expect(new Set(received).size).toBe(received.length);
    const deliveries = await store.db.selectFrom('newsletter_deliveries').select(['status', 'error']).where('campaign_id', '=', campaignId).execute();
    expect(deliveries).toHaveLength(SUBSCRIBERS);
    const sent = deliveries.filter((d) => d.status === 'sent').length;
    const interrupted = deliveries.filter((d) => d.status === 'failed');
    // What the killed worker had in hand is failed, never sent again; all the rest went out.
    expect(sent + interrupted.length).toBe(SUBSCRIBERS);
    for (const d of interrupted) expect(d.error).toMatch(/interrupted/);
    expect(received.length).toBeGreaterThanOrEqual(sent);
    expect(received.length).toBeLessThanOrEqual(SUBSCRIBERS);
    // What its lanes held claimed when it died (SEND_LANES × CLAIM_CHUNK), and, on a loaded machine
    // where a lease ran out under a live run, that run's chunk in hand: a few chunks, never most.
    expect(interrupted.length).toBeLessThanOrEqual(SEND_LANES * CLAIM_CHUNK * 3);
  }, 180_000);
});
