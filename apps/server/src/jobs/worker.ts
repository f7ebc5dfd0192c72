import { hostname } from 'node:os';
import type { Clock } from '../adapters/clock.ts';
import { newId } from '../adapters/ids.ts';
import type { Store } from '../db/store.ts';
import type { JobRow } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../http/metrics.ts';
import { backoffMs, periodStart, type JobRegistry } from './registry.ts';

/** How long a worker holds a job before another may take it over (its worker presumed dead). */
const LEASE_MS = 5 * 60_000;

export interface WorkerOptions {
  store: Store;
  registry: JobRegistry;
  clock: Clock;
  log: Logger;
  metrics?: Metrics;
  concurrency: number;
  pollMs: number;
}

/**
 * Claims due jobs from the `jobs` table and runs their handlers, `concurrency` at a time. Any number
 * of workers, in this process or others, may share one database.
 */
export class Worker {
  readonly id = `${hostname()}:${process.pid}:${newId().slice(-8)}`;
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** The period each recurring type was last scheduled for by this worker, to skip needless writes. */
  private readonly scheduled = new Map<string, string>();

  constructor(private readonly o: WorkerOptions) {}

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

  /** Ask the loop to look for work now instead of after its poll interval. */
  nudge(): void {
    this.wake?.();
  }

  /** Runs every job due now, and those they make due, until none is left. For tests and tools. */
  async drain(maxRounds = 1000): Promise<number> {
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

  private async run(): Promise<void> {
    while (this.running) {
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
    return this.o.store.read.jobs.claim(this.id, now, new Date(now.getTime() + LEASE_MS), limit);
  }

  /** Makes sure each recurring job has a run queued for the current period. */
  private async scheduleRecurring(): Promise<void> {
    const now = this.o.clock.now();
    for (const d of this.o.registry.recurring()) {
      const slot = periodStart(now, d.everyMs!).toISOString();
      if (this.scheduled.get(d.type) === slot) continue;
      await this.o.store.read.jobs.enqueue(d.type, {}, now, {
        runAt: new Date(slot),
        idempotencyKey: `${d.type}@${slot}`,
        maxAttempts: d.maxAttempts ?? 1,
      });
      this.scheduled.set(d.type, slot);
    }
  }

  private async execute(job: JobRow): Promise<void> {
    const { store, clock, registry } = this.o;
    const log = this.o.log.child({ jobId: job.id, jobType: job.type, attempt: job.attempts });
    const definition = registry.get(job.type);
    const started = performance.now();
    try {
      if (!definition) throw new Error(`no handler registered for job type ${job.type}`);
      const payload = definition.payload.parse(JSON.parse(job.payload));
      await definition.handle(payload, { jobId: job.id, attempt: job.attempts, store, clock, log });
      const owned = await store.read.jobs.complete(job.id, this.id, clock.now());
      if (!owned) log.warn('job finished after its lease had passed to another worker');
      this.o.metrics?.jobs.inc({ type: job.type, outcome: 'succeeded' });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // A payload that fails its schema, or a type nobody handles, will never succeed: no retries.
      const permanent = !definition || (err instanceof Error && err.name === 'ZodError');
      const retryAt = permanent ? null : new Date(clock.now().getTime() + backoffMs(job.attempts));
      const outcome = await store.read.jobs.fail(job, this.id, clock.now(), message, retryAt);
      log.warn({ err, outcome }, 'job failed');
      this.o.metrics?.jobs.inc({ type: job.type, outcome: outcome === 'dead' ? 'dead' : 'failed' });
    } finally {
      this.o.metrics?.jobDuration.observe({ type: job.type }, (performance.now() - started) / 1000);
    }
  }
}
