import type { z } from 'zod';
import type { Store } from '../db/store.ts';
import type { Clock } from '../adapters/clock.ts';
import type { Logger } from '../logger.ts';

export interface JobContext {
  jobId: string;
  attempt: number;
  store: Store;
  clock: Clock;
  log: Logger;
  /**
   * Aborted when this worker stops treating the job as its own: the job's hard time limit passed,
   * or its lease was lost to another worker. A handler that can stop early should listen to it.
   */
  signal: AbortSignal;
}

/** The hard limit on one run of a handler, unless its definition sets its own. */
export const DEFAULT_JOB_TIMEOUT_MS = 10 * 60_000;

/**
 * A kind of background work: its name, payload schema and retry policy. The definition lives with
 * its module (`<module>.jobs.ts`) and says nothing of who handles it; the composition root pairs
 * each with a service method (jobs/index.ts). Enqueuing takes the definition, so a wrong job name
 * or payload does not compile. Handlers must be idempotent: a job whose worker died mid-way runs
 * again once its lease expires (or at once, when that worker's next incarnation starts).
 */
export interface JobType<S extends z.ZodType = z.ZodType> {
  type: string;
  payload: S;
  /** Attempts before the job is dead (DEFAULT_MAX_ATTEMPTS when unset; recurring jobs default to 1). */
  maxAttempts?: number;
  /** Lower is claimed first among due jobs (DEFAULT_PRIORITY when unset). */
  priority?: number;
  /**
   * The hard limit on one run, in ms (DEFAULT_JOB_TIMEOUT_MS when unset). Past it the worker
   * abandons the handler (its signal is aborted) and the job is retried with back-off.
   */
  timeoutMs?: number;
  /**
   * For recurring jobs: the period. Workers keep one run queued per period (its idempotency key is
   * the period's start), so however many workers run, each period runs once.
   */
  everyMs?: number;
}

export function jobType<S extends z.ZodType>(definition: JobType<S>): JobType<S> {
  return definition;
}

/** The payload a job type takes when enqueued. */
export type JobPayload<J extends JobType> = z.input<J['payload']>;

export type JobHandler<S extends z.ZodType = z.ZodType> = (payload: z.infer<S>, ctx: JobContext) => Promise<void>;

/** A job type and the handler that runs it. */
export interface RegisteredJob {
  definition: JobType;
  handle: JobHandler;
}

export class JobRegistry {
  private readonly jobs = new Map<string, RegisteredJob>();

  /** Pairs a job type with its handler; a type handled twice is a wiring error. */
  handle<S extends z.ZodType>(definition: JobType<S>, handler: JobHandler<S>): this {
    if (this.jobs.has(definition.type)) throw new Error(`job type ${definition.type} registered twice`);
    this.jobs.set(definition.type, { definition, handle: handler as JobHandler });
    return this;
  }

  get(type: string): RegisteredJob | undefined {
    return this.jobs.get(type);
  }

  recurring(): JobType[] {
    return [...this.jobs.values()].map((j) => j.definition).filter((d) => d.everyMs != null);
  }
}

/** Exponential back-off with ±20% jitter: 5 s, 10 s, 20 s … capped at one hour. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(5_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** The start of the period containing `at`; the key that makes a recurring run unique. */
export function periodStart(at: Date, everyMs: number): Date {
  return new Date(Math.floor(at.getTime() / everyMs) * everyMs);
}
