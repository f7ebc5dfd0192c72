import { isStaff, type UserActor } from '../identity/actor.ts';

/** Queue counts and the dashboard describe every customer's cases: vendor staff only. */
export const reportPolicy = {
  canSeeReports(actor: UserActor): boolean {
    return isStaff(actor);
  },
};
