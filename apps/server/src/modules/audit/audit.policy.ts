import type { UserActor } from '../identity/actor.ts';

/** The audit log records every change by everyone, internal notes included: administrators only. */
export const auditPolicy = {
  canReadLog(actor: UserActor): boolean {
    return actor.role === 'admin';
  },
};
