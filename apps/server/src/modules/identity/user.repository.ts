import { reindexContactCases } from '../../db/search.ts';
import type { Executor } from '../../db/database.ts';
import { newestFirst } from '../../db/pagination.ts';
import type { NewUser, OrganizationRow, UserRow, UserUpdate } from '../../db/schema.ts';

export type UserWithOrganization = UserRow & {
  organization_kind: OrganizationRow['kind'];
  organization_locale: OrganizationRow['locale'];
  organization_lapsed_since: OrganizationRow['lapsed_since'];
};

export class UserRepository {
  constructor(private readonly db: Executor) {}

  private withOrganization() {
    return this.db
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.organization_id')
      .selectAll('users')
      .select(['organizations.kind as organization_kind', 'organizations.locale as organization_locale', 'organizations.lapsed_since as organization_lapsed_since']);
  }

  findById(id: string): Promise<UserWithOrganization | undefined> {
    return this.withOrganization().where('users.id', '=', id).executeTakeFirst();
  }

  /**
   * The user behind a session (by the hash of its cookie) with the session's state, in one read:
   * every request signed in with a cookie needs both.
   */
  findBySession(sessionId: string) {
    return this.withOrganization()
      .innerJoin('sessions', 'sessions.user_id', 'users.id')
      .select(['sessions.expires_at as session_expires_at', 'sessions.last_seen_at as session_last_seen_at', 'sessions.csrf_token as session_csrf_token'])
      .where('sessions.id', '=', sessionId)
      .executeTakeFirst();
  }

  /** The user behind an API token (by its hash) with the token's state, in one read: every request made with a token needs both. */
  findByTokenHash(tokenHash: string) {
    return this.withOrganization()
      .innerJoin('api_tokens', 'api_tokens.user_id', 'users.id')
      .select(['api_tokens.id as token_id', 'api_tokens.expires_at as token_expires_at', 'api_tokens.last_used_at as token_last_used_at', 'api_tokens.revoked_at as token_revoked_at'])
      .where('api_tokens.token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  /** Emails are stored lower-cased; look-ups take any case. */
  findByEmail(email: string): Promise<UserWithOrganization | undefined> {
    return this.withOrganization().where('users.email', '=', email.trim().toLowerCase()).executeTakeFirst();
  }

  async emailExists(email: string): Promise<boolean> {
    const row = await this.db.selectFrom('users').select('id').where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
    return row != null;
  }

  async insert(user: NewUser): Promise<void> {
    await this.db.insertInto('users').values({ ...user, email: user.email.trim().toLowerCase() }).execute();
  }

  /** A new name or address is searched at once: the cases this user is the contact of are reindexed. */
  async update(id: string, changes: UserUpdate): Promise<UserRow> {
    const row = await this.db.updateTable('users').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    if ('name' in changes || 'email' in changes) await reindexContactCases(this.db, id);
    return row;
  }

  /**
   * Records `step` as the user's last accepted TOTP step, in one statement; false when that step
   * (or a later one) was already used, so two requests racing with one code cannot both succeed.
   */
  async acceptTotpStep(id: string, step: number): Promise<boolean> {
    const r = await this.db
      .updateTable('users')
      .set({ totp_last_step: step })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * Takes one recovery code out of the user's list; false when it is not there. The write only
   * lands if the list is still the one read (compare-and-set), so two racing sign-ins cannot both spend it.
   */
  async useRecoveryCode(id: string, codeHash: string): Promise<boolean> {
    const row = await this.db.selectFrom('users').select('totp_recovery_codes').where('id', '=', id).executeTakeFirst();
    const stored = row?.totp_recovery_codes;
    const codes = stored ? (JSON.parse(stored) as string[]) : [];
    if (!stored || !codes.includes(codeHash)) return false;
    const r = await this.db
      .updateTable('users')
      .set({ totp_recovery_codes: JSON.stringify(codes.filter((c) => c !== codeHash)) })
      .where('id', '=', id)
      .where('totp_recovery_codes', '=', stored)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async activeWithRole(organizationId: string, role: UserRow['role']): Promise<string[]> {
    const rows = await this.db.selectFrom('users').select('id').where('organization_id', '=', organizationId).where('role', '=', role).where('deactivated_at', 'is', null).execute();
    return rows.map((r) => r.id);
  }

  async countInOrganization(organizationId: string): Promise<number> {
    const r = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organizationId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async listByOrganization(organizationId: string, cursor: string | undefined, limit: number) {
    return newestFirst(
      this.db
        .selectFrom('users')
        .selectAll()
        .where('organization_id', '=', organizationId),
      { at: 'created_at' },
      { cursor, limit },
    );
  }
}
