import { idParams, inboundMessage, listInboundQuery, listOutboundQuery, outboundMessage, page, pageQuery } from '@casebook/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../../http/schemas.ts';
import { actorOf, ctxOf } from '../../http/request-context.ts';
import type { MailLogService } from './mail-log.service.ts';

/**
 * Admins see what became of every message sent to the support address, with its authentication
 * verdict, decide about suspended mail (not authenticated, so not acted on): release or discard,
 * and see which notification emails went out and which are failing.
 */
export function mailRoutes(app: FastifyInstance, deps: { mail: MailLogService; onQueued?: () => void }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['email'];
  r.get(
    '/api/v1/admin/inbound-messages',
    { schema: { tags, summary: 'Messages received over SMTP and their outcome (admin)', querystring: listInboundQuery, response: { 200: page(inboundMessage), ...errorResponses } } },
    async (req) => deps.mail.inbound(actorOf(req), req.query.status, req.query.cursor, req.query.limit),
  );
  r.get(
    '/api/v1/admin/suspended-mail',
    { schema: { tags, summary: 'Suspended mail: messages whose sender could not be authenticated, newest first (admin)', querystring: pageQuery, response: { 200: page(inboundMessage), ...errorResponses } } },
    async (req) => deps.mail.inbound(actorOf(req), 'suspended', req.query.cursor, req.query.limit),
  );
  r.post(
    '/api/v1/admin/suspended-mail/:id/release',
    { schema: { tags, summary: 'Release a suspended message: it is processed as if its sender were authenticated (admin, audited)', params: idParams, response: { 200: inboundMessage, ...errorResponses } } },
    async (req) => {
      const released = await deps.mail.release(ctxOf(req), req.params.id);
      deps.onQueued?.();
      return released;
    },
  );
  r.post(
    '/api/v1/admin/suspended-mail/:id/discard',
    { schema: { tags, summary: 'Discard a suspended message without acting on it or answering anyone (admin, audited)', params: idParams, response: { 200: inboundMessage, ...errorResponses } } },
    async (req) => deps.mail.discard(ctxOf(req), req.params.id),
  );
  r.get(
    '/api/v1/admin/outbound-messages',
    { schema: { tags, summary: 'Notification emails sent or failing (admin)', querystring: listOutboundQuery, response: { 200: page(outboundMessage), ...errorResponses } } },
    async (req) => deps.mail.outbound(actorOf(req), req.query.status, req.query.cursor, req.query.limit),
  );
}
