import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../src/adapters/clock.ts';
import { Store } from '../src/db/store.ts';
import { defineJob, JobRegistry } from '../src/jobs/registry.ts';
import { Worker } from '../src/jobs/worker.ts';
import { createLogger } from '../src/logger.ts';
import { createTestDatabase, dialects, type TestDatabase } from './support/database.ts';
import { Harness } from './support/harness.ts';

describe.each(dialects)('durable job queue on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  const clock = new ManualClock('2026-11-26T09:00:00.000Z');
  const log = createLogger('silent');
  const runs: string[] = [];
  let failuresLeft = 0;
  let release: (() => void) | null = null;

  const registry = new JobRegistry().register(
    defineJob({
      type: 'test.record',
      payload: z.object({ n: z.number() }),
      async handle({ n }) {
        runs.push(`record:${n}`);
      },
    }),
    defineJob({
      type: 'test.flaky',
      payload: z.object({}),
      maxAttempts: 3,
      async handle() {
        runs.push('flaky');
        if (failuresLeft-- > 0) throw new Error('upstream said no');
      },
    }),
    defineJob({
      type: 'test.slow',
      payload: z.object({}),
      async handle() {
        await new Promise<void>((resolve) => (release = resolve));
        runs.push('slow');
      },
    }),
    defineJob({
      type: 'test.tick',
      payload: z.object({}),
      everyMs: 60_000,
      async handle() {
        runs.push(`tick@${clock.now().toISOString()}`);
      },
    }),
  );
  const newWorker = () => new Worker({ store, registry, clock, log, concurrency: 4, pollMs: 20 });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = new Store(database.db, database.dialect);
  });
  afterAll(() => database.destroy());

  const reset = async () => {
    runs.length = 0;
    await store.db.deleteFrom('jobs').execute();
  };

  it('runs a job enqueued in a committed transaction, and none from a rolled-back one', async () => {
    await reset();
    await store.transaction((tx) => tx.jobs.enqueue('test.record', { n: 1 }, clock.now()));
    await store
      .transaction(async (tx) => {
        await tx.jobs.enqueue('test.record', { n: 2 }, clock.now());
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await newWorker().drain();
    expect(runs.filter((r) => r.startsWith('record'))).toEqual(['record:1']);
  });

  it('ignores a second job with the same idempotency key', async () => {
    await reset();
    const first = await store.read.jobs.enqueue('test.record', { n: 1 }, clock.now(), { idempotencyKey: 'once' });
    const second = await store.read.jobs.enqueue('test.record', { n: 2 }, clock.now(), { idempotencyKey: 'once' });
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    await newWorker().drain();
    expect(runs.filter((r) => r.startsWith('record'))).toEqual(['record:1']);
  });

  it('waits for a job whose time has not come', async () => {
    await reset();
    await store.read.jobs.enqueue('test.record', { n: 7 }, clock.now(), { runAt: new Date(clock.now().getTime() + 5 * 60_000) });
    const worker = newWorker();
    await worker.drain();
    expect(runs.filter((r) => r.startsWith('record'))).toEqual([]);
    clock.advance(5 * 60_000);
    await worker.drain();
    expect(runs.filter((r) => r.startsWith('record'))).toEqual(['record:7']);
  });

  it('retries a failing job with growing back-off, then marks it dead after its last attempt', async () => {
    await reset();
    failuresLeft = 99;
    const id = (await store.read.jobs.enqueue('test.flaky', {}, clock.now(), { maxAttempts: 3 }))!;
    const worker = newWorker();
    await worker.drain();
    let job = (await store.read.jobs.find(id))!;
    expect(job).toMatchObject({ status: 'queued', attempts: 1, last_error: 'upstream said no' });
    const firstDelay = Date.parse(job.run_at) - clock.now().getTime();
    expect(firstDelay).toBeGreaterThanOrEqual(4_000);
    expect(firstDelay).toBeLessThanOrEqual(6_000);

    clock.set(job.run_at);
    await worker.drain();
    job = (await store.read.jobs.find(id))!;
    const secondDelay = Date.parse(job.run_at) - clock.now().getTime();
    expect(job.attempts).toBe(2);
    expect(secondDelay).toBeGreaterThanOrEqual(8_000);

    clock.set(job.run_at);
    await worker.drain();
    job = (await store.read.jobs.find(id))!;
    expect(job).toMatchObject({ status: 'dead', attempts: 3 });
    expect(job.finished_at).not.toBeNull();
    expect(runs.filter((r) => r === 'flaky')).toHaveLength(3);
  });

  it('lets an admin list dead jobs and send one round again', async () => {
    const h = await Harness.start(dialect);
    try {
      const admin = await h.newUser('admin');
      const engineer = await h.newUser('engineer');
      const id = (await h.store.read.jobs.enqueue('no.such.type', {}, h.clock.now()))!;
      await h.worker.drain();
      const dead = await h.request('GET', '/api/v1/admin/jobs?status=dead', { as: admin });
      expect(dead.statusCode).toBe(200);
      expect(dead.json().items).toEqual([expect.objectContaining({ id, status: 'dead', attempts: 1, lastError: 'no handler registered for job type no.such.type' })]);
      expect((await h.request('GET', '/api/v1/admin/jobs', { as: engineer })).statusCode).toBe(403);

      const retried = await h.request('POST', `/api/v1/admin/jobs/${id}/retry`, { as: admin });
      expect(retried.statusCode).toBe(200);
      expect(retried.json()).toMatchObject({ id, status: 'queued', attempts: 0 });
      const again = await h.request('POST', `/api/v1/admin/jobs/${id}/retry`, { as: admin });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('job_not_dead');
      expect((await h.request('POST', '/api/v1/admin/jobs/unknown/retry', { as: admin })).statusCode).toBe(404);
    } finally {
      await h.close();
    }
  });

  it('marks a job whose payload breaks its schema dead at once', async () => {
    await reset();
    const id = (await store.read.jobs.enqueue('test.record', { n: 'not a number' }, clock.now()))!;
    await newWorker().drain();
    expect(await store.read.jobs.find(id)).toMatchObject({ status: 'dead', attempts: 1 });
  });

  it('gives a job to another worker when the one holding it stopped answering', async () => {
    await reset();
    const id = (await store.read.jobs.enqueue('test.record', { n: 9 }, clock.now()))!;
    const claimed = await store.read.jobs.claim('dead-worker', clock.now(), new Date(clock.now().getTime() + 60_000), 10);
    expect(claimed.map((j) => j.id)).toEqual([id]);
    const worker = newWorker();
    await worker.drain();
    expect(runs).not.toContain('record:9');
    clock.advance(60_001);
    await worker.drain();
    expect(runs).toContain('record:9');
    expect(await store.read.jobs.find(id)).toMatchObject({ status: 'succeeded', attempts: 2 });
    // The presumed-dead worker cannot complete it afterwards.
    expect(await store.read.jobs.complete(id, 'dead-worker', clock.now())).toBe(false);
  });

  it('runs a recurring job once per period however many workers there are', async () => {
    await reset();
    clock.set('2026-11-26T09:10:30.000Z');
    const a = newWorker();
    const b = newWorker();
    await a.drain();
    await b.drain();
    await a.drain();
    expect(runs.filter((r) => r.startsWith('tick'))).toHaveLength(1);
    clock.advance(60_000);
    await b.drain();
    await a.drain();
    expect(runs.filter((r) => r.startsWith('tick'))).toHaveLength(2);
  });

  it('finishes the jobs in flight before stop() resolves', async () => {
    await reset();
    const worker = newWorker();
    await store.read.jobs.enqueue('test.slow', {}, clock.now());
    worker.start();
    while (!release) await new Promise((r) => setTimeout(r, 10));
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(runs).toContain('slow');
    const [job] = await store.db.selectFrom('jobs').selectAll().where('type', '=', 'test.slow').execute();
    expect(job?.status).toBe('succeeded');
  });
});
