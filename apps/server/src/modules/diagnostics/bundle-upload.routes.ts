import type { IncomingMessage } from 'node:http';
import { Transform, pipeline, type Readable } from 'node:stream';
import { Server as TusServer } from '@tus/server';
import type { DataStore } from '@tus/utils';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NodeRequest } from 'srvx/node';
import { z } from 'zod';
import { AGE_HEADER } from '../../adapters/age-identity.ts';
import { AppError } from '../../errors.ts';
import { ctxOf, requireUploadScope } from '../../http/request-context.ts';
import { errorResponses } from '../../http/schemas.ts';
import type { UserCtx } from '../identity/actor.ts';
import type { BundlesTable } from '../../db/schema.ts';
import { bundleKey, type DiagnosticsService } from './diagnostics.service.ts';

type TusRequest = { runtime?: { node?: { req: IncomingMessage } }; url: string };

const nodeReq = (req: unknown) => (req as TusRequest).runtime?.node?.req;
const bundleIdOf = (uploadId: string) => uploadId.slice('bundles/'.length);
const UPLOAD_PATH = /^\/api\/v1\/cases\/[^/]+\/bundles\/([^/?#]+)$/;

/**
 * Passes an upload's bytes through unchanged while checking that the file starts with the age
 * header. Each byte of the header is compared before it is let through, so not one byte of a
 * plaintext file is ever stored.
 */
function ageHeaderCheck(offset: number, onPlaintext: () => void): Transform {
  let position = offset;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      for (let i = 0; position + i < AGE_HEADER.length && i < chunk.length; i++) {
        if (chunk[i] !== AGE_HEADER[position + i]) {
          onPlaintext();
          return done(new Error('not an age-encrypted file'));
        }
      }
      position += chunk.length;
      done(null, chunk);
    },
  });
}

/**
 * The tus 1.0 upload of diagnostic bundles (creation, creation-with-upload, termination,
 * expiration), served by @tus/server inside Fastify: Fastify authenticates and the diagnostics
 * service authorises each request before tus sees it; tus writes the bytes to the upload store.
 */
