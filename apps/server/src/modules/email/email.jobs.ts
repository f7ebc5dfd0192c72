import { z } from 'zod';
import { jobType } from '../../jobs/registry.ts';

/** Processes one message received over SMTP, stored raw before the SMTP answer (InboundMailService.process). */
export const processInboundJob = jobType({ type: 'email.process_inbound', payload: z.object({ messageId: z.string() }) });
