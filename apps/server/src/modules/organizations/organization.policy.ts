import { customerRoles, partnerRoles, staffRoles, type Role } from '@casebook/contracts';
import type { OrganizationRow, UserRow } from '../../db/schema.ts';
import { isStaff, type UserActor } from '../identity/actor.ts';

/**
 * Who may do what to organisations and their users. Services call these before acting; a caller
 * who may not even see the target is told "not found", never "forbidden".
 */
export const organizationPolicy = {
  canSee(actor: UserActor, org: Pick<OrganizationRow, 'id'>): boolean {
    return isStaff(actor) || actor.organizationId === org.id;
  },

  canCreateOrUpdate(actor: UserActor): boolean {
    return actor.role === 'admin';
  },

  canListAll(actor: UserActor): boolean {
    return isStaff(actor);
  },

  canSeeUsersOf(actor: UserActor, org: Pick<OrganizationRow, 'id'>): boolean {
    return isStaff(actor) || (actor.role === 'customer_admin' && actor.organizationId === org.id);
  },

  canManageUsersOf(actor: UserActor, org: Pick<OrganizationRow, 'id' | 'kind'>): boolean {
    if (actor.role === 'admin') return true;
    return actor.role === 'customer_admin' && actor.organizationId === org.id && org.kind === 'customer';
  },

  /** Roles a user of this kind of organisation can hold. */
  rolesFor(kind: OrganizationRow['kind']): readonly Role[] {
    return kind === 'vendor' ? staffRoles : kind === 'customer' ? customerRoles : partnerRoles;
  },

  /** A user may change their own name and language; managers may change the rest. */
  canUpdateUser(actor: UserActor, target: Pick<UserRow, 'id' | 'organization_id'>, org: Pick<OrganizationRow, 'id' | 'kind'>, fields: string[]): boolean {
    if (this.canManageUsersOf(actor, org)) return true;
    return actor.id === target.id && fields.every((f) => f === 'name' || f === 'locale');
  },
};
