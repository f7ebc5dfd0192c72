import type { Kysely } from 'kysely';
import { columnTypes, sqlIn } from './helpers.ts';

/**
 * On-duty rotas and their overrides, each region's paging integrations, and every page with its
 * deliveries. Staff get a phone number for paging and call transfer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('users').addColumn('phone', 'text').execute();

  await db.schema
    .createTable('rotas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['business_hours', 'after_hours'])))
    .addColumn('regions', t.json, (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('handoff_time', 'text', (c) => c.notNull())
    .addColumn('handoff_day', 'text', (c) => c.notNull())
    .addColumn('shift_days', 'integer', (c) => c.notNull())
    .addColumn('engineer_ids', t.json, (c) => c.notNull())
    .addColumn('escalate_after_minutes', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('rota_overrides')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rota_id', 'text', (c) => c.notNull().references('rotas.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('starts_at', t.instant, (c) => c.notNull())
    .addColumn('ends_at', t.instant, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rota_overrides_rota').on('rota_overrides').columns(['rota_id', 'ends_at']).execute();

  await db.schema
    .createTable('region_paging')
    .addColumn('region', 'text', (c) => c.primaryKey())
    .addColumn('pagerduty_routing_key', 'text')
    .addColumn('webhook_url', 'text')
    .addColumn('webhook_secret', 'text')
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('pages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull().check(sqlIn('event', ['case_urgent', 'priority_raised', 'sla_breach'])))
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('rota_id', 'text', (c) => c.references('rotas.id').onDelete('set null'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('engineer_id', 'text', (c) => c.references('users.id'))
    .addColumn('escalate_after_minutes', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('acknowledged_by', 'text', (c) => c.references('users.id'))
    .addColumn('acknowledged_at', t.instant)
    .addColumn('resolved_at', t.instant)
    .execute();
  await db.schema.createIndex('pages_case').on('pages').columns(['case_id', 'created_at']).execute();
  await db.schema.createIndex('pages_open').on('pages').columns(['acknowledged_at', 'resolved_at']).execute();

  await db.schema
    .createTable('page_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('page_id', 'text', (c) => c.notNull().references('pages.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sqlIn('channel', ['in_app', 'email', 'pagerduty', 'webhook'])))
    .addColumn('action', 'text', (c) => c.notNull().check(sqlIn('action', ['trigger', 'acknowledge', 'resolve'])))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('target', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['pending', 'delivered', 'failed'])))
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('delivered_at', t.instant)
    .execute();
  await db.schema.createIndex('page_deliveries_page').on('page_deliveries').columns(['page_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('page_deliveries').execute();
  await db.schema.dropTable('pages').execute();
  await db.schema.dropTable('region_paging').execute();
  await db.schema.dropTable('rota_overrides').execute();
  await db.schema.dropTable('rotas').execute();
  await db.schema.alterTable('users').dropColumn('phone').execute();
}
