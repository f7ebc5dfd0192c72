import type { Problem } from '@casebook/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ErrorCode } from '@casebook/contracts';
import { AppError, errorMessage } from '../errors.ts';
import { localeOf } from './request-context.ts';

/** The HTTP status of each error code: the only place that maps codes to statuses. */
export const statusOf: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  otp_required: 401,
  invalid_otp: 401,
  rate_limited: 429,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  email_taken: 409,
  email_unavailable: 409,
  password_incorrect: 422,
  invalid_role: 422,
  invitation_invalid: 410,
  mfa_not_enrolled: 409,
  mfa_already_enrolled: 409,
  job_not_dead: 409,
  payload_too_large: 413,
  too_large: 413,
  not_entitled: 403,
  priority_locked: 403,
  not_higher: 422,
  invalid_transition: 409,
  reason_required: 422,
  not_delegated: 403,
  case_closed: 409,
  maintenance_lapsed: 403,
  lapse_override_required: 409,
  unsupported_media_type: 415,
  link_invalid: 410,
  service_unavailable: 503,
  internal_error: 500,
  not_a_recipient: 403,
  not_encrypted: 422,
  checksum_mismatch: 460,
  bundle_unavailable: 410,
};

function send(req: FastifyRequest, reply: FastifyReply, error: AppError) {
  const status = statusOf[error.code];
  const locale = localeOf(req);
  const body: Problem = {
    type: `https://casebook.dev/problems/${error.code}`,
    title: error.code.replace(/_/g, ' '),
    status,
    code: error.code,
    detail: errorMessage(error.code, locale, { requestId: req.id, ...error.params }),
    instance: req.url.split('?')[0],
    requestId: req.id,
    ...(error.extra.errors && { errors: error.extra.errors }),
  };
  // How long to wait before trying again, when the service said so.
  if (error.code === 'rate_limited' && error.params.retryAfter) reply.header('retry-after', error.params.retryAfter);
  return reply.status(status).type('application/problem+json').send(body);
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

