import { z } from 'zod';
import { jobType } from '../../src/jobs/registry.ts';

/** The job the multi-process queue tests run (test/fixtures/worker-process.ts handles it). */
export const recordRunJob = jobType({ type: 'test.record_run', payload: z.object({ n: z.number() }) });

/** A job type no worker handles: it goes dead at its first attempt. */
export const unhandledJob = jobType({ type: 'no.such.type', payload: z.record(z.string(), z.unknown()) });
