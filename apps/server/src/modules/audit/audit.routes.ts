import { auditEntry, listAuditQuery, page } from '@casebook/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../http/errors.ts';
import { errorResponses } from '../../http/schemas.ts';
import { actorOf } from '../../http/request-context.ts';

export function auditRoutes(app: FastifyInstance, deps: { store: Store }) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first (admin)',
        querystring: listAuditQuery,
        response: { 200: page(auditEntry), ...errorResponses },
      },
    },
    async (req) => {
      if (actorOf(req).role !== 'admin') throw new AppError('forbidden');
      return deps.store.read.audit.list(req.query);
    },
  );
}
