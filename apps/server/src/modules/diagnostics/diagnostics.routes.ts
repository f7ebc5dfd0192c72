import { bundleFileQuery, bundleList, bundleManifest, bundleRecipient, bundleRecipientRequest, deleteBundleRequest, idParams, organizationBundleRecipient, uploadTokenResponse } from '@casebook/contracts';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, ctxOf } from '../../http/request-context.ts';
import { errorResponses } from '../../http/schemas.ts';
import type { DiagnosticsService } from './diagnostics.service.ts';

export function diagnosticsRoutes(app: FastifyInstance, deps: { diagnostics: DiagnosticsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = deps.diagnostics;
  const tags = ['diagnostics'];
  const gone = { 410: errorResponses[404] };

  r.get(
    '/api/v1/diagnostics/recipient',
    { config: { public: true }, schema: { tags, summary: "The vendor’s support key (an age recipient): encrypt bundles to it", response: { 200: bundleRecipient, ...errorResponses } } },
    async () => s.recipient(),
  );

  r.get('/api/v1/cases/:id/bundles', { schema: { tags, summary: "A case’s diagnostic bundles, newest first", params: idParams, response: { 200: bundleList, ...errorResponses } } }, async (req) =>
    s.list(actorOf(req), req.params.id),
  );

  r.post(
    '/api/v1/cases/:id/upload-tokens',
    { schema: { tags, summary: 'A 24-hour credential that can only upload bundles to this case (for the collector); shown once', params: idParams, response: { 201: uploadTokenResponse, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await s.createUploadToken(ctxOf(req), req.params.id)),
  );

  r.get(
    '/api/v1/bundles/:id/download',
    { schema: { tags, summary: 'The encrypted bundle as stored (staff; audited)', params: idParams, response: { 200: z.any().describe('the age-encrypted file'), ...errorResponses, ...gone } } },
    async (req, reply) => {
      const b = await s.download(ctxOf(req), req.params.id);
      reply.header('content-disposition', contentDisposition(b.filename, { type: 'attachment' }));
      reply.header('content-length', b.size);
      reply.header('x-checksum-sha256', b.sha256);
      reply.type('application/octet-stream');
      return reply.send(b.stream);
    },
  );

  r.get(
    '/api/v1/bundles/:id/manifest',
    { schema: { tags, summary: "The bundle’s manifest.json, its files with sizes and its masking counts, decrypted on the fly (staff; audited)", params: idParams, response: { 200: bundleManifest, ...errorResponses, ...gone } } },
    async (req) => s.manifest(ctxOf(req), req.params.id),
  );

  r.get(
    '/api/v1/bundles/:id/files',
    {
      schema: {
        tags,
        summary: 'One file of the bundle, decrypted and decompressed as a stream: text/plain for text (staff; audited)',
        params: idParams,
        querystring: bundleFileQuery,
        response: { 200: z.any().describe('the file'), ...errorResponses, ...gone },
      },
    },
    async (req, reply) => {
      const f = await s.readFile(ctxOf(req), req.params.id, req.query.path);
      reply.header('content-length', f.size);
      // Shown as text, never rendered as a page: the bundle's files come from the customer's machines.
      reply.header('content-disposition', contentDisposition(f.path.split('/').pop() ?? 'file', { type: f.text ? 'inline' : 'attachment' }));
      reply.type(f.text ? 'text/plain; charset=utf-8' : 'application/octet-stream');
      return reply.send(f.stream);
    },
  );

  r.delete(
    '/api/v1/bundles/:id',
    { schema: { tags, summary: 'Delete a bundle before its retention ends (staff; the reason is audited); the record stays as expired', params: idParams, body: deleteBundleRequest, response: { 204: z.null(), ...errorResponses, ...gone } } },
    async (req, reply) => {
      await s.remove(ctxOf(req), req.params.id, req.body.reason);
      return reply.status(204).send(null);
    },
  );

  r.put(
    '/api/v1/organizations/:id/bundle-recipient',
    {
      schema: {
        tags,
        summary: "A partner organisation’s own age recipient, so customers can share bundles with the partner alone (null removes it)",
        params: idParams,
        body: bundleRecipientRequest,
        response: { 200: organizationBundleRecipient, ...errorResponses },
      },
    },
    async (req) => s.setPartnerRecipient(ctxOf(req), req.params.id, req.body.recipient),
  );

}
