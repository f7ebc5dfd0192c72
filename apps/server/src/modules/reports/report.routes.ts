import { dashboard, queueCounts, queueCountsQuery } from '@casebook/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../../http/schemas.ts';
import { actorOf } from '../../http/request-context.ts';
import type { ReportService } from './report.service.ts';

export function reportRoutes(app: FastifyInstance, deps: { reports: ReportService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];
  r.get(
    '/api/v1/reports/queues',
    { schema: { tags, summary: 'How many active cases each engineer queue holds: mine, my region, unassigned, breaching soon, all (staff)', querystring: queueCountsQuery, response: { 200: queueCounts, ...errorResponses } } },
    async (req) => deps.reports.queueCounts(actorOf(req), req.query.breachingWithin),
  );
  r.get(
    '/api/v1/reports/dashboard',
    { schema: { tags, summary: 'Open cases by region and priority, cases at risk, first-response times per week (staff)', response: { 200: dashboard, ...errorResponses } } },
    async (req) => deps.reports.dashboard(actorOf(req)),
  );
}
