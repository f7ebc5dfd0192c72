import type { Kysely } from 'kysely';
import { columnTypes } from './helpers.ts';

/**
 * Self-service accounts: each person's time zone and email preferences, TOTP recovery codes, and
 * password-reset links (only their hash is kept; each works once, before it expires).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('users').addColumn('time_zone', 'text').execute();
  /** JSON array of the notification kinds whose email the person turned off. */
  await db.schema.alterTable('users').addColumn('email_opt_out', t.json).execute();
  /** JSON array of SHA-256 hashes of the unused recovery codes. */
  await db.schema.alterTable('users').addColumn('totp_recovery_codes', t.json).execute();
  await db.schema
    .createTable('password_resets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .addColumn('used_at', t.instant)
    .execute();
  await db.schema.createIndex('password_resets_user').on('password_resets').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('password_resets').execute();
  await db.schema.alterTable('users').dropColumn('totp_recovery_codes').execute();
  await db.schema.alterTable('users').dropColumn('email_opt_out').execute();
  await db.schema.alterTable('users').dropColumn('time_zone').execute();
}
