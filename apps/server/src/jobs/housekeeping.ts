import { z } from 'zod';
import type { Clock } from '../adapters/clock.ts';
import type { Store } from '../db/store.ts';
import type { Logger } from '../logger.ts';
import { jobType } from './registry.ts';

const HOUR = 3_600_000;

/** Hourly upkeep of the database (Housekeeping.run). */
export const housekeepingJob = jobType({ type: 'system.housekeeping', payload: z.object({}), everyMs: HOUR });

/** Removes expired sessions, old rate-limit windows and succeeded jobs older than a week. */
export class Housekeeping {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async run(log: Logger): Promise<void> {
    const now = this.clock.now();
    await this.store.read.credentials.prune(now.toISOString(), new Date(now.getTime() - HOUR).toISOString());
    const pruned = await this.store.read.jobs.pruneSucceeded(new Date(now.getTime() - 7 * 24 * HOUR));
    log.info({ pruned }, 'housekeeping done');
  }
}
