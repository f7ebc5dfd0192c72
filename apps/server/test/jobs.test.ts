import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock, systemClock, type Clock } from '../src/adapters/clock.ts';
import { createMetrics } from '../src/adapters/metrics.ts';
import { Store } from '../src/db/store.ts';
import { jobType, JobRegistry } from '../src/jobs/registry.ts';
import { Worker } from '../src/jobs/worker.ts';
import { createLogger } from '../src/logger.ts';
import { createTestDatabase, dialects, type TestDatabase } from './support/database.ts';
import { Harness } from './support/harness.ts';
import { unhandledJob } from './support/test-jobs.ts';

describe.each(dialects)('durable job queue on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  const clock = new ManualClock('2026-11-26T09:00:00.000Z');
  const log = createLogger('silent');
  const runs: string[] = [];
  let failuresLeft = 0;
  let release: (() => void) | null = null;
  /** Lets a `test.hold` job's first attempt finish; set while one is held. */
  let finishHold: (() => void) | null = null;

  const recordJob = jobType({ type: 'test.record', payload: z.object({ n: z.number() }) });
  const flakyJob = jobType({ type: 'test.flaky', payload: z.object({}), maxAttempts: 3 });
  const slowJob = jobType({ type: 'test.slow', payload: z.object({}) });
  const holdJob = jobType({ type: 'test.hold', payload: z.object({}) });
  const hangJob = jobType({ type: 'test.hang', payload: z.object({}), timeoutMs: 200 });
  const tickJob = jobType({ type: 'test.tick', payload: z.object({}), everyMs: 60_000 });
  const registry = new JobRegistry()
    .handle(recordJob, async ({ n }) => {
      runs.push(`record:${n}`);
    })
    .handle(flakyJob, async () => {
      runs.push('flaky');
      if (failuresLeft-- > 0) throw new Error('upstream said no');
    })
    .handle(slowJob, async () => {
      await new Promise<void>((resolve) => (release = resolve));
      runs.push('slow');
    })
    // The first attempt holds until the test lets it go or the worker aborts it; later ones finish at once.
    .handle(holdJob, async (_payload, { attempt, signal }) => {
      runs.push(`hold:${attempt}`);
      if (attempt > 1) return;
      await new Promise<void>((resolve) => {
        finishHold = resolve;
        signal.addEventListener('abort', () => {
          runs.push(`hold:${attempt}:aborted`);
          resolve();
        });
      });
    })
    .handle(hangJob, async (_payload, { signal }) => {
      runs.push('hang');
      signal.addEventListener('abort', () => runs.push('hang:aborted'));
      await new Promise(() => {});
    })
    .handle(tickJob, async () => {
      runs.push(`tick@${clock.now().toISOString()}`);
    });
  const newWorker = () => new Worker({ store, registry, clock, log, concurrency: 4, pollMs: 20 });
  const until = async (check: () => boolean | Promise<boolean>, what: string) => {
    const deadline = Date.now() + 20_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = new Store(database);
  });
  afterAll(() => database.destroy());

  const reset = async () => {
    runs.length = 0;
    await store.db.deleteFrom('jobs').execute();
  };

  it('runs a job enqueued in a committed transaction, and none from a rolled-back one', async () => {
    await reset();
    await store.transaction((tx) => tx.jobs.enqueue(recordJob, { n: 1 }, clock.now()));
    await store
      .transaction(async (tx) => {
        await tx.jobs.enqueue(recordJob, { n: 2 }, clock.now());
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await newWorker().drain();
    expect(runs.filter((r) => r.startsWith('record'))).toEqual(['record:1']);
  });

  it('ignores a second job with the same idempotency key', async () => {
    await reset();
    const first = await store.read.jobs.enqueue(recordJob, { n: 1 }, clock.now(), { idempotencyKey: 'once' });
    const second = await store.read.jobs.enqueue(recordJob, { n: 2 }, clock.now(), { idempotencyKey: 'once' });
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    await newWorker().drain();
    expect(runs.filter((r) => r.startsWith('record'))).toEqual(['record:1']);
  });

  it('claims a job of higher priority before older due ones', async () => {
    await reset();
    const earlier = new Date(clock.now().getTime() - 60_000);
    for (let n = 1; n <= 3; n++) await store.read.jobs.enqueue(recordJob, { n }, earlier);
    await store.read.jobs.enqueue({ ...recordJob, priority: 0 }, { n: 99 }, clock.now());
    const claimed = await store.read.jobs.claim('w1', clock.now(), new Date(clock.now().getTime() + 30_000), 2);
    // The two claimed are the urgent one and the oldest; jobs 2 and 3 wait for the next claim.
    expect(claimed.map((j) => JSON.parse(j.payload).n).sort((a, b) => a - b)).toEqual([1, 99]);
  });

  it('waits for a job whose time has not come', async () => {
    await reset();
    await store.read.jobs.enqueue(recordJob, { n: 7 }, clock.now(), { runAt: new Date(clock.now().getTime() + 5 * 60_000) });
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
    const id = (await store.read.jobs.enqueue(flakyJob, {}, clock.now(), { maxAttempts: 3 }))!;
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
      const id = (await h.store.read.jobs.enqueue(unhandledJob, {}, h.clock.now()))!;
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
    // Written by hand: a typed enqueue cannot make a payload its schema refuses (one of an older version could).
    const id = (await store.read.jobs.enqueue(recordJob, { n: 'not a number' } as unknown as { n: number }, clock.now()))!;
    await newWorker().drain();
    expect(await store.read.jobs.find(id)).toMatchObject({ status: 'dead', attempts: 1 });
  });

  it('gives a job to another worker when the one holding it stopped answering', async () => {
    await reset();
    const id = (await store.read.jobs.enqueue(recordJob, { n: 9 }, clock.now()))!;
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
    expect(await store.read.jobs.complete({ id, attempts: 1 }, 'dead-worker', clock.now())).toBe(false);
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
    await store.read.jobs.enqueue(slowJob, {}, clock.now());
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

  it('keeps the lease of a long handler by heartbeat, so a second worker never runs it again', async () => {
    await reset();
    const leaseMs = 3_000;
    const worker = (c: Clock) => new Worker({ store, registry, clock: c, log, concurrency: 1, pollMs: 20, leaseMs, heartbeatMs: 200 });
    const id = (await store.read.jobs.enqueue(holdJob, {}, systemClock.now()))!;
    const holder = worker(systemClock);
    const other = worker(systemClock);
    holder.start();
    try {
      await until(() => runs.includes('hold:1'), 'the handler to start');
      const firstLease = Date.parse((await store.read.jobs.find(id))!.locked_until!);
      other.start();
      // Wait until the lease has been renewed past two more whole leases while the other worker polled.
      await until(async () => Date.parse((await store.read.jobs.find(id))!.locked_until!) > firstLease + 2 * leaseMs, 'the lease to be renewed');
      finishHold!();
      await until(async () => (await store.read.jobs.find(id))!.status === 'succeeded', 'the job to complete');
    } finally {
      finishHold?.();
      await Promise.all([holder.stop(), other.stop()]);
    }
    expect(runs.filter((r) => r.startsWith('hold'))).toEqual(['hold:1']);
    expect(await store.read.jobs.find(id)).toMatchObject({ status: 'succeeded', attempts: 1 });
  }, 60_000);

  it('stops treating a job as its own once its lease passed to another worker, and records nothing about it', async () => {
    await reset();
    // Two clocks ten minutes apart: for the second worker, the first one's lease has long run out.
    const clockA = new ManualClock(clock.now());
    const clockB = new ManualClock(new Date(clock.now().getTime() + 10 * 60_000));
    const metrics = createMetrics();
    const a = new Worker({ store, registry, clock: clockA, log, metrics, concurrency: 1, pollMs: 20, leaseMs: 60_000, heartbeatMs: 20 });
    const b = new Worker({ store, registry, clock: clockB, log, concurrency: 1, pollMs: 20, leaseMs: 60_000 });
    const id = (await store.read.jobs.enqueue(holdJob, {}, clockA.now()))!;
    a.start();
    try {
      await until(() => runs.includes('hold:1'), 'the first attempt to start');
      await b.drain();
      expect(runs).toContain('hold:2');
      // The first worker's next heartbeat finds the lease gone: its handler is told to stop.
      await until(() => runs.includes('hold:1:aborted'), 'the first attempt to be aborted');
    } finally {
      await a.stop();
    }
    expect(await store.read.jobs.find(id)).toMatchObject({ status: 'succeeded', attempts: 2, last_error: null, locked_by: null });
    expect(await metrics.registry.getSingleMetricAsString('casebook_jobs_total')).toContain('casebook_jobs_total{type="test.hold",outcome="lease_lost"} 1');
  });

  it('abandons a handler that runs past its hard limit and retries the job with back-off', async () => {
    await reset();
    const id = (await store.read.jobs.enqueue(hangJob, {}, clock.now()))!;
    await newWorker().drain();
    const job = (await store.read.jobs.find(id))!;
    expect(job).toMatchObject({ status: 'queued', attempts: 1, locked_by: null });
    expect(job.last_error).toContain('limit of 200 ms');
    expect(Date.parse(job.run_at) - clock.now().getTime()).toBeGreaterThanOrEqual(4_000);
    expect(runs.filter((r) => r.startsWith('hang'))).toEqual(['hang', 'hang:aborted']);
  });

  it('releases at start the jobs its own identity still held, without waiting for their leases', async () => {
    await reset();
    const id = (await store.read.jobs.enqueue(recordJob, { n: 5 }, clock.now()))!;
    await store.read.jobs.claim('host:data:0', clock.now(), new Date(clock.now().getTime() + 10 * 60_000), 10);
    await new Worker({ store, registry, clock, log, concurrency: 4, pollMs: 20, id: 'host:data:1' }).drain();
    expect(runs).not.toContain('record:5');
    await new Worker({ store, registry, clock, log, concurrency: 4, pollMs: 20, id: 'host:data:0' }).drain();
    expect(runs).toContain('record:5');
    expect(await store.read.jobs.find(id)).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('counts queued, due, running, overdue and dead jobs and the age of the oldest due one', async () => {
    await reset();
    const now = clock.now();
    const at = (ms: number) => new Date(now.getTime() + ms);
    await store.read.jobs.enqueue(recordJob, { n: 1 }, at(-90_000));
    await store.read.jobs.enqueue(recordJob, { n: 2 }, now, { runAt: at(60_000) });
    const leased = (await store.read.jobs.enqueue(recordJob, { n: 3 }, now))!;
    const stale = (await store.read.jobs.enqueue(recordJob, { n: 4 }, now))!;
    await store.db.updateTable('jobs').set({ status: 'running', locked_by: 'w', locked_until: at(30_000).toISOString() }).where('id', '=', leased).execute();
    await store.db.updateTable('jobs').set({ status: 'running', locked_by: 'gone', locked_until: at(-1_000).toISOString() }).where('id', '=', stale).execute();
    await store.read.jobs.enqueue(unhandledJob, {}, now);
    await store.db.updateTable('jobs').set({ status: 'dead' }).where('type', '=', 'no.such.type').execute();
    expect(await store.read.jobs.stats(now)).toEqual({ queued: 2, due: 1, running: 1, overdue: 1, dead: 1, oldestDueSeconds: 90 });
  });
});
