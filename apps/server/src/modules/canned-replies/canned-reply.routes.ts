import { cannedReply, cannedReplyCaseParams, createCannedReplyRequest, idParams, renderedCannedReply, updateCannedReplyRequest } from '@casebook/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http/schemas.ts';
import { actorOf, ctxOf } from '../../http/request-context.ts';
import type { CannedReplyService } from './canned-reply.service.ts';

export function cannedReplyRoutes(app: FastifyInstance, deps: { cannedReplies: CannedReplyService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = deps.cannedReplies;
  const tags = ['canned replies'];
  r.get('/api/v1/canned-replies', { schema: { tags, summary: 'Staff: the shared canned replies and your own, by name', response: { 200: z.object({ items: z.array(cannedReply) }), ...errorResponses } } }, async (req) => s.list(actorOf(req)));
  r.post(
    '/api/v1/canned-replies',
    { schema: { tags, summary: 'Staff: a personal canned reply, or a shared one (administrators)', body: createCannedReplyRequest, response: { 201: cannedReply, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await s.create(ctxOf(req), req.body)),
  );
  r.patch(
    '/api/v1/canned-replies/:id',
    { schema: { tags, summary: 'Change your canned reply, or a shared one (administrators)', params: idParams, body: updateCannedReplyRequest, response: { 200: cannedReply, ...errorResponses } } },
    async (req) => s.update(ctxOf(req), req.params.id, req.body),
  );
  r.delete(
    '/api/v1/canned-replies/:id',
    { schema: { tags, summary: 'Delete your canned reply, or a shared one (administrators)', params: idParams, response: { 204: z.null(), ...errorResponses } } },
    async (req, reply) => {
      await s.remove(ctxOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/api/v1/cases/:id/canned-replies/:replyId',
    { schema: { tags, summary: "A canned reply filled in for this case, in its customer’s language, with the status it sets", params: cannedReplyCaseParams, response: { 200: renderedCannedReply, ...errorResponses } } },
    async (req) => s.render(actorOf(req), req.params.id, req.params.replyId),
  );
}
