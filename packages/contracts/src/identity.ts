import { z } from 'zod';
import { e164, id, isoDateTime, locale, regionCode, timeZone } from './common.ts';

export const staffRoles = ['admin', 'engineer', 'advisor'] as const;
export const customerRoles = ['customer_admin', 'customer_user'] as const;
export const partnerRoles = ['partner_user'] as const;
export const role = z.enum([...staffRoles, ...customerRoles, ...partnerRoles]);
export type Role = z.infer<typeof role>;

const email = z.email().max(254);
const password = z.string().min(12, 'at least 12 characters').max(256);

export const loginRequest = z.object({
  email: z.string().max(254),
  password: z.string().max(256),
  /** Six-digit code from the authenticator app, once TOTP is enrolled. */
  otp: z.string().regex(/^\d{6}$/).optional(),
  /** Instead of a code: one of the recovery codes given at enrolment; each works once. */
  recoveryCode: z.string().trim().max(40).optional(),
});

/** What a notification is about; each kind's email can be turned off by its recipient. */
export const notificationKinds = [
  'case.new_urgent',
  'case.urgency',
  'case.assigned',
  'case.customer_reply',
  'case.staff_reply',
  'case.sla_warning',
  'case.sla_breach',
  'organization.lapsed',
  'organization.reinstated',
  'case.acknowledged',
  'case.waiting_on_customer',
  'case.resolved',
  'case.changed',
  'case.paged',
  'case.bundle_uploaded',
] as const;
export const notificationKind = z.enum(notificationKinds);
export type NotificationKind = z.infer<typeof notificationKind>;

/** Kinds whose email cannot be turned off: a page must reach the engineer on duty. */
export const requiredEmailKinds: readonly NotificationKind[] = ['case.paged'];

/** The notification kinds a person of this role can receive, in the order the profile lists them. */
export function notificationKindsFor(role: Role): NotificationKind[] {
  const staff: NotificationKind[] = ['case.new_urgent', 'case.urgency', 'case.assigned', 'case.customer_reply', 'case.sla_warning', 'case.sla_breach', 'case.bundle_uploaded', 'case.paged'];
  const customer: NotificationKind[] = ['case.acknowledged', 'case.staff_reply', 'case.waiting_on_customer', 'case.resolved', 'case.changed', 'organization.lapsed', 'organization.reinstated'];
  return (staffRoles as readonly string[]).includes(role) ? staff : customer;
}

/** Per notification kind, whether its email is sent (true unless turned off). */
export const emailPreferences = z.partialRecord(notificationKind, z.boolean());
export type EmailPreferences = z.infer<typeof emailPreferences>;

export const me = z.object({
  id,
  email: z.string(),
  name: z.string(),
  role,
  organizationId: id,
  locale,
  /** Staff only: the regional support centre the person works in. */
  region: regionCode.nullable(),
  /** The zone every time is shown in; null: the browser's own. */
  timeZone: timeZone.nullable(),
  mfaEnabled: z.boolean(),
  /** Recovery codes not yet used (each signs in once instead of an authenticator code). */
  recoveryCodesLeft: z.number().int(),
  /** Per kind the person can receive, whether its email is sent. */
  emailPreferences: z.record(z.string(), z.boolean()),
  /** Customers only: whether the organisation's maintenance is current. */
  entitlement: z.object({ state: z.enum(['active', 'lapsed']), since: z.iso.date().nullable() }).optional(),
});
export type Me = z.infer<typeof me>;

export const loginResponse = z.object({
  user: me,
  /** Send back as `x-csrf-token` on every state-changing request made with the session cookie. */
  csrfToken: z.string(),
});

export const createTokenRequest = z.object({
  name: z.string().trim().min(1).max(100),
  /** Days until the token stops working; no expiry when omitted. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const apiToken = z.object({
  id,
  name: z.string(),
  createdAt: isoDateTime,
  expiresAt: isoDateTime.nullable(),
  lastUsedAt: isoDateTime.nullable(),
});

export const createdToken = apiToken.extend({
  /** The secret itself: shown once, stored only as a hash. */
  token: z.string(),
});

export const mfaSetupResponse = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
});

export const mfaVerifyRequest = z.object({ otp: z.string().regex(/^\d{6}$/) });

/** The end of enrolment: the person, and recovery codes shown this once. */
export const mfaVerifyResponse = me.extend({ recoveryCodes: z.array(z.string()) });

export const changePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: password,
});

export const forgotPasswordRequest = z.object({ email: z.string().trim().max(254) });

export const resetPasswordRequest = z.object({
  token: z.string().min(10).max(200),
  password,
});

export const updateEmailPreferencesRequest = emailPreferences;

export const acceptInvitationRequest = z.object({
  token: z.string().min(10).max(200),
  password,
});

export const user = z.object({
  id,
  organizationId: id,
  email: z.string(),
  name: z.string(),
  role,
  locale: locale.nullable(),
  timeZone: z.string().nullable(),
  /** Staff only: the regional support centre the person works in. */
  region: regionCode.nullable(),
  /** Staff only: the number pages and transferred calls reach (E.164). */
  phone: z.string().nullable(),
  active: z.boolean(),
  mfaEnabled: z.boolean(),
  /** True until the invited person has chosen a password. */
  invitationPending: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type User = z.infer<typeof user>;

export const createUserRequest = z.object({
  email,
  name: z.string().trim().min(1).max(200),
  role,
  locale: locale.optional(),
  /** Staff only: the regional support centre the person works in. */
  region: regionCode.optional(),
  /** Staff only: the number pages and transferred calls reach (E.164). */
  phone: e164.optional(),
  /** When omitted, an invitation is emailed and the person chooses their own. */
  password: password.optional(),
});

export const updateUserRequest = z
  .object({
    name: z.string().trim().min(1).max(200),
    locale,
    /** The zone times are shown in and mail is dated in; null: the browser's own. */
    timeZone: timeZone.nullable(),
    role,
    region: regionCode,
    /** Staff only: E.164; null removes it. */
    phone: e164.nullable(),
    /** false ends every session and token of the user at once. */
    active: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');

export { password as passwordSchema, email as emailSchema };
