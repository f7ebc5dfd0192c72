import type { Me, User } from '@casebook/contracts';
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
    mfaEnabled: u.totp_enabled_at != null,
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
    region: u.region,
    phone: u.phone,
    active: u.deactivated_at == null,
    mfaEnabled: u.totp_enabled_at != null,
    invitationPending: u.password_hash == null,
    createdAt: u.created_at,
    updatedAt: u.updated_at,
  };
}
