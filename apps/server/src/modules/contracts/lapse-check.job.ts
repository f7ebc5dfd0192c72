import { z } from 'zod';
import type { Config } from '../../config.ts';
import { defineJob } from '../../jobs/registry.ts';
import { CalendarService } from '../regions/calendar.service.ts';
import { SlaService } from '../sla/sla.service.ts';
import { LapseService } from './lapse.service.ts';

/** Every minute: a contract that ended at midnight in its region lapses the customer within a minute. */
export function lapseCheckJob(deps: { support: Config['support'] }) {
  return defineJob({
    type: 'contracts.check_lapses',
    payload: z.object({}),
    everyMs: 60_000,
    async handle(_payload, { store, clock, log }) {
      const lapse = new LapseService(store, clock, new SlaService(store, clock, new CalendarService(store, clock, deps.support)));
      const counts = await lapse.checkAll();
      if (counts.lapsed || counts.reinstated) log.info(counts, 'maintenance lapses reconciled');
    },
  });
}
