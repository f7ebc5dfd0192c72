import { z } from 'zod';
import { defineJob } from './registry.ts';

const HOUR = 3_600_000;

/** Hourly: removes expired sessions, old rate-limit windows and succeeded jobs older than a week. */
export const housekeepingJob = defineJob({
  type: 'system.housekeeping',
  payload: z.object({}),
  everyMs: HOUR,
  async handle(_payload, { store, clock, log }) {
    const now = clock.now();
    await store.read.credentials.prune(now.toISOString(), new Date(now.getTime() - HOUR).toISOString());
    const pruned = await store.read.jobs.pruneSucceeded(new Date(now.getTime() - 7 * 24 * HOUR));
    log.info({ pruned }, 'housekeeping done');
  },
});
