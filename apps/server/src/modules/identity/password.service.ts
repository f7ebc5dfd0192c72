import type { Clock } from '../../adapters/clock.ts';
import { hashSecret } from '../../adapters/ids.ts';
import { hashPassword, verifyPassword } from '../../adapters/password.ts';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import type { UserCtx } from './actor.ts';
import { toActor } from './identity.mappers.ts';
import { sendPasswordResetJob } from './identity.jobs.ts';

/** Reset requests allowed per address, and per calling address, in one hour. */
export const MAX_RESET_REQUESTS_PER_HOUR = { account: 3, ip: 20 };
/** Wrong current passwords allowed per account in a minute (a stolen session must not brute-force it). */
const MAX_PASSWORD_CHECKS_PER_MINUTE = 5;
const MINUTE = 60_000;
const HOUR = 3_600_000;

const windowOf = (now: Date, size: number) => new Date(Math.floor(now.getTime() / size) * size).toISOString();

/** A signed-in person changing their password, and "Forgot password?" by an expiring single-use link. */
export class PasswordService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /**
   * Changes the caller's password; the current one is required. Every other session of the person
   * ends (`keepSessionId`, the one making the change, stays), so a thief signed in elsewhere is out.
   */
  async change(ctx: UserCtx, currentPassword: string, newPassword: string, keepSessionId: string | null): Promise<void> {
    const now = this.clock.now();
    const window = windowOf(now, MINUTE);
    const key = `password:account:${ctx.actor.id}`;
    if ((await this.store.read.credentials.hit(key, window)) > MAX_PASSWORD_CHECKS_PER_MINUTE) {
      throw new AppError('rate_limited', { retryAfter: String(Math.max(1, Math.ceil((Date.parse(window) + MINUTE - now.getTime()) / 1000))) });
    }
    const user = await this.store.read.users.findById(ctx.actor.id);
    if (!user) throw new AppError('unauthenticated');
    if (user.password_hash == null || !(await verifyPassword(user.password_hash, currentPassword))) {
      throw new AppError('password_incorrect', {}, { errors: [{ path: 'body.currentPassword', message: 'not the current password' }] });
    }
    await this.store.read.credentials.release(key, window);
    const passwordHash = await hashPassword(newPassword);
    await this.store.transaction(async (tx) => {
      await tx.users.update(user.id, { password_hash: passwordHash, updated_at: now.toISOString() });
      const ended = await tx.credentials.deleteOtherSessions(user.id, keepSessionId);
      await tx.credentials.voidPasswordResets(user.id, now.toISOString());
      await tx.audit.record(ctx, now, { action: 'user.password_change', targetType: 'user', targetId: user.id, organizationId: user.organization_id, after: { otherSessionsEnded: ended } });
    });
  }

  /**
   * "Forgot password?": mails a reset link when the address belongs to an active account, and
   * answers the same either way, so the answer does not tell who has an account. Limited per
   * address and per calling address, counted before anything is looked up.
   */
  async requestReset(email: string, ip: string): Promise<void> {
    const now = this.clock.now();
    const window = windowOf(now, HOUR);
    const address = email.trim().toLowerCase();
    const account = await this.store.read.credentials.hit(`reset:account:${address}`, window);
    const caller = await this.store.read.credentials.hit(`reset:ip:${ip}`, window);
    if (account > MAX_RESET_REQUESTS_PER_HOUR.account || caller > MAX_RESET_REQUESTS_PER_HOUR.ip) {
      throw new AppError('rate_limited', { retryAfter: String(Math.max(1, Math.ceil((Date.parse(window) + HOUR - now.getTime()) / 1000))) });
    }
    const user = await this.store.read.users.findByEmail(address);
    if (!user || user.deactivated_at != null) return;
    await this.store.transaction(async (tx) => {
      await tx.jobs.enqueue(sendPasswordResetJob, { userId: user.id }, now);
      await tx.audit.record({ actor: { kind: 'system', label: `password-reset:${ip}` }, requestId: null }, now, {
        action: 'user.password_reset_requested',
        targetType: 'user',
        targetId: user.id,
        organizationId: user.organization_id,
      });
    });
  }

  /** Sets a new password with a reset link's token: once, before it expires; every session of the person ends. */
  async completeReset(token: string, password: string, requestId: string): Promise<void> {
    const now = this.clock.now();
    const reset = await this.store.read.credentials.findPasswordResetByHash(hashSecret(token));
    if (!reset || reset.used_at != null || Date.parse(reset.expires_at) <= now.getTime()) throw new AppError('link_invalid');
    const passwordHash = await hashPassword(password);
    await this.store.transaction(async (tx) => {
      const user = await tx.users.findById(reset.user_id);
      if (!user || user.deactivated_at != null) throw new AppError('link_invalid');
      if (!(await tx.credentials.usePasswordReset(reset.id, now.toISOString()))) throw new AppError('link_invalid');
      await tx.users.update(user.id, { password_hash: passwordHash, updated_at: now.toISOString() });
      await tx.credentials.voidPasswordResets(user.id, now.toISOString());
      const ended = await tx.credentials.deleteOtherSessions(user.id, null);
      await tx.audit.record({ actor: toActor(user), requestId }, now, { action: 'user.password_reset', targetType: 'user', targetId: user.id, organizationId: user.organization_id, after: { sessionsEnded: ended } });
    });
  }
}
