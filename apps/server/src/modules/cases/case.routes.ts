import type {} from '@fastify/multipart';
import { create as contentDisposition } from 'content-disposition';
import {
  attachment,
  bulkUpdateCasesRequest,
  bulkUpdateCasesResponse,
  auditEntry,
  caseSummary,
  caseThread,
  comment,
  createCaseRequest,
  createCommentRequest,
  hotline,
  idParams,
  listCasesQuery,
  page,
  pageQuery,
  raisePriorityRequest,
  raisePriorityResponse,
  slaTimeline,
  supportCase,
  triageRequest,
  updateCaseRequest,
  urgencyRequest,
} from '@casebook/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OneFileUpload } from '../../http/multipart-upload.ts';
import { errorResponses } from '../../http/schemas.ts';
import { actorOf, ctxOf } from '../../http/request-context.ts';
import type { CaseService } from './case.service.ts';

/** A case opened with a browser session came through the portal; with a token, through the API. */
const channelOf = (req: FastifyRequest) => (req.auth?.method === 'token' ? 'api' : 'portal');

export function caseRoutes(app: FastifyInstance, deps: { cases: CaseService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = deps.cases;
  const tags = ['cases'];

  r.post(
    '/api/v1/cases',
    {
      schema: {
        tags,
        summary: 'Open a case. For critical and serious cases, the answer says to call the hotline too.',
        body: createCaseRequest,
        response: { 201: supportCase.extend({ hotline }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const opened = await s.open(ctxOf(req), req.body, channelOf(req));
      return reply.status(201).send({ ...opened.case, hotline: opened.hotline });
    },
  );

  r.get(
    '/api/v1/cases',
    { schema: { tags, summary: 'Cases the caller may see, with filters; newest activity or highest priority first', querystring: listCasesQuery, response: { 200: page(caseSummary), ...errorResponses } } },
    async (req) => s.list(actorOf(req), req.query),
  );

  r.post(
    '/api/v1/cases/bulk',
    {
      schema: {
        tags,
        summary: 'Staff: the same assignee, status or priority change (one reason for all) to several cases; each is checked and audited as a single change, and the refused ones are listed with their code',
        body: bulkUpdateCasesRequest,
        response: { 200: bulkUpdateCasesResponse, ...errorResponses },
      },
    },
    async (req) => s.bulkUpdate(ctxOf(req), req.body),
  );

  r.get(
    '/api/v1/cases/:id/sla-timeline',
    { schema: { tags, summary: 'The spans during which the first-response clock stood still, oldest first', params: idParams, response: { 200: slaTimeline, ...errorResponses } } },
    async (req) => s.slaTimeline(actorOf(req), req.params.id),
  );

  r.get(
    '/api/v1/cases/:id/history',
    { schema: { tags, summary: "The case's audit trail, newest first (vendor staff)", params: idParams, querystring: pageQuery, response: { 200: page(auditEntry), ...errorResponses } } },
    async (req) => s.history(actorOf(req), req.params.id, req.query),
  );

  r.get('/api/v1/cases/:id', { schema: { tags, summary: 'One case', params: idParams, response: { 200: supportCase, ...errorResponses } } }, async (req) =>
    s.get(actorOf(req), req.params.id),
  );

  r.patch(
    '/api/v1/cases/:id',
    {
      schema: {
        tags,
        summary: 'Change status, priority (staff, with a reason), assignee (staff) or subject (staff). Customers get priority_locked for a priority change.',
        params: idParams,
        body: updateCaseRequest,
        response: { 200: supportCase, ...errorResponses },
      },
    },
    async (req) => s.update(ctxOf(req), req.params.id, req.body),
  );

  r.post(
    '/api/v1/cases/:id/triage',
    {
      schema: {
        tags,
        summary: 'Triage a phone or email case: confirm its priority, or change it with a reason (engineers, admins; audited)',
        params: idParams,
        body: triageRequest,
        response: { 200: supportCase, ...errorResponses },
      },
    },
    async (req) => s.triage(ctxOf(req), req.params.id, req.body),
  );

  r.get(
    '/api/v1/cases/:id/comments',
    { schema: { tags, summary: 'The thread, oldest first: replies, notes (internal ones for staff only), and status and priority changes in words', params: idParams, response: { 200: caseThread, ...errorResponses } } },
    async (req) => s.thread(actorOf(req), req.params.id),
  );

  r.post(
    '/api/v1/cases/:id/comments',
    { schema: { tags, summary: 'Reply (public) or add an internal note (staff); staff may set the status with it, files already uploaded go with it', params: idParams, body: createCommentRequest, response: { 201: comment, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await s.comment(ctxOf(req), req.params.id, req.body)),
  );

  r.post(
    '/api/v1/cases/:id/urgency',
    { schema: { tags, summary: 'Same impact, more urgency: note the reasons and tell the account team', params: idParams, body: urgencyRequest, response: { 201: comment, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await s.urgency(ctxOf(req), req.params.id, req.body.reason)),
  );

  r.post(
    '/api/v1/cases/:id/raise-priority',
    {
      schema: {
        tags,
        summary: 'Impact got worse: open a linked case with a higher priority',
        params: idParams,
        body: raisePriorityRequest,
        response: { 201: raisePriorityResponse, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await s.raisePriority(ctxOf(req), req.params.id, req.body, channelOf(req))),
  );

  r.get(
    '/api/v1/cases/:id/attachments',
    { schema: { tags, summary: "A case's attachments", params: idParams, response: { 200: z.object({ items: z.array(attachment) }), ...errorResponses } } },
    async (req) => s.attachments(actorOf(req), req.params.id),
  );

  r.post(
    '/api/v1/cases/:id/attachments',
    {
      schema: {
        tags,
        summary: 'Upload one file (multipart/form-data, field "file"; a second file is refused), streamed to storage; `visibility=internal` for staff-only files',
        consumes: ['multipart/form-data'],
        params: idParams,
        querystring: z.object({ visibility: z.enum(['public', 'internal']).default('public') }),
        response: { 201: attachment, ...errorResponses, 413: errorResponses[400] },
      },
    },
    async (req, reply) => {
      const upload = new OneFileUpload(req);
      try {
        const created = await s.attach(ctxOf(req), req.params.id, req.query.visibility, () => upload.receive());
        return reply.status(201).send(created);
      } catch (err) {
        throw upload.explain(err);
      }
    },
  );

  r.get(
    '/api/v1/cases/:id/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: 'Download an attachment',
        params: z.object({ id: z.string().min(1).max(64), attachmentId: z.string().min(1).max(64) }),
        response: { 200: z.any().describe('the file'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { attachment: a, stream } = await s.download(actorOf(req), req.params.id, req.params.attachmentId);
      reply.header('content-disposition', contentDisposition(a.filename, { type: 'attachment' }));
      reply.header('content-length', a.size);
      reply.header('x-checksum-sha256', a.sha256);
      // Served as bytes, never rendered: the sender chose the name and the type.
      reply.type('application/octet-stream');
      return reply.send(stream);
    },
  );
}
