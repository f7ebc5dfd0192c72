import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Store } from '../db/store.ts';
import { AppError } from './errors.ts';
import type { Metrics } from './metrics.ts';

export function systemRoutes(app: FastifyInstance, deps: { store: Store; metrics: Metrics; metricsToken: string | null }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const health = z.object({ status: z.enum(['ok', 'unavailable']), database: z.enum(['ok', 'unavailable']) });

  r.get(
    '/healthz',
    { config: { public: true }, schema: { tags: ['system'], summary: 'Liveness and database reachability', response: { 200: health, 503: health } } },
    async (req, reply) => {
      try {
        await sql`select 1`.execute(deps.store.db);
        return { status: 'ok' as const, database: 'ok' as const };
      } catch (err) {
        req.log.error({ err }, 'health check: database unreachable');
        return reply.status(503).send({ status: 'unavailable', database: 'unavailable' });
      }
    },
  );

  r.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    if (deps.metricsToken && req.headers.authorization !== `Bearer ${deps.metricsToken}`) throw new AppError('unauthenticated');
    reply.type(deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
}
