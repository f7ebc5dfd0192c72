import type { UserActor } from '../identity/actor.ts';

/** Who may change the service levels. Reading the targets and previewing a due time is public. */
export const slaPolicy = {
  canEditTargets(actor: UserActor): boolean {
    return actor.role === 'admin';
  },
};
