import { notificationKindsFor, requiredEmailKinds, type EmailPreferences } from '@casebook/contracts';
import type { Clock } from '../../adapters/clock.ts';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import type { UserCtx } from './actor.ts';
import { emailOptOutsOf, toMe } from './identity.mappers.ts';

/** What a person sets for themselves beyond name, language and zone: which notifications reach them by email. */
export class ProfileService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /**
   * Turns email on or off per notification kind. Kinds the person's role never receives are
   * ignored; a page's email cannot be turned off (it must reach the engineer on duty).
   */
  async setEmailPreferences(ctx: UserCtx, prefs: EmailPreferences) {
    const user = await this.store.read.users.findById(ctx.actor.id);
    if (!user) throw new AppError('unauthenticated');
    const theirs = new Set(notificationKindsFor(user.role));
    const off = new Set(emailOptOutsOf(user));
    for (const [kind, on] of Object.entries(prefs) as [keyof EmailPreferences, boolean][]) {
      if (!theirs.has(kind) || requiredEmailKinds.includes(kind)) continue;
      if (on) off.delete(kind);
      else off.add(kind);
    }
    const now = this.clock.now();
    const before = emailOptOutsOf(user);
    const after = [...off].sort();
    await this.store.transaction(async (tx) => {
      await tx.users.update(user.id, { email_opt_out: JSON.stringify(after), updated_at: now.toISOString() });
      await tx.audit.record(ctx, now, { action: 'user.email_preferences', targetType: 'user', targetId: user.id, organizationId: user.organization_id, before: { emailOff: before }, after: { emailOff: after } });
    });
    return toMe({ ...user, email_opt_out: JSON.stringify(after) });
  }
}
