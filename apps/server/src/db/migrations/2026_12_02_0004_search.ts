import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { createSearchIndex, dropSearchIndex, reindexEverything } from '../search.ts';
import type { DB } from '../schema.ts';
import { columnTypes } from './helpers.ts';

/**
 * Full-text search over cases and their threads (the dialect's index is made by `db/search.ts`),
 * and what the triage order reads through indexes: the last time the customer spoke on a case,
 * and the first-response due time of unanswered cases.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  const dialect = db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';

  await db.schema.alterTable('cases').addColumn('customer_activity_at', t.instant).execute();
  await sql`update cases set customer_activity_at = coalesce(
    (select max(m.created_at) from case_comments m where m.case_id = cases.id and m.author_is_staff = 0 and m.visibility = 'public'),
    received_at)`.execute(db);
  // Triage: unanswered cases by due time; answered ones by the customer's last word.
  await db.schema.createIndex('cases_first_response_due').on('cases').columns(['sla_due_at', 'id']).where(sql.ref('sla_met_at'), 'is', null).execute();
  // The first tier (new, unassigned, unanswered), walked by due time; the priority filters it on the way.
  await db.schema
    .createIndex('cases_triage_new')
    .on('cases')
    .columns(['sla_due_at', 'id'])
    .where(sql<boolean>`status = 'new' and assignee_id is null and sla_met_at is null`)
    .execute();
  await db.schema.createIndex('cases_customer_activity').on('cases').columns(['customer_activity_at desc', 'id desc']).execute();

  await createSearchIndex(db, dialect);
  await reindexEverything(db as Kysely<DB>);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const dialect = db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
  await dropSearchIndex(db, dialect);
  await db.schema.dropIndex('cases_customer_activity').execute();
  await db.schema.dropIndex('cases_triage_new').execute();
  await db.schema.dropIndex('cases_first_response_due').execute();
  await db.schema.alterTable('cases').dropColumn('customer_activity_at').execute();
}
