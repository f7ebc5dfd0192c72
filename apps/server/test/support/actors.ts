import type { Role } from '@casebook/contracts';
import type { UserActor } from '../../src/modules/identity/actor.ts';

const kindOf = (role: Role): UserActor['organizationKind'] =>
  role === 'admin' || role === 'engineer' || role === 'advisor' ? 'vendor' : role === 'partner_user' ? 'partner' : 'customer';

/** An actor for policy unit tests: role, and the organisation it belongs to (`org-<role>` unless given). */
export function actor(role: Role, organizationId = `org-${role}`): UserActor {
  return { kind: 'user', id: `user-${role}`, email: `${role}@example.test`, name: role, role, organizationId, organizationKind: kindOf(role), locale: 'en', timeZone: null, lapsedSince: null };
}

export const everyRole: Role[] = ['admin', 'engineer', 'advisor', 'customer_admin', 'customer_user', 'partner_user'];

/** The roles for which `allowed` answers true, to compare with what a policy should allow. */
export function rolesAllowed(allowed: (a: UserActor) => boolean): Role[] {
  return everyRole.filter((role) => allowed(actor(role)));
}
