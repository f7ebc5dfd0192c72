import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
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

  // With METRICS_TOKEN set, only that bearer token is let in; without it, only clients on this host.
  r.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    if (deps.metricsToken) {
      if (!bearerMatches(req.headers.authorization, deps.metricsToken)) throw new AppError('unauthenticated');
    } else if (!isLoopbackClient(req)) {
      throw new AppError('forbidden');
    }
    reply.type(deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const isLoopback = (address: string | undefined) => address != null && (/^(::ffff:)?127\./.test(address) || address === '::1');

/**
 * A client on this host: the connection comes from a loopback address and was not forwarded by a
 * proxy (which would be on this host too, answering for anyone).
 */
function isLoopbackClient(req: FastifyRequest): boolean {
  return isLoopback(req.socket.remoteAddress) && isLoopback(req.ip) && req.headers['x-forwarded-for'] == null && req.headers.forwarded == null;
}
