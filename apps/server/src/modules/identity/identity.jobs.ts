import { z } from 'zod';
import { jobType } from '../../jobs/registry.ts';

/** Issues an invitation token and mails it (InvitationMailer.send). */
export const sendInvitationJob = jobType({ type: 'identity.send_invitation', payload: z.object({ userId: z.string() }) });
