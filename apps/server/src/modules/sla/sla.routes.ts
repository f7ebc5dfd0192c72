import { slaPreview, slaPreviewQuery, slaTarget } from '@casebook/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http/schemas.ts';
import { ctxOf } from '../../http/request-context.ts';
import type { CalendarService } from '../regions/calendar.service.ts';
import type { SlaService } from './sla.service.ts';

export function slaRoutes(app: FastifyInstance, deps: { sla: SlaService; calendars: CalendarService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['sla'];

  r.get('/api/v1/sla/targets', { schema: { tags, summary: 'First-response targets by priority and plan', response: { 200: z.array(slaTarget), ...errorResponses } } }, async () => deps.sla.targets());

  r.put(
    '/api/v1/sla/targets',
    { schema: { tags, summary: 'Change first-response targets (admin); applies to cases opened afterwards', body: z.array(slaTarget).min(1).max(8), response: { 200: z.array(slaTarget), ...errorResponses } } },
    async (req) => deps.sla.setTargets(ctxOf(req), req.body),
  );

  r.get(
    '/api/v1/sla/preview',
    { schema: { tags, summary: 'When the first response to a request received at an instant would be due', querystring: slaPreviewQuery, response: { 200: slaPreview, ...errorResponses } } },
    async (req) => deps.sla.preview(req.query.region, req.query.plan, req.query.priority, new Date(req.query.receivedAt)),
  );
}
