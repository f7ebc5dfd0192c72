import { z } from 'zod';
import type { Config } from '../../config.ts';
import { defineJob } from '../../jobs/registry.ts';
import { caseServices } from '../../services.ts';

/** Every minute: a contract that ended at midnight in its region lapses the customer within a minute. */
export function lapseCheckJob(deps: { config: Config }) {
  return defineJob({
    type: 'contracts.check_lapses',
    payload: z.object({}),
    everyMs: 60_000,
    async handle(_payload, { store, clock, log }) {
      const counts = await caseServices(store, clock, deps.config).lapse.checkAll();
      if (counts.lapsed || counts.reinstated) log.info(counts, 'maintenance lapses reconciled');
    },
  });
}
