import { idParams, pageQuery } from '@casebook/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { InboundMessagesTable } from '../../db/schema.ts';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../http/errors.ts';
import { errorResponses } from '../../http/schemas.ts';
import { actorOf, ctxOf } from '../../http/request-context.ts';
import type { SuspendedMailService } from './suspended-mail.service.ts';

const status = z.enum(['received', 'case_created', 'comment_added', 'rejected', 'ignored', 'failed', 'suspended', 'discarded']);
const authentication = z.object({
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
const inboundMessage = z.object({
  id: z.string(),
  receivedAt: z.string(),
  envelopeFrom: z.string(),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  status,
  /** Why it was rejected, ignored or failed. */
  reason: z.string().nullable(),
  caseId: z.string().nullable(),
  size: z.number().int(),
  /** The connecting SMTP client. */
  clientIp: z.string().nullable(),
  clientHelo: z.string().nullable(),
  /** How the sender was authenticated; null until processed. */
  authentication: authentication.nullable(),
  /** Staff who released or discarded it, when suspended mail was decided on. */
  releasedBy: z.string().nullable(),
  releasedAt: z.string().nullable(),
  discardedBy: z.string().nullable(),
  discardedAt: z.string().nullable(),
});

function toInboundMessage(r: InboundMessagesTable) {
  return {
    id: r.id,
    receivedAt: r.received_at,
    envelopeFrom: r.envelope_from,
    from: r.from_address,
    subject: r.subject,
    status: r.status,
    reason: r.reason,
    caseId: r.case_id,
    size: Number(r.size),
    clientIp: r.client_ip,
    clientHelo: r.client_helo,
    authentication: r.auth_method
      ? { method: r.auth_method, dmarc: r.auth_dmarc, spf: r.auth_spf, dkim: r.auth_dkim, aligned: r.auth_aligned === 1, authenticated: r.authenticated === 1, tokenUserId: r.auth_user_id }
      : null,
    releasedBy: r.released_by,
    releasedAt: r.released_at,
    discardedBy: r.discarded_by,
    discardedAt: r.discarded_at,
  };
}

/**
 * Admins see what became of every message sent to the support address, with its authentication
 * verdict, and decide about suspended mail (not authenticated, so not acted on): release or discard.
 */
export function inboundRoutes(app: FastifyInstance, deps: { store: Store; suspendedMail: SuspendedMailService; onQueued?: () => void }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/admin/inbound-messages',
    {
      schema: {
        tags: ['email'],
        summary: 'Messages received over SMTP and their outcome (admin)',
        querystring: pageQuery.extend({ status: status.optional() }),
        response: { 200: z.object({ items: z.array(inboundMessage), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req) => {
      if (actorOf(req).role !== 'admin') throw new AppError('forbidden');
      const page = await deps.store.read.inbound.list(req.query.status, req.query.cursor, req.query.limit);
      return { items: page.items.map(toInboundMessage), nextCursor: page.nextCursor };
    },
  );

  r.get(
    '/api/v1/admin/suspended-mail',
    {
      schema: {
        tags: ['email'],
        summary: 'Suspended mail: messages whose sender could not be authenticated, newest first (admin)',
        querystring: pageQuery,
        response: { 200: z.object({ items: z.array(inboundMessage), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req) => {
      if (actorOf(req).role !== 'admin') throw new AppError('forbidden');
      const page = await deps.store.read.inbound.list('suspended', req.query.cursor, req.query.limit);
      return { items: page.items.map(toInboundMessage), nextCursor: page.nextCursor };
    },
  );

  r.post(
    '/api/v1/admin/suspended-mail/:id/release',
    {
      schema: {
        tags: ['email'],
        summary: 'Release a suspended message: it is processed as if its sender were authenticated (admin, audited)',
        params: idParams,
        response: { 200: inboundMessage, ...errorResponses },
      },
    },
    async (req) => {
      const row = await deps.suspendedMail.release(ctxOf(req), req.params.id);
      deps.onQueued?.();
      return toInboundMessage(row);
    },
  );

  r.post(
    '/api/v1/admin/suspended-mail/:id/discard',
    {
      schema: {
        tags: ['email'],
        summary: 'Discard a suspended message without acting on it or answering anyone (admin, audited)',
        params: idParams,
        response: { 200: inboundMessage, ...errorResponses },
      },
    },
    async (req) => toInboundMessage(await deps.suspendedMail.discard(ctxOf(req), req.params.id)),
  );
}

const outboundMessage = z.object({
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

/** Admins see which notification emails went out and which are failing. */
export function outboundRoutes(app: FastifyInstance, deps: { store: Store }) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/admin/outbound-messages',
    {
      schema: {
        tags: ['email'],
        summary: 'Notification emails sent or failing (admin)',
        querystring: pageQuery.extend({ status: z.enum(['sent', 'failed']).optional() }),
        response: { 200: z.object({ items: z.array(outboundMessage), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req) => {
      if (actorOf(req).role !== 'admin') throw new AppError('forbidden');
      const page = await deps.store.read.outbound.list(req.query.status, req.query.cursor, req.query.limit);
      return {
        items: page.items.map((r) => ({ id: r.id, to: r.to_address, subject: r.subject, kind: r.kind, caseId: r.case_id, messageId: r.message_id, status: r.status, error: r.error, attempts: r.attempts, updatedAt: r.updated_at })),
        nextCursor: page.nextCursor,
      };
    },
  );
}
