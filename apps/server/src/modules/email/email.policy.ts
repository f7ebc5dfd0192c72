import type { UserActor } from '../identity/actor.ts';

/** The mail logs name every sender and subject; suspended mail is a security decision: administrators only. */
export const emailPolicy = {
  canReadMailLogs(actor: UserActor): boolean {
    return actor.role === 'admin';
  },

  canDecideSuspendedMail(actor: UserActor): boolean {
    return actor.role === 'admin';
  },
};
