import type { UserActor } from '../modules/identity/actor.ts';

/** Failed jobs carry payloads and errors about any customer: administrators only. */
export const jobPolicy = {
  canAdministerJobs(actor: UserActor): boolean {
    return actor.role === 'admin';
  },
};
