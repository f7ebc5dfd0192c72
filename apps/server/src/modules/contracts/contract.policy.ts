import type { OrganizationRow } from '../../db/schema.ts';
import { isStaff, type UserActor } from '../identity/actor.ts';
import { actsFor } from '../organizations/delegation.policy.ts';

/** Who may read and change maintenance contracts and their payments. */
export const contractPolicy = {
  /** Staff, the customer's own users, and partners while they act for it. */
  canSeeContractsOf(actor: UserActor, org: Pick<OrganizationRow, 'id' | 'kind' | 'lapsed_since'>, delegated: boolean): boolean {
    return isStaff(actor) || actor.organizationId === org.id || actsFor(actor, org, delegated);
  },

  /** Contracts decide who gets help: only administrators create, change or record payments. */
  canManage(actor: UserActor): boolean {
    return actor.role === 'admin';
  },

  /** Payment references are internal to the vendor. */
  canSeePayments(actor: UserActor): boolean {
    return isStaff(actor);
  },
};
