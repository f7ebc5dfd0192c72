import { z } from 'zod';
import { jobType } from '../../jobs/registry.ts';

const payload = z.object({ caseId: z.string(), dueAt: z.string() });

/** At 75% of the first-response target (SlaAlerts.alert). */
export const slaWarningJob = jobType({ type: 'sla.warning', payload });
/** At the due time without a first response (SlaAlerts.alert). */
export const slaBreachJob = jobType({ type: 'sla.breach', payload });
