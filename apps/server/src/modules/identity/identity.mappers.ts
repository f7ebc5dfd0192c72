import { notificationKindsFor, requiredEmailKinds, type Me, type User } from '@casebook/contracts';
import type { UserRow } from '../../db/schema.ts';
import type { UserWithOrganization } from './user.repository.ts';
import type { UserActor } from './actor.ts';

export function toActor(u: UserWithOrganization): UserActor {
  return {
    kind: 'user',
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    organizationId: u.organization_id,
    organizationKind: u.organization_kind,
    locale: u.locale ?? u.organization_locale,
    timeZone: u.time_zone,
    lapsedSince: u.organization_lapsed_since,
  };
}

export function toMe(u: UserWithOrganization): Me {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    organizationId: u.organization_id,
    locale: u.locale ?? u.organization_locale,
    region: u.region,
    timeZone: u.time_zone,
    mfaEnabled: u.totp_enabled_at != null,
    recoveryCodesLeft: u.totp_recovery_codes ? (JSON.parse(u.totp_recovery_codes) as string[]).length : 0,
    emailPreferences: emailPreferencesOf(u),
    ...(u.organization_kind === 'customer' && {
      entitlement: u.organization_lapsed_since ? { state: 'lapsed' as const, since: u.organization_lapsed_since } : { state: 'active' as const, since: null },
    }),
  };
}

export function toUser(u: UserRow): User {
  return {
    id: u.id,
    organizationId: u.organization_id,
    email: u.email,
    name: u.name,
    role: u.role,
    locale: u.locale,
    timeZone: u.time_zone,
    region: u.region,
    phone: u.phone,
    active: u.deactivated_at == null,
    mfaEnabled: u.totp_enabled_at != null,
    invitationPending: u.password_hash == null,
    createdAt: u.created_at,
    updatedAt: u.updated_at,
  };
}

/** The kinds whose email the person turned off. */
export function emailOptOutsOf(u: Pick<UserRow, 'email_opt_out'>): string[] {
  return u.email_opt_out ? (JSON.parse(u.email_opt_out) as string[]) : [];
}

/** Per kind the person's role can receive, whether its email is sent. */
export function emailPreferencesOf(u: Pick<UserRow, 'email_opt_out' | 'role'>): Record<string, boolean> {
  const off = new Set(emailOptOutsOf(u));
  return Object.fromEntries(notificationKindsFor(u.role).map((k) => [k, requiredEmailKinds.includes(k) || !off.has(k)]));
}
