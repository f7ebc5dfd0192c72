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
 * A kind of background work: its payload schema, its retry policy and its handler. Handlers must
 * be idempotent: a job whose worker died mid-way runs again once its lease expires (or at once,
 * when that worker's next incarnation starts).
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  type: string;
  payload: S;
  maxAttempts?: number;
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
  handle(payload: z.infer<S>, ctx: JobContext): Promise<void>;
}

export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}

export class JobRegistry {
  private readonly definitions = new Map<string, JobDefinition>();

  register(...definitions: JobDefinition[]): this {
    for (const d of definitions) {
      if (this.definitions.has(d.type)) throw new Error(`job type ${d.type} registered twice`);
      this.definitions.set(d.type, d);
    }
    return this;
  }

  get(type: string): JobDefinition | undefined {
    return this.definitions.get(type);
  }

  recurring(): JobDefinition[] {
    return [...this.definitions.values()].filter((d) => d.everyMs != null);
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
