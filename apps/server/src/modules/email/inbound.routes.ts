import { pageQuery } from '@casebook/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../http/errors.ts';
import { errorResponses } from '../../http/schemas.ts';
import { actorOf } from '../../http/request-context.ts';

const status = z.enum(['received', 'case_created', 'comment_added', 'rejected', 'ignored', 'failed']);
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
});

/** Admins see what became of every message sent to the support address. */
export function inboundRoutes(app: FastifyInstance, deps: { store: Store }) {
  app.withTypeProvider<ZodTypeProvider>().get(
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
      return {
        items: page.items.map((r) => ({ id: r.id, receivedAt: r.received_at, envelopeFrom: r.envelope_from, from: r.from_address, subject: r.subject, status: r.status, reason: r.reason, caseId: r.case_id, size: Number(r.size) })),
        nextCursor: page.nextCursor,
      };
    },
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
