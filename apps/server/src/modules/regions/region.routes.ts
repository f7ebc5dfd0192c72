import { calendarDay, closureRequest, holidayEntry, holidaysQuery, region, regionStatus, regionStatusQuery } from '@casebook/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http/schemas.ts';
import { ctxOf } from '../../http/request-context.ts';
import type { RotaService } from '../paging/rota.service.ts';
import type { CalendarService } from './calendar.service.ts';

const codeParams = z.object({ code: z.string().min(2).max(8) });

/** The regional centres: public hours and status for anyone, closures for admins. */
export function regionRoutes(app: FastifyInstance, deps: { calendars: CalendarService; rotas: RotaService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = deps.calendars;
  const tags = ['regions'];
  /** The centre's status, and whether someone of its business-hours rota is on duty then. */
  const statusWithDuty = async (code: string, at: Date | undefined) => {
    const status = await s.status(code, at);
    return { ...status, onDutyNow: status.open && (await deps.rotas.isCovered(status.region, 'standard', new Date(status.at))) };
  };

  r.get('/api/v1/regions', { config: { public: true }, schema: { tags, summary: 'The four support centres, their hours and contacts', response: { 200: z.array(region) } } }, async () => s.list());

  r.get(
    '/api/v1/regions/status',
    {
      config: { public: true },
      schema: { tags, summary: 'Whether each of the four centres is open at an instant (now by default): one call for a page showing them all', querystring: regionStatusQuery, response: { 200: z.array(regionStatus), ...errorResponses } },
    },
    async (req) => {
      const at = req.query.at ? new Date(req.query.at) : undefined;
      return Promise.all((await s.list()).map((region) => statusWithDuty(region.code, at)));
    },
  );

  r.get(
    '/api/v1/regions/:code/status',
    {
      config: { public: true },
      schema: { tags, summary: 'Whether a centre is open at an instant (now by default), why not, and when it next opens', params: codeParams, querystring: regionStatusQuery, response: { 200: regionStatus, ...errorResponses } },
    },
    async (req) => statusWithDuty(req.params.code, req.query.at ? new Date(req.query.at) : undefined),
  );

  r.get(
    '/api/v1/regions/:code/holidays',
    { config: { public: true }, schema: { tags, summary: "A centre's holidays and closures in a year", params: codeParams, querystring: holidaysQuery, response: { 200: z.array(holidayEntry), ...errorResponses } } },
    async (req) => s.holidays(req.params.code, req.query.year, req.query.lang),
  );

  r.post(
    '/api/v1/regions/:code/closures',
    { schema: { tags, summary: 'Close a centre for a day (admin)', params: codeParams, body: closureRequest, response: { 201: z.array(holidayEntry), ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await s.addClosure(ctxOf(req), req.params.code, req.body.date, req.body.name)),
  );

  r.delete(
    '/api/v1/regions/:code/closures/:date',
    {
      schema: {
        tags,
        summary: 'Remove a closure, or keep the centre open on a national holiday that year (admin)',
        params: codeParams.extend({ date: calendarDay }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await s.removeClosure(ctxOf(req), req.params.code, req.params.date);
      return reply.status(204).send(null);
    },
  );
}
