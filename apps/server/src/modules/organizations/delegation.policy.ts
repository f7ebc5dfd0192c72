import type { OrganizationRow } from '../../db/schema.ts';
import type { UserActor } from '../identity/actor.ts';

/**
 * A partner acts for a customer (opens and follows its cases, reads its contracts and account
 * team) only while the customer delegates to it and its maintenance is current. Every module asks
 * this one function.
 */
export function actsFor(actor: UserActor, customer: Pick<OrganizationRow, 'kind' | 'lapsed_since'>, delegated: boolean): boolean {
  return actor.role === 'partner_user' && customer.kind === 'customer' && delegated && customer.lapsed_since == null;
}
