import { customerRoles, partnerRoles, staffRoles, type Role } from '@casebook/contracts';
import type { OrganizationRow, UserRow } from '../../db/schema.ts';
import { contractPolicy } from '../contracts/contract.policy.ts';
import { isStaff, type UserActor } from '../identity/actor.ts';
import { actsFor } from './delegation.policy.ts';

/**
 * Who may do what to organisations and their users. Services call these before acting; a caller
 * who may not even see the target is told "not found", never "forbidden".
 */
export const organizationPolicy = {
  /**
   * Whether the organisation's card (name, region, lapse) is visible. A partner still sees a
   * delegating customer that has lapsed, so it can be told why the cases are out of reach.
   */
  canSee(actor: UserActor, org: Pick<OrganizationRow, 'id' | 'kind'>, delegated = false): boolean {
    return isStaff(actor) || actor.organizationId === org.id || (actor.role === 'partner_user' && org.kind === 'customer' && delegated);
  },

  /** The account team: the organisation's own users, staff, and partners acting for it. */
  canSeeAccountTeamOf(actor: UserActor, org: Pick<OrganizationRow, 'id' | 'kind' | 'lapsed_since'>, delegated: boolean): boolean {
    return isStaff(actor) || actor.organizationId === org.id || actsFor(actor, org, delegated);
  },

  canSetAccountTeam(actor: UserActor): boolean {
    return actor.role === 'admin';
  },

  /** Admins and engineers for any customer; a customer's admin for their own organisation. */
  canManageDelegationsOf(actor: UserActor, org: Pick<OrganizationRow, 'id'>): boolean {
    return actor.role === 'admin' || actor.role === 'engineer' || (actor.role === 'customer_admin' && actor.organizationId === org.id);
  },

  /** Who may list an organisation's delegations (the organisation itself must be visible too). */
  canListDelegations(actor: UserActor): boolean {
    return isStaff(actor) || actor.role === 'customer_admin' || actor.role === 'partner_user';
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

  /** What the organisation's page offers this actor; the web app reads these instead of roles. */
  abilities(actor: UserActor, org: Pick<OrganizationRow, 'id' | 'kind'>) {
    return {
      canUpdate: this.canCreateOrUpdate(actor),
      canSeeUsers: this.canSeeUsersOf(actor, org),
      canManageUsers: this.canManageUsersOf(actor, org),
      canManageContracts: org.kind === 'customer' && contractPolicy.canManage(actor),
      canSetAccountTeam: org.kind === 'customer' && this.canSetAccountTeam(actor),
      canManageDelegations: org.kind === 'customer' && this.canManageDelegationsOf(actor, org),
    };
  },

  /** A user may change their own name, language and time zone (and staff their paging number); managers may change the rest. */
  canUpdateUser(actor: UserActor, target: Pick<UserRow, 'id' | 'organization_id'>, org: Pick<OrganizationRow, 'id' | 'kind'>, fields: string[]): boolean {
    if (this.canManageUsersOf(actor, org)) return true;
    const own = org.kind === 'vendor' ? ['name', 'locale', 'timeZone', 'phone'] : ['name', 'locale', 'timeZone'];
    return actor.id === target.id && fields.every((f) => own.includes(f));
  },
};
