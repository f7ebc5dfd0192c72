import { auditEntry, listAuditQuery, page } from '@casebook/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../../http/schemas.ts';
import { actorOf } from '../../http/request-context.ts';
import type { AuditService } from './audit.service.ts';

export function auditRoutes(app: FastifyInstance, deps: { audit: AuditService }) {
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
    async (req) => deps.audit.list(actorOf(req), req.query),
  );
}
