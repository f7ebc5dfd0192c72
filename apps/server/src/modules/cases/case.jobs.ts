import { z } from 'zod';
import { jobType } from '../../jobs/registry.ts';

/** Closes a resolved case once its quiet period has passed (CaseService.autoClose). */
export const autoCloseJob = jobType({ type: 'cases.auto_close', payload: z.object({ caseId: z.string(), resolvedAt: z.string() }) });
