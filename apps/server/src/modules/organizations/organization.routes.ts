import { createOrganizationRequest, createUserRequest, idParams, listOrganizationsQuery, organization, organizationDetail, page, pageQuery, updateOrganizationRequest, updateUserRequest, user } from '@casebook/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../../http/schemas.ts';
import { actorOf, ctxOf } from '../../http/request-context.ts';
import type { OrganizationService } from './organization.service.ts';

export function organizationRoutes(app: FastifyInstance, deps: { organizations: OrganizationService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = deps.organizations;
  const tags = ['organizations'];

  r.post(
    '/api/v1/organizations',
    { schema: { tags, summary: 'Create a customer or partner organisation (admin)', body: createOrganizationRequest, response: { 201: organization, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await s.create(ctxOf(req), req.body)),
  );

  r.get(
    '/api/v1/organizations',
    { schema: { tags, summary: 'Organisations: all for staff, your own otherwise', querystring: listOrganizationsQuery, response: { 200: page(organization), ...errorResponses } } },
    async (req) => s.list(actorOf(req), req.query),
  );

  r.get('/api/v1/organizations/:id', { schema: { tags, summary: 'One organisation, with what the caller may do on it', params: idParams, response: { 200: organizationDetail, ...errorResponses } } }, async (req) =>
    s.get(actorOf(req), req.params.id),
  );

  r.patch(
    '/api/v1/organizations/:id',
    { schema: { tags, summary: 'Rename an organisation or change its region or language (admin)', params: idParams, body: updateOrganizationRequest, response: { 200: organization, ...errorResponses } } },
    async (req) => s.update(ctxOf(req), req.params.id, req.body),
  );

  r.post(
    '/api/v1/organizations/:id/users',
    {
      schema: {
        tags,
        summary: 'Add a user; without a password an invitation is emailed (admin, or the customer admin of that organisation)',
        params: idParams,
        body: createUserRequest,
        response: { 201: user, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await s.createUser(ctxOf(req), req.params.id, req.body)),
  );

  r.get(
    '/api/v1/organizations/:id/users',
    { schema: { tags, summary: "An organisation's users", params: idParams, querystring: pageQuery, response: { 200: page(user), ...errorResponses } } },
    async (req) => s.listUsers(actorOf(req), req.params.id, req.query.cursor, req.query.limit),
  );

  r.get('/api/v1/users/:id', { schema: { tags, summary: 'One user', params: idParams, response: { 200: user, ...errorResponses } } }, async (req) =>
    s.getUser(actorOf(req), req.params.id),
  );

  r.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags,
        summary: 'Change a user; `active: false` ends their sessions and tokens at once. Users may change their own name and language.',
        params: idParams,
        body: updateUserRequest,
        response: { 200: user, ...errorResponses },
      },
    },
    async (req) => s.updateUser(ctxOf(req), req.params.id, req.body),
  );
}
