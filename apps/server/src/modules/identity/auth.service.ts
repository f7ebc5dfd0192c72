import { randomInt, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../adapters/clock.ts';
import { hashSecret, newSecret } from '../../adapters/ids.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../adapters/password.ts';
import { acceptedTotpStep, newTotpSecret, totpUrl } from '../../adapters/totp.ts';
import { SecretBox } from '../../adapters/secret-box.ts';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import type { Ctx, UserActor } from './actor.ts';
import { toActor, toMe } from './identity.mappers.ts';
import type { Config } from '../../config.ts';
import { lapseError } from '../contracts/lapse-error.ts';

/** Failures allowed per account and per address within one minute before sign-in answers 429. */
export const MAX_LOGIN_FAILURES_PER_MINUTE = 10;
const MINUTE = 60_000;
/** Session and token "last seen" times are written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

/** How many recovery codes enrolment gives; each signs in once without the authenticator app. */
const RECOVERY_CODES = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** `xxxxx-xxxxx` from an alphabet without look-alikes: about 49 bits, behind the sign-in rate limit. */
function newRecoveryCode(): string {
  const pick = () => Array.from({ length: 5 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return `${pick()}-${pick()}`;
}

/** As typed: any case, with or without the dash and spaces. */
function normaliseRecoveryCode(code: string): string {
  const bare = code.toLowerCase().replace(/[^a-z0-9]/g, '');
  return `${bare.slice(0, 5)}-${bare.slice(5)}`;
}

export interface AuthSettings {
  sessionTtlHours: number;
  sessionIdleMinutes: number;
  support: Config['support'];
}

export interface LoginInput {
  email: string;
  password: string;
  otp?: string | undefined;
  recoveryCode?: string | undefined;
  ip: string;
  userAgent: string | null;
  requestId: string;
}

export interface Authenticated {
  actor: UserActor;
  /** Set for cookie sessions: the value state-changing requests must echo in `x-csrf-token`. */
  csrfToken: string | null;
}

export class AuthService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly settings: AuthSettings,
    private readonly secrets: SecretBox,
  ) {}

  async login(input: LoginInput) {
    const now = this.clock.now();
    const window = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE).toISOString();
    const email = input.email.trim().toLowerCase();
    const keys = [`login:account:${email}`, `login:ip:${input.ip}`];
    // Count the attempt before checking anything, one atomic upsert per counter: parallel attempts
    // each see their own count, so no more than the limit ever reach the password or code check.
    // An attempt that turns out right gives its count back; a failure keeps it.
    const counts: number[] = [];
    for (const k of keys) counts.push(await this.store.read.credentials.hit(k, window));
    if (counts.some((n) => n > MAX_LOGIN_FAILURES_PER_MINUTE)) {
      const retryAfter = Math.ceil((Date.parse(window) + MINUTE - now.getTime()) / 1000);
      throw new AppError('rate_limited', { retryAfter: String(Math.max(1, retryAfter)) });
    }
    const giveBack = async () => {
      for (const k of keys) await this.store.read.credentials.release(k, window);
    };

    const user = await this.store.read.users.findByEmail(email);
    const fail = async (code: 'invalid_credentials' | 'invalid_otp'): Promise<never> => {
      if (user) {
        await this.store.read.audit.record({ actor: { kind: 'system', label: `login:${input.ip}` }, requestId: input.requestId }, now, {
          action: 'user.login_failed',
          targetType: 'user',
          targetId: user.id,
          organizationId: user.organization_id,
          after: { reason: code },
        });
      }
      throw new AppError(code);
    };

    if (!user || user.password_hash == null || user.deactivated_at != null) {
      await burnPasswordCheck(input.password);
      return fail('invalid_credentials');
    }
    if (!(await verifyPassword(user.password_hash, input.password))) return fail('invalid_credentials');
    if (user.totp_enabled_at != null && user.totp_secret != null && input.recoveryCode) {
      // A recovery code stands in for the app once: it is taken out of the list in the same statement that checks it.
      if (!(await this.store.read.users.useRecoveryCode(user.id, hashSecret(normaliseRecoveryCode(input.recoveryCode))))) return fail('invalid_otp');
    } else if (user.totp_enabled_at != null && user.totp_secret != null) {
      if (!input.otp) {
        await giveBack();
        throw new AppError('otp_required');
      }
      const secret = this.secrets.open(user.totp_secret, user.id);
      const step = acceptedTotpStep(secret, input.otp, now);
      // A code works once: the step is claimed in one statement, so a replayed or racing code fails.
      if (step == null || !(await this.store.read.users.acceptTotpStep(user.id, step))) return fail('invalid_otp');
      // A secret stored in clear before encryption was introduced is sealed on its first use.
      if (!SecretBox.isSealed(user.totp_secret)) {
        await this.store.read.users.update(user.id, { totp_secret: this.secrets.seal(secret, user.id) });
      }
    }
    await giveBack();

    // Right credentials, but the organisation's maintenance has lapsed: say so, and how to renew.
    if (user.organization_lapsed_since) throw await this.lapsedError(user.organization_id);

    const sessionToken = newSecret();
    const csrfToken = newSecret();
    const expiresAt = new Date(now.getTime() + this.settings.sessionTtlHours * 3_600_000);
    const actor = toActor(user);
    await this.store.transaction(async (tx) => {
      await tx.credentials.insertSession({
        id: hashSecret(sessionToken),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: expiresAt.toISOString(),
        ip: input.ip,
        user_agent: input.userAgent?.slice(0, 500) ?? null,
      });
      await tx.audit.record({ actor, requestId: input.requestId }, now, {
        action: 'user.login',
        targetType: 'user',
        targetId: user.id,
        organizationId: user.organization_id,
        after: { ip: input.ip },
      });
    });
    // A spent recovery code is off the list the answer shows.
    const current = input.recoveryCode ? ((await this.store.read.users.findById(user.id)) ?? user) : user;
    return { user: toMe(current), sessionToken, csrfToken, expiresAt };
  }

  /** The person behind a session cookie, or null when it is unknown, expired, idle too long or deactivated. */
  async authenticateSession(sessionToken: string): Promise<Authenticated | null> {
    const id = hashSecret(sessionToken);
    const user = await this.store.read.users.findBySession(id);
    if (!user) return null;
    const now = this.clock.now();
    const idleLimit = Date.parse(user.session_last_seen_at) + this.settings.sessionIdleMinutes * MINUTE;
    if (Date.parse(user.session_expires_at) <= now.getTime() || idleLimit <= now.getTime()) {
      await this.store.read.credentials.deleteSession(id);
      return null;
    }
    if (user.deactivated_at != null) return null;
    if (now.getTime() - Date.parse(user.session_last_seen_at) > TOUCH_EVERY_MS) {
      await this.store.read.credentials.touchSession(id, now.toISOString());
    }
    return { actor: toActor(user), csrfToken: user.session_csrf_token };
  }

  /** The person behind a bearer token, or null when it is unknown, revoked, expired or deactivated. */
  async authenticateToken(token: string): Promise<Authenticated | null> {
    const user = await this.store.read.users.findByTokenHash(hashSecret(token));
    const now = this.clock.now();
    if (!user || user.token_revoked_at != null || (user.token_expires_at != null && Date.parse(user.token_expires_at) <= now.getTime())) return null;
    if (user.deactivated_at != null) return null;
    if (user.token_last_used_at == null || now.getTime() - Date.parse(user.token_last_used_at) > TOUCH_EVERY_MS) {
      await this.store.read.credentials.touchToken(user.token_id, now.toISOString());
    }
    return { actor: toActor(user), csrfToken: null };
  }

  /** `maintenance_lapsed` for a user of a lapsed customer. */
  async lapsedError(organizationId: string): Promise<AppError> {
    const org = await this.store.read.organizations.find(organizationId);
    if (!org) return new AppError('forbidden');
    return lapseError(this.store.read, org, this.settings.support);
  }

  static csrfMatches(expected: string, given: string | undefined): boolean {
    if (!given) return false;
    const a = Buffer.from(expected);
    const b = Buffer.from(given);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  async logout(ctx: Ctx, sessionToken: string): Promise<void> {
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      await tx.credentials.deleteSession(hashSecret(sessionToken));
      if (ctx.actor.kind === 'user') {
        await tx.audit.record(ctx, now, { action: 'user.logout', targetType: 'user', targetId: ctx.actor.id, organizationId: ctx.actor.organizationId });
      }
    });
  }

  async me(actor: UserActor) {
    const user = await this.store.read.users.findById(actor.id);
    if (!user) throw new AppError('unauthenticated');
    return toMe(user);
  }

  /** Starts TOTP enrolment: a new secret, pending until a code from it is verified. */
  async startMfa(ctx: Ctx & { actor: UserActor }) {
    const user = await this.store.read.users.findById(ctx.actor.id);
    if (!user) throw new AppError('unauthenticated');
    if (user.totp_enabled_at != null) throw new AppError('mfa_already_enrolled');
    const secret = newTotpSecret();
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      await tx.users.update(user.id, { totp_pending_secret: this.secrets.seal(secret, user.id), updated_at: now.toISOString() });
      await tx.audit.record(ctx, now, { action: 'user.mfa_setup', targetType: 'user', targetId: user.id, organizationId: user.organization_id });
    });
    return { secret, otpauthUrl: totpUrl(secret, user.email) };
  }

  /** Completes enrolment with a code from the pending secret; from then on sign-in asks for a code. Returns recovery codes, shown this once. */
  async verifyMfa(ctx: Ctx & { actor: UserActor }, otp: string) {
    const user = await this.store.read.users.findById(ctx.actor.id);
    if (!user) throw new AppError('unauthenticated');
    if (user.totp_enabled_at != null) throw new AppError('mfa_already_enrolled');
    if (user.totp_pending_secret == null) throw new AppError('mfa_not_enrolled');
    const now = this.clock.now();
    const pending = this.secrets.open(user.totp_pending_secret, user.id);
    const step = acceptedTotpStep(pending, otp, now);
    if (step == null) throw new AppError('invalid_otp');
    const recoveryCodes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await this.store.transaction(async (tx) => {
      await tx.users.update(user.id, {
        totp_secret: this.secrets.seal(pending, user.id),
        totp_pending_secret: null,
        totp_recovery_codes: JSON.stringify(recoveryCodes.map((c) => hashSecret(c))),
        totp_enabled_at: now.toISOString(),
        // The code that completed enrolment cannot also be used to sign in.
        totp_last_step: step,
        updated_at: now.toISOString(),
      });
      await tx.audit.record(ctx, now, {
        action: 'user.mfa_enable',
        targetType: 'user',
        targetId: user.id,
        organizationId: user.organization_id,
        after: { mfaEnabled: true },
      });
    });
    return { ...(await this.me(ctx.actor)), recoveryCodes };
  }

  /** Sets the invited person's password; the invitation works once, before it expires. */
  async acceptInvitation(token: string, password: string, requestId: string) {
    const now = this.clock.now();
    const invitation = await this.store.read.credentials.findInvitationByHash(hashSecret(token));
    if (!invitation || invitation.accepted_at != null || Date.parse(invitation.expires_at) <= now.getTime()) {
      throw new AppError('invitation_invalid');
    }
    const passwordHash = await hashPassword(password);
    return this.store.transaction(async (tx) => {
      const user = await tx.users.findById(invitation.user_id);
      if (!user || user.deactivated_at != null) throw new AppError('invitation_invalid');
      if (!(await tx.credentials.acceptInvitation(invitation.id, now.toISOString()))) throw new AppError('invitation_invalid');
      await tx.users.update(user.id, { password_hash: passwordHash, updated_at: now.toISOString() });
      await tx.audit.record({ actor: toActor(user), requestId }, now, {
        action: 'user.accept_invitation',
        targetType: 'user',
        targetId: user.id,
        organizationId: user.organization_id,
      });
      return toMe(user);
    });
  }
}

