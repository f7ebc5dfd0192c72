import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { ApiTokenRow, SessionsTable, ApiTokensTable, InvitationsTable, PasswordResetsTable } from '../../db/schema.ts';

/** Sessions, API tokens, invitations and sign-in rate limits: everything that proves who a caller is. */
export class CredentialRepository {
  constructor(private readonly db: Executor) {}

  async insertSession(row: SessionsTable): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  async touchSession(id: string, at: string): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async deleteSessionsOfUser(userId: string): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Ends every session of the user but `keepId` (the one making the change). */
  async deleteOtherSessions(userId: string, keepId: string | null): Promise<number> {
    let q = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepId) q = q.where('id', '!=', keepId);
    const r = await q.executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async insertPasswordReset(row: PasswordResetsTable): Promise<void> {
    await this.db.insertInto('password_resets').values(row).execute();
  }

  findPasswordResetByHash(hash: string) {
    return this.db.selectFrom('password_resets').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  }

  /** Marks the reset link used; false when it already was (a second, racing use). */
  async usePasswordReset(id: string, at: string): Promise<boolean> {
    const r = await this.db.updateTable('password_resets').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Once a password is set, every other reset link of the user stops working. */
  async voidPasswordResets(userId: string, at: string): Promise<void> {
    await this.db.updateTable('password_resets').set({ used_at: at }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
  }

  async insertToken(row: ApiTokensTable): Promise<void> {
    await this.db.insertInto('api_tokens').values(row).execute();
  }

  findToken(id: string): Promise<ApiTokenRow | undefined> {
    return this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listTokens(userId: string): Promise<ApiTokenRow[]> {
    return this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute();
  }

  async touchToken(id: string, at: string): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  async revokeToken(id: string, at: string): Promise<void> {
    await this.db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }

  async revokeTokensOfUser(userId: string, at: string): Promise<number> {
    const r = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async insertInvitation(row: InvitationsTable): Promise<void> {
    await this.db.insertInto('invitations').values(row).execute();
  }

  findInvitationByHash(hash: string) {
    return this.db.selectFrom('invitations').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  }

  /** Marks the invitation used; false when it already was (a second, racing acceptance). */
  async acceptInvitation(id: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('invitations')
      .set({ accepted_at: at })
      .where('id', '=', id)
      .where('accepted_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Adds one to a fixed-window counter and returns the new count. */
  async hit(key: string, windowStart: string): Promise<number> {
    const row = await this.db
      .insertInto('rate_limits')
      .values({ key, window_start: windowStart, count: 1 })
      .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet({ count: sql<number>`rate_limits.count + 1` }))
      .returning('count')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Gives back one count taken by `hit`, for an attempt that turned out not to be a failure. */
  async release(key: string, windowStart: string): Promise<void> {
    await this.db
      .updateTable('rate_limits')
      .set({ count: sql<number>`count - 1` })
      .where('key', '=', key)
      .where('window_start', '=', windowStart)
      .where('count', '>', 0)
      .execute();
  }

  /** Housekeeping: expired sessions and old rate-limit windows. */
  async prune(now: string, windowsBefore: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<', now).execute();
    await this.db.deleteFrom('rate_limits').where('window_start', '<', windowsBefore).execute();
  }
}
