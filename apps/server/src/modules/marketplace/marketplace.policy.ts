import type { UserActor } from '../identity/actor.ts';

/**
 * The catalogue is open to every signed-in user (customers, partners, staff; a lapsed customer's
 * users are stopped before, by the lapse rule of every route); administrators curate it.
 */
export const marketplacePolicy = {
  canBrowse(_actor: UserActor): boolean {
    return true;
  },
  canManage(actor: UserActor): boolean {
    return actor.role === 'admin';
  },
};
