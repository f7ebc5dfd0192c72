import type { UserActor } from '../identity/actor.ts';

/** Who may change a region's calendar. Whether a centre is open, and its holidays, are public. */
export const regionPolicy = {
  /** Company closures and holidays kept open change every service-level clock of the region. */
  canEditCalendar(actor: UserActor): boolean {
    return actor.role === 'admin';
  },
};
