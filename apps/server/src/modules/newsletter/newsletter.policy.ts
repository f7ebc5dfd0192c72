import type { UserActor } from '../identity/actor.ts';

/** Who may run the newsletter. Subscribing needs nobody's permission: it is public, confirmed by mail. */
export const newsletterPolicy = {
  /** Campaigns, events, subscribers and their consent records: administrators only (they hold personal data). */
  canManage(actor: UserActor): boolean {
    return actor.role === 'admin';
  },
};
