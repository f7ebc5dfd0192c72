import type { Kysely } from 'kysely';
import { columnTypes, sqlIn } from './helpers.ts';

/**
 * What happened to a case that the customer should read on its thread, in words: a status or
 * priority change, with its reason. Kept apart from the comments, whose kinds are fixed, and never
 * internal: status and priority are on the customer's view of the case anyway.
 * Also ties an attachment to the reply it came with, so the reply's email can name its files.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('case_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['status_changed', 'priority_changed'])))
    .addColumn('from_value', 'text', (c) => c.notNull())
    .addColumn('to_value', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('actor_is_staff', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'created_at', 'id']).execute();
  await db.schema.alterTable('case_attachments').addColumn('comment_id', 'text').execute();
  await db.schema.createIndex('case_attachments_comment').on('case_attachments').column('comment_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('case_attachments_comment').execute();
  await db.schema.alterTable('case_attachments').dropColumn('comment_id').execute();
  await db.schema.dropTable('case_events').execute();
}
