import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { HealthService } from '../modules/system/health.service.ts';
import { AppError } from '../errors.ts';
import type { Metrics } from '../adapters/metrics.ts';

/** The state of one part of the process the health check reports. */
export type ComponentState = 'ok' | 'starting' | 'down' | 'disabled';

/**
 * The parts of this process, besides the database, that /healthz reports: main.ts gives one probe
 * per listener and for the workers. A part that is expected (not 'disabled') and not 'ok' makes
 * the answer 503.
 */
export interface HealthProbes {
  http?: () => ComponentState;
  smtp?: () => ComponentState;
  workers?: () => ComponentState;
}

const state = z.enum(['ok', 'starting', 'down', 'disabled']);
const jobStats = z.object({
  queued: z.number().int().describe('waiting in the queue, due or not'),
  due: z.number().int().describe('queued and due now'),
  running: z.number().int().describe('held by a worker under a current lease'),
  overdue: z.number().int().describe('marked running but the lease ran out: its worker died or stalled'),
  dead: z.number().int().describe('failed for good; an admin may send them round again'),
  oldestDueSeconds: z.number().describe('how long the oldest job that could run now has waited'),
});
const health = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['ok', 'unavailable']),
  http: state.optional(),
  smtp: state.optional(),
  workers: state.optional(),
  jobs: jobStats.optional(),
});

export function systemRoutes(app: FastifyInstance, deps: { system: HealthService; metrics: Metrics; metricsToken: string | null; health?: HealthProbes }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/healthz',
    {
      config: { public: true },
      schema: { tags: ['system'], summary: 'Health of the database, each listener and the workers, and the job queue at a glance', response: { 200: health, 503: health } },
    },
    async (req, reply) => {
      const parts = {
        http: deps.health?.http?.() ?? ('ok' as const),
        ...(deps.health?.smtp && { smtp: deps.health.smtp() }),
        ...(deps.health?.workers && { workers: deps.health.workers() }),
      };
      const { database, jobs, error } = await deps.system.check();
      if (error) req.log.error({ err: error }, 'health check: database unreachable');
      const healthy = database === 'ok' && Object.values(parts).every((s) => s === 'ok' || s === 'disabled');
      const body = { status: healthy ? ('ok' as const) : ('unavailable' as const), database, ...parts, ...(jobs && { jobs }) };
      if (!healthy) return reply.status(503).send(body);
      return body;
    },
  );

  // With METRICS_TOKEN set, only that bearer token is let in; without it, only clients on this host.
  r.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    if (deps.metricsToken) {
      if (!bearerMatches(req.headers.authorization, deps.metricsToken)) throw new AppError('unauthenticated');
    } else if (!isLoopbackClient(req)) {
      throw new AppError('forbidden');
    }
    await refreshQueueGauges(deps, req.log);
    reply.type(deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
}

/** The queue gauges are read from the database at each scrape: every process reports the shared queue. */
async function refreshQueueGauges(deps: { system: HealthService; metrics: Metrics }, log: { warn(obj: object, msg: string): void }) {
  try {
    const s = await deps.system.queueStats();
    for (const status of ['queued', 'due', 'running', 'overdue', 'dead'] as const) deps.metrics.jobQueue.set({ status }, s[status]);
    deps.metrics.oldestDueJob.set(s.oldestDueSeconds);
  } catch (err) {
    log.warn({ err }, 'metrics: could not read the job queue');
  }
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
