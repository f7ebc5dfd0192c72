import type { Multipart } from '@fastify/multipart';
import {
  createMarketplaceItemRequest,
  marketplaceDownloadQuery,
  marketplaceItem,
  marketplaceItemDetail,
  marketplaceList,
  marketplaceQuery,
  marketplaceSlugParams,
  marketplaceVersion,
  marketplaceVersionParams,
  publishVersionFields,
  retireVersionRequest,
} from '@casebook/contracts';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { actorOf, ctxOf } from '../../http/request-context.ts';
import { errorResponses } from '../../http/schemas.ts';
import type { MarketplaceService } from './marketplace.service.ts';

const malformed = (message: string, path = 'body') => new AppError('validation_failed', {}, { errors: [{ path, message }] });

/**
 * Reads `version`, `platform` and `notes`, then the one `file` part, of a publish request. The
 * fields come first so they are checked before any byte of the file is stored.
 */
async function readPublish(req: FastifyRequest) {
  if (!req.isMultipart()) throw new AppError('unsupported_media_type');
  const parts = req.parts();
  const next = async (): Promise<Multipart | null> => {
    try {
      const r = await parts.next();
      return r.done ? null : r.value;
    } catch {
      throw malformed('not a complete multipart/form-data body with one file');
    }
  };
  const fields: Record<string, string> = {};
  let part = await next();
  while (part && part.type === 'field') {
    fields[part.fieldname] = String(part.value);
    part = await next();
  }
  const parsed = publishVersionFields.safeParse(fields);
  if (!parsed.success) throw new AppError('validation_failed', {}, { errors: parsed.error.issues.map((i) => ({ path: ['body', ...i.path].join('.'), message: i.message })) });
  if (!part || part.fieldname !== 'file') throw malformed('send the fields version, platform and notes, then one file part "file"', 'body.file');
  const file = part;
  return {
    fields: parsed.data,
    receive: async () => ({
      stream: file.file,
      filename: file.filename.replace(/[\\/\0]/g, '_').slice(0, 255) || 'download',
      truncated: () => file.file.truncated,
      finish: async () => {
        for (let rest = await next(); rest; rest = await next()) if (rest.type === 'file') throw malformed('send one file', 'body.file');
      },
    }),
  };
}

export function marketplaceRoutes(app: FastifyInstance, deps: { marketplace: MarketplaceService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = deps.marketplace;
  const tags = ['marketplace'];

  r.get('/api/v1/marketplace', { schema: { tags, summary: 'The downloads catalogue, searched by `q`', querystring: marketplaceQuery, response: { 200: marketplaceList, ...errorResponses } } }, async (req) =>
    s.list(actorOf(req), req.query.q),
  );
  r.post(
    '/api/v1/marketplace',
    { schema: { tags, summary: 'Add an item to the catalogue (admin)', body: createMarketplaceItemRequest, response: { 201: marketplaceItem, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await s.create(ctxOf(req), req.body)),
  );
  r.get('/api/v1/marketplace/:slug', { schema: { tags, summary: 'One item with every version, its checksum and release notes', params: marketplaceSlugParams, response: { 200: marketplaceItemDetail, ...errorResponses } } }, async (req) =>
    s.get(actorOf(req), req.params.slug),
  );
  r.post(
    '/api/v1/marketplace/:slug/versions',
    {
      schema: {
        tags,
        summary: 'Publish a version (admin): multipart/form-data with the fields version, platform, notes, then one file part "file"; the server computes its size and SHA-256 while it streams in',
        consumes: ['multipart/form-data'],
        params: marketplaceSlugParams,
        response: { 201: marketplaceVersion, ...errorResponses, 413: errorResponses[400] },
      },
    },
    async (req, reply) => {
      const { fields, receive } = await readPublish(req);
      return reply.status(201).send(await s.publish(ctxOf(req), req.params.slug, fields, receive));
    },
  );
  r.get(
    '/api/v1/marketplace/:slug/versions/:version/download',
    { schema: { tags, summary: 'Download a version (ETag: its SHA-256)', params: marketplaceVersionParams, querystring: marketplaceDownloadQuery, response: { 200: z.any().describe('the file'), 304: z.any().describe('not modified'), ...errorResponses } } },
    async (req, reply) => {
      const v = await s.download(actorOf(req), req.params.slug, req.params.version, req.query.platform);
      reply.header('etag', `"${v.sha256}"`);
      if (req.headers['if-none-match'] === `"${v.sha256}"`) {
        v.stream.destroy();
        return reply.status(304).send();
      }
      reply.header('content-disposition', contentDisposition(v.filename, { type: 'attachment' }));
      reply.header('content-length', v.size);
      reply.header('x-checksum-sha256', v.sha256);
      reply.type('application/octet-stream');
      return reply.send(v.stream);
    },
  );
  r.post(
    '/api/v1/marketplace/:slug/versions/:version/retire',
    { schema: { tags, summary: 'Retire a version (admin): no longer listed nor downloadable', params: marketplaceVersionParams, body: retireVersionRequest, response: { 204: z.null(), ...errorResponses } } },
    async (req, reply) => {
      await s.retire(ctxOf(req), req.params.slug, req.params.version, req.body.platform);
      return reply.status(204).send(null);
    },
  );
}
