import { z } from 'zod';
import { pageQuery } from './common.ts';

/** What became of a message received over SMTP. */
export const inboundStatus = z.enum(['received', 'case_created', 'comment_added', 'rejected', 'ignored', 'failed', 'suspended', 'discarded']);
export const mailAuthentication = z.object({
  /** `evaluated` (SPF/DKIM/DMARC checked here), `trusted_header` (the relay's Authentication-Results) or `reply_token`. */
  method: z.enum(['evaluated', 'trusted_header', 'reply_token']),
  /** Results as in Authentication-Results: pass, fail, none, softfail, neutral, temperror, permerror… */
  dmarc: z.string().nullable(),
  spf: z.string().nullable(),
  dkim: z.string().nullable(),
  /** An SPF or DKIM pass aligned with the From domain. */
  aligned: z.boolean(),
  /** Whether the message could be acted on as its sender. */
  authenticated: z.boolean(),
  /** The user a valid reply token named. */
  tokenUserId: z.string().nullable(),
});
/** A message received over SMTP, its outcome and its authentication verdict, as admins see it. */
export const inboundMessage = z.object({
  id: z.string(),
  receivedAt: z.string(),
  envelopeFrom: z.string(),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  status: inboundStatus,
  /** Why it was rejected, ignored or failed. */
  reason: z.string().nullable(),
  caseId: z.string().nullable(),
  size: z.number().int(),
  /** The connecting SMTP client. */
  clientIp: z.string().nullable(),
  clientHelo: z.string().nullable(),
  /** How the sender was authenticated; null until processed. */
  authentication: mailAuthentication.nullable(),
  /** Staff who released or discarded it, when suspended mail was decided on. */
  releasedBy: z.string().nullable(),
  releasedAt: z.string().nullable(),
  discardedBy: z.string().nullable(),
  discardedAt: z.string().nullable(),
});

export const listInboundQuery = pageQuery.extend({ status: inboundStatus.optional() });

/** A notification email, sent or failing, as admins see it. */
export const outboundMessage = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  kind: z.string(),
  caseId: z.string().nullable(),
  messageId: z.string(),
  status: z.enum(['sent', 'failed']),
  /** The last error while it is failing (the queue retries with back-off). */
  error: z.string().nullable(),
  attempts: z.number().int(),
  updatedAt: z.string(),
});

export const listOutboundQuery = pageQuery.extend({ status: z.enum(['sent', 'failed']).optional() });
