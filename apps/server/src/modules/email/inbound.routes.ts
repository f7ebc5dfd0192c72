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
