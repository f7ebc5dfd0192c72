import { idParams, job, listJobsQuery, page } from '@casebook/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Clock } from '../adapters/clock.ts';
import type { Store } from '../db/store.ts';
import type { JobRow } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { errorResponses } from '../http/schemas.ts';
import { actorOf, ctxOf } from '../http/request-context.ts';

function toJob(r: JobRow) {
  return {
    id: r.id,
    type: r.type,
    status: r.status,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    runAt: r.run_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}

/** Admins see background jobs that failed for good and send them round again. */
export function jobRoutes(app: FastifyInstance, deps: { store: Store; clock: Clock; onRetry?: () => void }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const requireAdmin = (req: Parameters<typeof actorOf>[0]) => {
    if (actorOf(req).role !== 'admin') throw new AppError('forbidden');
  };

  r.get(
    '/api/v1/admin/jobs',
    { schema: { tags: ['jobs'], summary: 'Background jobs by status; dead ones by default (admin)', querystring: listJobsQuery, response: { 200: page(job), ...errorResponses } } },
    async (req) => {
      requireAdmin(req);
      const p = await deps.store.read.jobs.list(req.query.status, req.query.cursor, req.query.limit);
      return { items: p.items.map(toJob), nextCursor: p.nextCursor };
    },
  );

  r.post(
    '/api/v1/admin/jobs/:id/retry',
    { schema: { tags: ['jobs'], summary: 'Queue a dead job again with a fresh set of attempts (admin)', params: idParams, response: { 200: job, ...errorResponses } } },
    async (req) => {
      requireAdmin(req);
      const now = deps.clock.now();
      const retried = await deps.store.transaction(async (tx) => {
        const existing = await tx.jobs.find(req.params.id);
        if (!existing) throw new AppError('not_found');
        const row = await tx.jobs.retryDead(existing.id, now);
        if (!row) throw new AppError('job_not_dead');
        await tx.audit.record(ctxOf(req), now, { action: 'job.retry', targetType: 'job', targetId: row.id, before: { status: existing.status, lastError: existing.last_error }, after: { status: row.status } });
        return row;
      });
      deps.onRetry?.();
      return toJob(retried);
    },
  );
}
