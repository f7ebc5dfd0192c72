import { z } from 'zod';
import { jobType } from '../../jobs/registry.ts';

/** Issues an invitation token and mails it (InvitationMailer.send). */
export const sendInvitationJob = jobType({ type: 'identity.send_invitation', payload: z.object({ userId: z.string() }) });

/** Issues a password-reset token and mails its link (PasswordResetMailer.send). */
export const sendPasswordResetJob = jobType({ type: 'identity.send_password_reset', payload: z.object({ userId: z.string() }) });
