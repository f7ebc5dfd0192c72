import { call, idParams, intakeQuery, intakeResult, listCallsQuery, page, recordCallRequest, recordCallResponse, regionCode, regionPhone, regionPhoneRequest, routeDecision, routeRequest } from '@casebook/contracts';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, ctxOf } from '../../http/request-context.ts';
import { errorResponses } from '../../http/schemas.ts';
import type { CallService } from './call.service.ts';
import type { IntakeService } from './intake.service.ts';
import type { RoutingService } from './routing.service.ts';

/** The answering service's routes: intake search and the calls it records. */
export function phoneRoutes(app: FastifyInstance, deps: { intake: IntakeService; calls: CallService; routing: RoutingService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['phone'];

  r.get(
    '/api/v1/intake/organizations',
    {
      schema: {
        tags,
        summary: 'Find the caller’s organisation by name, contract number, a user’s phone or email, or email domain: at most 20 cards with entitlement, hours, on duty and contacts (advisors, staff)',
        querystring: intakeQuery,
        response: { 200: intakeResult, ...errorResponses },
      },
    },
    async (req) => deps.intake.search(actorOf(req), req.query.q),
  );

  r.post(
    '/api/v1/calls',
    {
      schema: {
        tags,
        summary: 'Record a call: opens a phone case for an entitled customer (paging at once when critical or serious), nothing for a lapsed or unentitled one; answers the script to read (advisors, staff)',
        body: recordCallRequest,
        response: { 201: recordCallResponse, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await deps.calls.record(ctxOf(req), req.body)),
  );

  r.get(
    '/api/v1/calls',
    { schema: { tags, summary: 'Calls recorded, newest first: the caller’s own (advisors), or everyone’s with mine=false (staff)', querystring: listCallsQuery, response: { 200: page(call), ...errorResponses } } },
    async (req) => deps.calls.list(actorOf(req), req.query),
  );

  r.get(
    '/api/v1/cases/:id/call',
    { schema: { tags, summary: 'The call a phone case was opened from: caller, number, time, advisor, impact (staff)', params: idParams, response: { 200: call, ...errorResponses } } },
    async (req) => deps.calls.ofCase(actorOf(req), req.params.id),
  );

  r.post(
    '/api/v1/hotline/route',
    {
      schema: {
        tags,
        summary: 'Where a hotline call goes now (or `at`): the region’s team, the after-hours engineer on duty, or the answering service, with the reason and the number to dial (staff)',
        body: routeRequest,
        response: { 200: routeDecision, ...errorResponses },
      },
    },
    async (req) => deps.routing.route(actorOf(req), req.body),
  );

  r.get('/api/v1/regions/phone', { schema: { tags, summary: 'Each region’s phone settings and the calls its team has in progress (staff)', response: { 200: z.array(regionPhone), ...errorResponses } } }, async (req) =>
    deps.routing.listSettings(actorOf(req)),
  );

  r.put(
    '/api/v1/regions/:code/phone',
    {
      schema: {
        tags,
        summary: 'Set a region’s team and answering-service numbers, its overflow threshold and the switch sending every call to the answering service (admin)',
        params: z.object({ code: regionCode }),
        body: regionPhoneRequest,
        response: { 200: regionPhone, ...errorResponses },
      },
    },
    async (req) => deps.routing.setSettings(ctxOf(req), req.params.code, req.body),
  );
}
