import { z } from 'zod';
import { jobType } from '../../jobs/registry.ts';

/** Mails the confirmation link of a pending subscription (SubscriptionService.sendConfirmation). */
export const newsletterConfirmationJob = jobType({ type: 'newsletter.confirmation', payload: z.object({ subscriberId: z.string() }) });
/** Starts a campaign at its time: one delivery row per confirmed subscriber of its topic (CampaignService.start). */
export const campaignStartJob = jobType({ type: 'newsletter.start_campaign', payload: z.object({ campaignId: z.string() }), maxAttempts: 10 });
/** Sends one throttled batch of a campaign's deliveries, then queues its lane's next (CampaignService.sendBatch). */
export const campaignBatchJob = jobType({ type: 'newsletter.send_batch', payload: z.object({ campaignId: z.string(), lane: z.number().int().min(0), seq: z.number().int() }), maxAttempts: 10, timeoutMs: 15 * 60_000 });
