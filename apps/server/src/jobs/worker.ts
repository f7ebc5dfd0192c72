import { z } from 'zod';
import { hostname } from 'node:os';
import type { Clock } from '../adapters/clock.ts';
import { newId } from '../adapters/ids.ts';
import type { Store } from '../db/store.ts';
import type { JobRow } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../adapters/metrics.ts';
import { backoffMs, DEFAULT_JOB_TIMEOUT_MS, periodStart, type JobRegistry } from './registry.ts';

/**
 * How long a claim holds a job before another worker may take it over (its worker presumed dead),
 * unless the worker renews it. The worker renews every third of it while the handler runs.
 */
export const DEFAULT_LEASE_MS = 30_000;

export interface WorkerOptions {
  store: Store;
  registry: JobRegistry;
  clock: Clock;
  log: Logger;
  metrics?: Metrics;
  concurrency: number;
  pollMs: number;
  /** The lease a claim takes and each heartbeat renews; DEFAULT_LEASE_MS when unset. */
  leaseMs?: number;
  /** How often a running job's lease is renewed; a third of the lease when unset. */
  heartbeatMs?: number;
  /**
   * This worker's identity in `locked_by`. A stable one (see worker-identity.ts) lets a restarted
   * process release the leases of its previous incarnation at once; a random one by default.
   */
  id?: string;
}

/** Why a run ended without the handler finishing. */
class JobTimeoutError extends Error {
  constructor(readonly limitMs: number) {
    super(`the handler ran longer than its limit of ${limitMs} ms and was abandoned`);
    this.name = 'JobTimeoutError';
  }
}

class LeaseLostError extends Error {
  constructor() {
    super('the lease on this job passed to another claim');
    this.name = 'LeaseLostError';
  }
}

/**
 * Claims due jobs from the `jobs` table and runs their handlers, `concurrency` at a time. Any number
 * of workers, in this process or others, may share one database.
 */
export class Worker {
  readonly id: string;
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  /** When the loop last looked for work (performance.now()), for the health check. */
  private lastPollAt = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** The period each recurring type was last scheduled for by this worker, to skip needless writes. */
  private readonly scheduled = new Map<string, string>();

  constructor(private readonly o: WorkerOptions) {
    this.id = o.id ?? `${hostname()}:${process.pid}:${newId().slice(-8)}`;
    this.leaseMs = o.leaseMs ?? DEFAULT_LEASE_MS;
    this.heartbeatMs = o.heartbeatMs ?? Math.max(10, Math.floor(this.leaseMs / 3));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops claiming, waits for the jobs in flight to finish, then resolves. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await Promise.all(this.inFlight);
  }

  /**
   * 'ok' while the loop runs and has looked for work lately; 'down' when it was never started, was
   * stopped, or is stuck (no round for a minute, or ten poll intervals if longer).
   */
  health(): 'ok' | 'down' {
    if (!this.running || !this.loop) return 'down';
    return performance.now() - this.lastPollAt <= Math.max(60_000, 10 * this.o.pollMs) ? 'ok' : 'down';
  }

  /** Ask the loop to look for work now instead of after its poll interval. */
  nudge(): void {
    this.wake?.();
  }

  /** Runs every job due now, and those they make due, until none is left. For tests and tools. */
  async drain(maxRounds = 1000): Promise<number> {
    if (!this.running) await this.releaseOwnLeases();
    let total = 0;
    for (let round = 0; round < maxRounds; round++) {
      await this.scheduleRecurring();
      const claimed = await this.claim(this.o.concurrency);
      if (claimed.length === 0) return total;
      await Promise.all(claimed.map((job) => this.execute(job)));
      total += claimed.length;
    }
    return total;
  }

  /**
   * Jobs still leased to this identity were held by a previous incarnation that died: no handler
   * runs them any more, so they are due now rather than when their leases run out.
   */
  private async releaseOwnLeases(): Promise<void> {
    try {
      const released = await this.o.store.read.jobs.releaseLeases(this.id, this.o.clock.now());
      if (released > 0) this.o.log.info({ released, workerId: this.id }, 'released the jobs a previous run of this worker held');
    } catch (err) {
      this.o.log.error({ err }, 'could not release the leases of a previous run; they free up when they run out');
    }
  }

