import { z } from 'zod';

/**
 * Every error the API can answer with. The web app and the collector switch on these codes;
 * never rename one, only add.
 */
export const errorCodes = [
  'validation_failed',
  'unauthenticated',
  'invalid_credentials',
  'otp_required',
  'invalid_otp',
  'rate_limited',
  'csrf_failed',
  'forbidden',
  'not_found',
  'conflict',
  /** No longer sent: `email_unavailable` answers every address that cannot be given to a new user. */
  'email_taken',
  'invalid_role',
  'invitation_invalid',
  'mfa_not_enrolled',
  'mfa_already_enrolled',
  'job_not_dead',
  'payload_too_large',
  'too_large',
  'not_entitled',
  'priority_locked',
  'not_higher',
  'invalid_transition',
  'reason_required',
  'not_delegated',
  'case_closed',
  'maintenance_lapsed',
  'lapse_override_required',
  'unsupported_media_type',
  'link_invalid',
  'service_unavailable',
  'internal_error',
  'email_unavailable',
  /** Changing a password: the current password given is not right. */
  'password_incorrect',
  'not_a_recipient',
  'not_encrypted',
  'checksum_mismatch',
  'bundle_unavailable',
] as const;

export const errorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCode>;

/** RFC 9457 problem details, with Casebook's stable `code`. */
export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: errorCode,
  detail: z.string(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  /** Field-level problems for `validation_failed`. */
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof problem>;
