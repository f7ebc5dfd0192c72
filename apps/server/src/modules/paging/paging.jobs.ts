import { z } from 'zod';
import { jobType } from '../../jobs/registry.ts';

/** Paging jobs are claimed before any other due job: a page must not wait behind notification mail. */
const PAGING_PRIORITY = 0;
export const DELIVERY_MAX_ATTEMPTS = 8;

/** The next round of an unacknowledged page, at its due time (PagingService.escalate). */
export const pageEscalationJob = jobType({ type: 'paging.escalate', payload: z.object({ pageId: z.string(), round: z.number().int() }), maxAttempts: 8, priority: PAGING_PRIORITY });
/** One delivery of a page: email, PagerDuty or webhook (PageSender.deliver). */
export const pageDeliveryJob = jobType({ type: 'paging.deliver', payload: z.object({ deliveryId: z.string() }), maxAttempts: DELIVERY_MAX_ATTEMPTS, priority: PAGING_PRIORITY });
