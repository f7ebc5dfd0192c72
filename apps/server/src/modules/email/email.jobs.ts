import { z } from 'zod';
import { jobType } from '../../jobs/registry.ts';

/**
 * A received message is a customer's request nobody can see until it is processed, so it goes
 * ahead of the ordinary work of the queue (notification emails and the like, priority 100),
 * behind only the pages to engineers on duty (0).
 */
const INTAKE_PRIORITY = 10;

/** Processes one message received over SMTP, stored raw before the SMTP answer (InboundMailService.process). */
export const processInboundJob = jobType({ type: 'email.process_inbound', payload: z.object({ messageId: z.string() }), priority: INTAKE_PRIORITY });
