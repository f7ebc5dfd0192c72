import { z } from 'zod';
import { calendarDate } from './contracts.ts';
import { caseSummary, priority } from './cases.ts';
import { regionCode } from './common.ts';

/** How many active cases each engineer queue holds right now. */
export const queueCounts = z.object({ mine: z.number().int(), region: z.number().int(), unassigned: z.number().int(), breaching: z.number().int(), breached: z.number().int(), all: z.number().int(), triage: z.number().int() });

export const queueCountsQuery = z.object({
  /** What "breaching soon" means: minutes before the first response falls due (overdue ones are "breached"). */
  breachingWithin: z.coerce.number().int().min(0).max(10_080).default(240),
});

export const dashboard = z.object({
  /** Active cases by the customer's home region and priority; every region and priority present. */
  openByRegion: z.array(z.object({ region: regionCode, counts: z.record(priority, z.number().int()) })),
  /** Unanswered cases whose first response falls due within `withinMinutes` or is overdue; the riskiest ten listed. */
  atRisk: z.object({ withinMinutes: z.number().int(), count: z.number().int(), cases: z.array(caseSummary) }),
  /** Cases first answered in each of the last eight weeks (Monday to Sunday, UTC), oldest first. */
  firstResponseWeekly: z.array(
    z.object({
      weekStart: calendarDate,
      answered: z.number().int(),
      /** Median counted time to the first response: business minutes on business clocks, wall minutes on 24/7 ones. */
      medianBusinessMinutes: z.number().nullable(),
      /** Answered after the target. */
      breached: z.number().int(),
    }),
  ),
});