  private async run(): Promise<void> {
    this.lastPollAt = performance.now();
    await this.releaseOwnLeases();
    while (this.running) {
      this.lastPollAt = performance.now();
      let claimed = 0;
      try {
        await this.scheduleRecurring();
        const free = this.o.concurrency - this.inFlight.size;
        if (free > 0) {
          const jobs = await this.claim(free);
          claimed = jobs.length;
          for (const job of jobs) {
            const p = this.execute(job).finally(() => {
              this.inFlight.delete(p);
              this.wake?.();
            });
            this.inFlight.add(p);
          }
        }
      } catch (err) {
        this.o.log.error({ err }, 'job claim failed');
      }
      if (!this.running) break;
      if (claimed === 0 || this.inFlight.size >= this.o.concurrency) await this.sleep(this.o.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private claim(limit: number): Promise<JobRow[]> {
    const now = this.o.clock.now();
    return this.o.store.read.jobs.claim(this.id, now, new Date(now.getTime() + this.leaseMs), limit);
  }

  /** Makes sure each recurring job has a run queued for the current period. */
  private async scheduleRecurring(): Promise<void> {
    const now = this.o.clock.now();
    for (const d of this.o.registry.recurring()) {
      const slot = periodStart(now, d.everyMs!).toISOString();
      if (this.scheduled.get(d.type) === slot) continue;
      await this.o.store.read.jobs.enqueue(d, {}, now, {
        runAt: new Date(slot),
        idempotencyKey: `${d.type}@${slot}`,
        maxAttempts: d.maxAttempts ?? 1,
      });
      this.scheduled.set(d.type, slot);
    }
  }

  /**
   * Keeps the lease of a running job by renewing it every `heartbeatMs`. `lost` resolves when a
   * renewal finds the lease is no longer this attempt's (it ran out and another worker claimed the
   * job). A renewal that fails on an error is tried again at the next beat.
   */
  private holdLease(job: JobRow, log: Logger): { lost: Promise<void>; stop(): void } {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let markLost: () => void = () => {};
    const lost = new Promise<void>((resolve) => (markLost = resolve));
    const beat = async () => {
      if (stopped) return;
      try {
        const now = this.o.clock.now();
        const held = await this.o.store.read.jobs.renewLease(job, this.id, now, new Date(now.getTime() + this.leaseMs));
        if (!held && !stopped) {
          stopped = true;
          markLost();
          return;
        }
      } catch (err) {
        log.warn({ err }, 'could not renew the lease of a running job; trying again');
      }
      if (!stopped) timer = setTimeout(() => void beat(), this.heartbeatMs);
    };
    timer = setTimeout(() => void beat(), this.heartbeatMs);
    return {
      lost,
      stop() {
        stopped = true;
        clearTimeout(timer);
      },
    };
  }

  private async execute(job: JobRow): Promise<void> {
    const { store, clock, registry } = this.o;
    const log = this.o.log.child({ jobId: job.id, jobType: job.type, attempt: job.attempts });
    const registered = registry.get(job.type);
    const started = performance.now();
    const controller = new AbortController();
    const lease = this.holdLease(job, log);
    let limitTimer: NodeJS.Timeout | undefined;
    try {
      if (!registered) throw new Error(`no handler registered for job type ${job.type}`);
      const payload = registered.definition.payload.parse(JSON.parse(job.payload));
      const limitMs = registered.definition.timeoutMs ?? DEFAULT_JOB_TIMEOUT_MS;
      const handled = registered.handle(payload, { jobId: job.id, attempt: job.attempts, store, clock, log, signal: controller.signal });
      const ended = await Promise.race([
        handled.then(() => 'done' as const),
        lease.lost.then(() => 'lost' as const),
        new Promise<'timeout'>((resolve) => (limitTimer = setTimeout(() => resolve('timeout'), limitMs))),
      ]);
      if (ended === 'lost') {
        // Another claim owns the job now: write nothing about it, and tell the handler to stop.
        controller.abort(new LeaseLostError());
        log.warn('lost the lease on a running job to another worker; stopped treating it as ours');
        this.o.metrics?.jobs.inc({ type: job.type, outcome: 'lease_lost' });
        return;
      }
      if (ended === 'timeout') {
        controller.abort(new JobTimeoutError(limitMs));
        throw new JobTimeoutError(limitMs);
      }
      lease.stop();
      const owned = await store.read.jobs.complete(job, this.id, clock.now());
      if (!owned) {
        log.warn('job finished after its lease had passed to another worker; its result is not recorded');
        this.o.metrics?.jobs.inc({ type: job.type, outcome: 'lease_lost' });
        return;
      }
      this.o.metrics?.jobs.inc({ type: job.type, outcome: 'succeeded' });
    } catch (err) {
      lease.stop();
      const message = err instanceof Error ? err.message : String(err);
      // A payload that fails its schema, or a type nobody handles, will never succeed: no retries.
      const permanent = !registered || err instanceof z.ZodError;
      const retryAt = permanent ? null : new Date(clock.now().getTime() + backoffMs(job.attempts));
      const outcome = await store.read.jobs.fail(job, this.id, clock.now(), message, retryAt);
      log.warn({ err, outcome }, outcome === 'lost' ? 'job failed after its lease had passed to another worker' : 'job failed');
      this.o.metrics?.jobs.inc({ type: job.type, outcome: outcome === 'dead' ? 'dead' : outcome === 'lost' ? 'lease_lost' : 'failed' });
    } finally {
      lease.stop();
      clearTimeout(limitTimer);
      this.o.metrics?.jobDuration.observe({ type: job.type }, (performance.now() - started) / 1000);
    }
  }
}
