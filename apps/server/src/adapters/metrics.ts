import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one server instance, served as text at /metrics. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'casebook_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'casebook_http_requests_total',
      help: 'HTTP requests answered, by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'casebook_http_request_duration_seconds',
      help: 'Time to answer HTTP requests',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    jobs: new Counter({
      name: 'casebook_jobs_total',
      help: 'Background job attempts, by type and outcome (succeeded, failed, dead, lease_lost)',
      labelNames: ['type', 'outcome'] as const,
      registers: [registry],
    }),
    jobQueue: new Gauge({
      name: 'casebook_jobs',
      help: 'Jobs in the shared queue now: queued, due, running (live lease), overdue (lease ran out), dead',
      labelNames: ['status'] as const,
      registers: [registry],
    }),
    oldestDueJob: new Gauge({
      name: 'casebook_jobs_oldest_due_seconds',
      help: 'How long the oldest job that could run now has been waiting',
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'casebook_job_duration_seconds',
      help: 'Time spent running background jobs',
      labelNames: ['type'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
