import { idParams, job, listJobsQuery, page } from '@casebook/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../http/schemas.ts';
import { actorOf, ctxOf } from '../http/request-context.ts';
import type { JobAdminService } from './job-admin.service.ts';

/** Admins see background jobs that failed for good and send them round again. */
export function jobRoutes(app: FastifyInstance, deps: { jobs: JobAdminService; onRetry?: () => void }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/admin/jobs',
    { schema: { tags: ['jobs'], summary: 'Background jobs by status; dead ones by default (admin)', querystring: listJobsQuery, response: { 200: page(job), ...errorResponses } } },
    async (req) => deps.jobs.list(actorOf(req), req.query.status, req.query.cursor, req.query.limit),
  );
  r.post(
    '/api/v1/admin/jobs/:id/retry',
    { schema: { tags: ['jobs'], summary: 'Queue a dead job again with a fresh set of attempts (admin)', params: idParams, response: { 200: job, ...errorResponses } } },
    async (req) => {
      const retried = await deps.jobs.retry(ctxOf(req), req.params.id);
      deps.onRetry?.();
      return retried;
    },
  );
}
