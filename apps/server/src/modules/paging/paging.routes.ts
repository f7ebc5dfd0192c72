import {
  acknowledgeWithLinkRequest,
  createOverrideRequest,
  createRotaRequest,
  idParams,
  listPagesQuery,
  onDuty,
  onDutyQuery,
  page,
  pageDelivery,
  pageQuery,
  pageRecord,
  regionCode,
  regionPaging,
  regionPagingRequest,
  rota,
  rotaTimeline,
  rotaTimelineQuery,
  updateRotaRequest,
} from '@casebook/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, ctxOf } from '../../http/request-context.ts';
import { errorResponses } from '../../http/schemas.ts';
import type { PagingIntegrations } from './paging-integrations.service.ts';
import type { PagingService } from './paging.service.ts';
import type { RotaService } from './rota.service.ts';

export function pagingRoutes(app: FastifyInstance, deps: { rotas: RotaService; paging: PagingService; integrations: PagingIntegrations }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { rotas, paging, integrations } = deps;
  const tags = ['paging'];
  const noContent = { 204: z.null(), ...errorResponses };

  r.post(
    '/api/v1/rotas',
    { schema: { tags, summary: 'Create an on-duty rota (admin)', body: createRotaRequest, response: { 201: rota, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await rotas.create(ctxOf(req), req.body)),
  );
  r.get('/api/v1/rotas', { schema: { tags, summary: 'Every rota, with who is on duty now (staff)', response: { 200: z.object({ items: z.array(rota) }), ...errorResponses } } }, async (req) =>
    rotas.list(actorOf(req)),
  );
  r.get('/api/v1/rotas/:id', { schema: { tags, summary: 'One rota (staff)', params: idParams, response: { 200: rota, ...errorResponses } } }, async (req) => rotas.get(actorOf(req), req.params.id));
  r.patch(
    '/api/v1/rotas/:id',
    { schema: { tags, summary: 'Change a rota (admin)', params: idParams, body: updateRotaRequest, response: { 200: rota, ...errorResponses } } },
    async (req) => rotas.update(ctxOf(req), req.params.id, req.body),
  );
  r.delete('/api/v1/rotas/:id', { schema: { tags, summary: 'Delete a rota (admin)', params: idParams, response: noContent } }, async (req, reply) => {
    await rotas.remove(ctxOf(req), req.params.id);
    return reply.status(204).send(null);
  });
  r.get(
    '/api/v1/rotas/:id/timeline',
    { schema: { tags, summary: 'Who is on duty when, from now (or `from`) for `days` days (staff)', params: idParams, querystring: rotaTimelineQuery, response: { 200: rotaTimeline, ...errorResponses } } },
    async (req) => rotas.timeline(actorOf(req), req.params.id, req.query),
  );
  r.post(
    '/api/v1/rotas/:id/overrides',
    { schema: { tags, summary: 'Have an engineer cover a time range instead of the scheduled one (admin)', params: idParams, body: createOverrideRequest, response: { 201: rota, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await rotas.addOverride(ctxOf(req), req.params.id, req.body)),
  );
  r.delete(
    '/api/v1/rotas/:id/overrides/:overrideId',
    { schema: { tags, summary: 'Remove an override (admin)', params: z.object({ id: z.string().max(64), overrideId: z.string().max(64) }), response: noContent } },
    async (req, reply) => {
      await rotas.removeOverride(ctxOf(req), req.params.id, req.params.overrideId);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/on-duty',
    { schema: { tags, summary: "Who is on duty for a region at an instant (now by default), by the region's calendar (staff)", querystring: onDutyQuery, response: { 200: onDuty, ...errorResponses } } },
    async (req) => rotas.onDuty(actorOf(req), req.query.region, req.query.at ? new Date(req.query.at) : undefined),
  );

  r.get('/api/v1/regions/paging', { schema: { tags, summary: "Each region's paging integrations, secrets left out (admin)", response: { 200: z.array(regionPaging), ...errorResponses } } }, async (req) =>
    integrations.list(actorOf(req)),
  );
  r.put(
    '/api/v1/regions/:code/paging',
    { schema: { tags, summary: "Set a region's PagerDuty routing key and signed webhook (admin); null turns one off", params: z.object({ code: regionCode }), body: regionPagingRequest, response: { 200: regionPaging, ...errorResponses } } },
    async (req) => integrations.set(ctxOf(req), req.params.code, req.body),
  );

  r.get('/api/v1/pages', { schema: { tags, summary: 'Pages, newest first; by case, or only unacknowledged ones (engineers, admins)', querystring: listPagesQuery, response: { 200: page(pageRecord), ...errorResponses } } }, async (req) =>
    paging.list(actorOf(req), { caseId: req.query.caseId, open: req.query.open === 'true', cursor: req.query.cursor, limit: req.query.limit }),
  );
  r.get('/api/v1/pages/:id', { schema: { tags, summary: 'One page and its deliveries (engineers, admins)', params: idParams, response: { 200: pageRecord, ...errorResponses } } }, async (req) =>
    paging.get(actorOf(req), req.params.id),
  );
  r.post(
    '/api/v1/pages/:id/acknowledge',
    { schema: { tags, summary: 'Acknowledge a page: its escalation stops (engineers, admins)', params: idParams, response: { 200: pageRecord, ...errorResponses } } },
    async (req) => paging.acknowledge(ctxOf(req), req.params.id),
  );
  r.post(
    '/api/v1/pages/:id/acknowledge-with-link',
    {
      config: { public: true },
      schema: {
        tags,
        summary: "Acknowledge a page with the signed link of its email, without signing in; works once",
        params: idParams,
        body: acknowledgeWithLinkRequest,
        response: { 200: z.object({ caseId: z.string(), caseNumber: z.string() }), 410: errorResponses[404], ...errorResponses },
      },
    },
    async (req) => paging.acknowledgeWithLink(req.params.id, req.body.userId, req.body.token),
  );
  r.get(
    '/api/v1/admin/page-deliveries',
    { schema: { tags, summary: 'Every paging delivery, newest first: status, HTTP code, attempts, last error (admin)', querystring: pageQuery, response: { 200: page(pageDelivery.extend({ pageId: z.string() })), ...errorResponses } } },
    async (req) => paging.listDeliveries(actorOf(req), req.query.cursor, req.query.limit),
  );
}
