import { sql, type Kysely } from 'kysely';
import { columnTypes } from './helpers.ts';

/**
 * Who wrote last on a case's public thread and when (opening it counts, by its contact), kept on
 * the case so that a queue shows "last reply: Ana Lima, 2 h ago" without a query per row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('cases').addColumn('last_reply_at', t.instant).execute();
  await db.schema.alterTable('cases').addColumn('last_reply_user_id', 'text').execute();
  await sql`update cases set
    last_reply_at = coalesce((select max(m.created_at) from case_comments m where m.case_id = cases.id and m.visibility = 'public'), received_at),
    last_reply_user_id = coalesce(
      (select m.author_id from case_comments m where m.case_id = cases.id and m.visibility = 'public' order by m.created_at desc, m.id desc limit 1),
      contact_user_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('cases').dropColumn('last_reply_user_id').execute();
  await db.schema.alterTable('cases').dropColumn('last_reply_at').execute();
}