export function bundleUploadRoutes(app: FastifyInstance, deps: { diagnostics: DiagnosticsService; datastore: DataStore; maxBytes: number; trustProxy: boolean }) {
  const { diagnostics } = deps;
  /** What a creation request was allowed to create, found again by the tus hooks. */
  const creating = new WeakMap<IncomingMessage, { ctx: UserCtx; row: BundlesTable }>();
  /** Who sent a PATCH, so the completion is audited as theirs. */
  const senders = new WeakMap<IncomingMessage, UserCtx>();
  /** An error the tus hooks met, answered as problem+json instead of tus's own text. */
  const failures = new WeakMap<IncomingMessage, AppError>();
  /** Uploads whose bytes turned out not to be age-encrypted. */
  const plaintext = new Set<string>();

  const store = deps.datastore;
  const write = store.write.bind(store);
  store.write = (readable: Readable, id: string, offset: number) =>
    offset >= AGE_HEADER.length ? write(readable, id, offset) : write(pipeline(readable, ageHeaderCheck(offset, () => plaintext.add(id)), () => undefined), id, offset);

  const tus = new TusServer({
    path: '/api/v1/cases',
    datastore: store,
    maxSize: deps.maxBytes,
    respectForwardedHeaders: deps.trustProxy,
    disableTerminationForFinishedUploads: true,
    namingFunction: (req) => {
      const pending = creating.get(nodeReq(req)!);
      if (!pending) throw new Error('an upload was created without authorisation');
      return pending.row.storage_key;
    },
    getFileIdFromRequest: (req) => {
      const match = UPLOAD_PATH.exec(new URL(req.url).pathname);
      return match?.[1] ? bundleKey(match[1]) : undefined;
    },
    generateUrl: (req, { proto, host, id }) => `${proto}://${host}${new URL(req.url).pathname.replace(/\/$/, '')}/${bundleIdOf(id)}`,
    onUploadCreate: async (req, upload) => {
      const pending = creating.get(nodeReq(req)!)!;
      await diagnostics.recordStarted(pending.ctx, pending.row);
      return { metadata: upload.metadata ?? {} };
    },
    onUploadFinish: async (req, upload) => {
      const node = nodeReq(req)!;
      const ctx = senders.get(node) ?? creating.get(node)?.ctx;
      if (!ctx || plaintext.has(upload.id)) return {};
      try {
        await diagnostics.complete(ctx, bundleIdOf(upload.id));
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        failures.set(node, err);
      }
      return {};
    },
  });

  /** Hands the request to tus, then answers with its response, or with the error a hook recorded. */
  async function serve(req: FastifyRequest, reply: FastifyReply, ctx: UserCtx, caseId: string, bundleId: string | null) {
    const response = await tus.handleWeb(new NodeRequest({ req: req.raw, res: reply.raw }) as unknown as Request);
    const uploadId = bundleId ? bundleKey(bundleId) : (creating.get(req.raw)?.row.storage_key ?? null);
    if (uploadId && plaintext.delete(uploadId)) {
      await diagnostics.reject(ctx, { id: bundleIdOf(uploadId), case_id: caseId, storage_key: uploadId }, 'not_encrypted');
      throw new AppError('not_encrypted');
    }
    const failure = failures.get(req.raw);
    if (failure) throw failure;
    reply.status(response.status);
    response.headers.forEach((value, name) => {
      if (name !== 'content-length') reply.header(name, value);
    });
    const body = await response.text();
    return body ? reply.type('text/plain; charset=utf-8').send(body) : reply.send();
  }

  const params = z.object({ id: z.string().min(1).max(64) });
  const uploadParams = z.object({ id: z.string().min(1).max(64), bundleId: z.string().min(1).max(64) });
  const tags = ['diagnostics'];
  const config = { uploadToken: true };
  const tusResponses = { 200: z.any(), 201: z.any(), 204: z.any(), ...errorResponses, 410: errorResponses[404], 413: errorResponses[400], 460: errorResponses[400] };

  app.register(async (scope) => {
    // tus bodies are raw bytes that tus reads from the request itself; Fastify must not consume them.
    scope.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null, undefined));
    const r = scope.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/api/v1/cases/:id/bundles',
      {
        config,
        schema: {
          tags,
          summary:
            'Start a resumable bundle upload into the case named by its id or its number (CB-000123) (tus 1.0 creation, with or without data): Upload-Length, and Upload-Metadata with filename, sha256, recipients (vendor, partner:<orgId>), collectorVersion. Answers 201 with the Location to HEAD/PATCH',
          params,
          response: tusResponses,
        },
      },
      async (req, reply) => {
        const ctx = ctxOf(req);
        const caseId = await diagnostics.uploadCaseId(ctx.actor, req.params.id);
        requireUploadScope(req, caseId);
        const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
        const row = await diagnostics.prepareUpload(ctx, caseId, { length: header('upload-length'), metadata: header('upload-metadata') });
        creating.set(req.raw, { ctx, row });
        senders.set(req.raw, ctx);
        return serve(req, reply, ctx, caseId, null);
      },
    );

    const resume = async (req: FastifyRequest<{ Params: z.infer<typeof uploadParams> }>, reply: FastifyReply) => {
      const ctx = ctxOf(req);
      const caseId = await diagnostics.uploadCaseId(ctx.actor, req.params.id);
      requireUploadScope(req, caseId);
      const bundle = await diagnostics.resumable(ctx, caseId, req.params.bundleId, req.method);
      senders.set(req.raw, ctx);
      const answered = await serve(req, reply, ctx, caseId, bundle.id);
      if (req.method === 'DELETE' && reply.statusCode === 204) await diagnostics.cancelled(ctx, bundle);
      return answered;
    };
    r.head('/api/v1/cases/:id/bundles/:bundleId', { config, schema: { tags, summary: 'How much of an upload the server holds (tus Upload-Offset)', params: uploadParams, response: tusResponses } }, resume);
    r.patch(
      '/api/v1/cases/:id/bundles/:bundleId',
      { config, schema: { tags, summary: 'Send the next bytes of an upload from Upload-Offset (application/offset+octet-stream)', params: uploadParams, response: tusResponses } },
      resume,
    );
    r.delete('/api/v1/cases/:id/bundles/:bundleId', { config, schema: { tags, summary: 'Cancel an unfinished upload (tus termination)', params: uploadParams, response: tusResponses } }, resume);
  });
}
