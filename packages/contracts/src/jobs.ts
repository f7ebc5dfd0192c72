import { z } from 'zod';
import { id, isoDateTime, pageQuery } from './common.ts';

export const jobStatus = z.enum(['queued', 'running', 'succeeded', 'dead']);

export const job = z.object({
  id,
  type: z.string(),
  status: jobStatus,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAt: isoDateTime,
  lastError: z.string().nullable(),
  createdAt: isoDateTime,
  finishedAt: isoDateTime.nullable(),
});

export const listJobsQuery = pageQuery.extend({ status: jobStatus.default('dead') });
