import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { columnTypes, sqlIn } from './helpers.ts';

const eventKinds = ['status_changed', 'priority_changed', 'bundle_uploaded'];

/**
 * Diagnostic bundles on cases, the one-case upload tokens the collector uses, each partner's own
 * age recipient, and the marketplace catalogue. The thread learns a new event kind, so the CHECK on
 * `case_events.kind` is widened (SQLite cannot alter a CHECK: the table is rebuilt).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('organizations').addColumn('bundle_recipient', 'text').execute();

  await db.schema
    .createTable('bundles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['uploading', 'available', 'rejected', 'expired'])))
    .addColumn('status_reason', 'text')
    .addColumn('recipients', t.json, (c) => c.notNull())
    .addColumn('collector_version', 'text')
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.references('users.id'))
    .addColumn('uploaded_by_label', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('uploaded_at', t.instant)
    .addColumn('expires_at', t.instant)
    .addColumn('removed_at', t.instant)
    .execute();
  await db.schema.createIndex('bundles_case').on('bundles').columns(['case_id', 'created_at']).execute();
  await db.schema.createIndex('bundles_status').on('bundles').columns(['status', 'expires_at']).execute();

  await db.schema
    .createTable('bundle_upload_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('marketplace_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['tool', 'integration', 'plugin'])))
    .addColumn('summary_en', 'text', (c) => c.notNull())
    .addColumn('summary_fr', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('marketplace_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('marketplace_items.id').onDelete('cascade'))
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('published_at', t.instant, (c) => c.notNull())
    .addColumn('retired_at', t.instant)
    .addUniqueConstraint('marketplace_versions_item_version_platform', ['item_id', 'version', 'platform'])
    .execute();

  await widenEventKinds(db, eventKinds);
}

async function widenEventKinds(db: Kysely<unknown>, kinds: string[]) {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table case_events drop constraint if exists case_events_kind_check`.execute(db);
    await sql`alter table case_events add constraint case_events_kind_check check (${sqlIn('kind', kinds)})`.execute(db);
    return;
  }
  // SQLite: rebuild the table with the new CHECK, keeping every row and the index.
  await sql`create table case_events_new (
    id text primary key,
    case_id text not null references cases(id) on delete cascade,
    kind text not null check (${sqlIn('kind', kinds)}),
    from_value text not null,
    to_value text not null,
    reason text,
    actor_id text,
    actor_label text not null,
    actor_is_staff integer not null,
    created_at text not null
  )`.execute(db);
  await sql`insert into case_events_new select id, case_id, kind, from_value, to_value, reason, actor_id, actor_label, actor_is_staff, created_at from case_events`.execute(db);
  await sql`drop table case_events`.execute(db);
  await sql`alter table case_events_new rename to case_events`.execute(db);
  await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'created_at', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from case_events where kind = 'bundle_uploaded'`.execute(db);
  await widenEventKinds(db, ['status_changed', 'priority_changed']);
  await db.schema.dropTable('marketplace_versions').execute();
  await db.schema.dropTable('marketplace_items').execute();
  await db.schema.dropTable('bundle_upload_tokens').execute();
  await db.schema.dropTable('bundles').execute();
  await db.schema.alterTable('organizations').dropColumn('bundle_recipient').execute();
}
