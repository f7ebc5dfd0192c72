import type { Problem } from '@casebook/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, errorMessage } from './errors.ts';
import { localeOf } from './request-context.ts';

function send(req: FastifyRequest, reply: FastifyReply, error: AppError) {
  const locale = localeOf(req);
  const body: Problem = {
    type: `https://casebook.dev/problems/${error.code}`,
    title: error.code.replace(/_/g, ' '),
    status: error.status,
    code: error.code,
    detail: errorMessage(error.code, locale, { requestId: req.id, ...error.params }),
    instance: req.url.split('?')[0],
    requestId: req.id,
    ...(error.extra.errors && { errors: error.extra.errors }),
  };
  for (const [k, v] of Object.entries(error.extra.headers ?? {})) reply.header(k, v);
  return reply.status(error.status).type('application/problem+json').send(body);
}

/** Every failure leaves as problem+json with a stable code; never a stack trace. */
export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) return send(req, reply, err);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const errors = err.validation.map((v) => ({
        path: [err.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }));
      return send(req, reply, new AppError('validation_failed', {}, { errors }));
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err }, 'response did not match its schema');
      return send(req, reply, new AppError('internal_error'));
    }
    const status = err.statusCode ?? 500;
    if (status === 413) return send(req, reply, new AppError('payload_too_large'));
    if (status === 415) return send(req, reply, new AppError('unsupported_media_type'));
    if (status === 429) return send(req, reply, new AppError('rate_limited'));
    if (status === 503) return send(req, reply, new AppError('service_unavailable'));
    if (status >= 400 && status < 500) {
      // Malformed JSON, an empty body where one is required, and the like.
      return send(req, reply, new AppError('validation_failed', {}, { errors: [{ path: 'body', message: err.message }] }));
    }
    req.log.error({ err }, 'unhandled error');
    return send(req, reply, new AppError('internal_error'));
  });

  app.setNotFoundHandler((req, reply) => send(req, reply, new AppError('not_found')));
}

