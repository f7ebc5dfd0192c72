import { contract, createContractRequest, entitlement, idParams, payment, recordPaymentRequest, updateContractRequest } from '@casebook/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http/schemas.ts';
import { actorOf, ctxOf } from '../../http/request-context.ts';
import type { ContractService } from './contract.service.ts';

export function contractRoutes(app: FastifyInstance, deps: { contracts: ContractService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = deps.contracts;
  const tags = ['contracts'];

  r.post(
    '/api/v1/organizations/:id/contracts',
    { schema: { tags, summary: 'Add a maintenance contract to a customer (admin)', params: idParams, body: createContractRequest, response: { 201: contract, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await s.create(ctxOf(req), req.params.id, req.body)),
  );

  r.get(
    '/api/v1/organizations/:id/contracts',
    {
      schema: {
        tags,
        summary: "A customer's contracts and whether it is entitled to support today",
        params: idParams,
        response: { 200: z.object({ items: z.array(contract), entitlement }), ...errorResponses },
      },
    },
    async (req) => s.list(actorOf(req), req.params.id),
  );

  r.patch(
    '/api/v1/contracts/:id',
    { schema: { tags, summary: 'Change a contract (admin)', params: idParams, body: updateContractRequest, response: { 200: contract, ...errorResponses } } },
    async (req) => s.update(ctxOf(req), req.params.id, req.body),
  );

  r.get(
    '/api/v1/contracts/:id/payments',
    { schema: { tags, summary: "A contract's payments, newest first (staff)", params: idParams, response: { 200: z.object({ items: z.array(payment) }), ...errorResponses } } },
    async (req) => s.payments(actorOf(req), req.params.id),
  );

  r.post(
    '/api/v1/contracts/:id/payments',
    {
      schema: {
        tags,
        summary: 'Record a payment; the contract is extended to paidThrough (admin)',
        params: idParams,
        body: recordPaymentRequest,
        response: { 201: z.object({ payment, contract }), ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await s.recordPayment(ctxOf(req), req.params.id, req.body)),
  );
}
