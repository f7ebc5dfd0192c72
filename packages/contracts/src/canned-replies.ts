import { z } from 'zod';
import { id, isoDateTime } from './common.ts';

/**
 * The placeholders a canned reply may use, each filled from the case it is used on, in the case
 * customer's language. Text between `{{` and `}}` that is not one of these is refused when saving.
 */
export const cannedReplyPlaceholders = ['customer.name', 'customer.organization', 'case.number', 'case.subject', 'case.priority', 'agent.name', 'agent.email'] as const;

/** The statuses a canned reply may set with the reply: the two a reply usually leads to. */
export const cannedReplyStatus = z.enum(['waiting_on_customer', 'resolved']);

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
const cannedText = z
  .string()
  .trim()
  .min(1)
  .max(20_000)
  .refine((text) => [...text.matchAll(PLACEHOLDER)].every((m) => (cannedReplyPlaceholders as readonly string[]).includes(m[1]!)), `placeholders are ${cannedReplyPlaceholders.map((p) => `{{${p}}}`).join(', ')}`);

export const createCannedReplyRequest = z.object({
  /** What the reply box finds it by, 1 to 80 characters. */
  name: z.string().trim().min(1).max(80),
  /** The English text (Markdown), with placeholders. */
  bodyEn: cannedText,
  /** The French text (Markdown), with placeholders. */
  bodyFr: cannedText,
  /** A status the case takes when the reply is sent with "Send and set status"; null for none. */
  status: cannedReplyStatus.nullable().default(null),
  /** Shared with every member of staff (administrators only), or personal. */
  shared: z.boolean().default(false),
});

export const updateCannedReplyRequest = createCannedReplyRequest
  .omit({ shared: true })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');

export const cannedReply = z.object({
  id,
  name: z.string(),
  bodyEn: z.string(),
  bodyFr: z.string(),
  status: cannedReplyStatus.nullable(),
  shared: z.boolean(),
  /** Whether the caller may change or delete it (their own, or a shared one for administrators). */
  canEdit: z.boolean(),
  updatedAt: isoDateTime,
});

/** A canned reply filled in for one case, in its customer's language. */
export const renderedCannedReply = z.object({ body: z.string(), status: cannedReplyStatus.nullable(), locale: z.enum(['en', 'fr']) });

export const cannedReplyCaseParams = z.object({ id, replyId: id });
