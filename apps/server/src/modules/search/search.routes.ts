import { searchPage, searchQuery } from '@casebook/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../../http/schemas.ts';
import { actorOf } from '../../http/request-context.ts';
import type { SearchService } from './search.service.ts';

export function searchRoutes(app: FastifyInstance, deps: { search: SearchService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Cases matching a case number, an organisation, a contact, or words of the case and its thread (internal notes for staff only), best first, with highlighted passages',
        querystring: searchQuery,
        response: { 200: searchPage, ...errorResponses },
      },
    },
    async (req) => deps.search.search(actorOf(req), req.query),
  );
}
