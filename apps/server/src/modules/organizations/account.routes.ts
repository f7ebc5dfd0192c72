import { accountTeam, createDelegationRequest, customerHotline, delegation, idParams, setAccountTeamRequest } from '@casebook/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http/schemas.ts';
import { actorOf, ctxOf } from '../../http/request-context.ts';
import type { AccountService } from './account.service.ts';

export function accountRoutes(app: FastifyInstance, deps: { accounts: AccountService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = deps.accounts;
  const tags = ['organizations'];

  r.get(
    '/api/v1/organizations/:id/account-team',
    { schema: { tags, summary: "The customer's TAM and account manager, or whom to contact when none is assigned", params: idParams, response: { 200: accountTeam, ...errorResponses } } },
    async (req) => s.getAccountTeam(actorOf(req), req.params.id),
  );

  r.get(
    '/api/v1/organizations/:id/hotline',
    { schema: { tags, summary: "The customer's hotline: its number, whether the centre is open, whether an engineer covers the customer now", params: idParams, response: { 200: customerHotline, ...errorResponses } } },
    async (req) => s.hotline(actorOf(req), req.params.id),
  );

  r.put(
    '/api/v1/organizations/:id/account-team',
    { schema: { tags, summary: 'Assign the account team; vendor staff only (admin)', params: idParams, body: setAccountTeamRequest, response: { 200: accountTeam, ...errorResponses } } },
    async (req) => s.setAccountTeam(ctxOf(req), req.params.id, req.body),
  );

  r.get(
    '/api/v1/organizations/:id/delegations',
    { schema: { tags, summary: 'Partners a customer delegates to, or customers that delegate to a partner', params: idParams, response: { 200: z.object({ items: z.array(delegation) }), ...errorResponses } } },
    async (req) => s.listDelegations(actorOf(req), req.params.id),
  );

  r.post(
    '/api/v1/organizations/:id/delegations',
    { schema: { tags, summary: 'Let a partner open and follow this customer’s cases (customer admin or staff)', params: idParams, body: createDelegationRequest, response: { 201: delegation, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await s.delegate(ctxOf(req), req.params.id, req.body.partnerOrganizationId)),
  );

  r.delete(
    '/api/v1/organizations/:id/delegations/:partnerOrganizationId',
    {
      schema: {
        tags,
        summary: 'Withdraw a partner’s access at once (customer admin or staff)',
        params: z.object({ id: z.string().min(1).max(64), partnerOrganizationId: z.string().min(1).max(64) }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await s.revoke(ctxOf(req), req.params.id, req.params.partnerOrganizationId);
      return reply.status(204).send(null);
    },
  );
}
