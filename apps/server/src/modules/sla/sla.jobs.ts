import { z } from 'zod';
import { jobType } from '../../jobs/registry.ts';

/** How often the SLA alert sweep runs, so a warning or a breach alert goes out at most this late. */
export const SLA_SWEEP_MS = 15_000;

/** The warnings (75 %) and breaches of first-response clocks whose time has come (SlaAlerts.sweep). */
export const slaAlertsJob = jobType({ type: 'sla.alerts', payload: z.object({}), everyMs: SLA_SWEEP_MS });
