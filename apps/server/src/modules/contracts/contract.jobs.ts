import { z } from 'zod';
import { jobType } from '../../jobs/registry.ts';

/** Every minute: a contract that ended at midnight in its region lapses the customer within a minute (LapseService.checkAll). */
export const lapseCheckJob = jobType({ type: 'contracts.check_lapses', payload: z.object({}), everyMs: 60_000 });
