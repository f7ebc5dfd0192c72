import type { Kysely } from 'kysely';

/**
 * The last TOTP time step accepted for each user: a one-time code works once, so a code seen
 * over someone's shoulder (or replayed from a log) cannot open a second session in its 30 seconds.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('totp_last_step', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('totp_last_step').execute();
}
