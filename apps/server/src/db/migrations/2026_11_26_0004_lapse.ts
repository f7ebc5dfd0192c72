import type { Kysely } from 'kysely';

/** A customer whose last maintenance contract has ended is lapsed from this date until it pays. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('organizations').addColumn('lapsed_since', 'text').execute();
  await db.schema.createIndex('cases_org_hold').on('cases').columns(['organization_id', 'hold_reason']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_org_hold').execute();
  await db.schema.alterTable('organizations').dropColumn('lapsed_since').execute();
}
