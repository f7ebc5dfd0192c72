import { z } from 'zod';
import { jobType } from '../../jobs/registry.ts';

/** Hourly: removes the files of bundles whose retention ended, and abandoned uploads (DiagnosticsService.expireDue). */
export const bundleRetentionJob = jobType({ type: 'diagnostics.expire_bundles', payload: z.object({}), everyMs: 3_600_000 });
