import { sql, type Kysely } from 'kysely';
import { columnTypes, sqlIn } from './helpers.ts';

/** Regional calendar adjustments, service-level targets, and each case's first-response clock. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('region_closures')
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // `closure`: the centre is closed that day; `removed_holiday`: it works on a national holiday.
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['closure', 'removed_holiday'])))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('region_closures_pk', ['region', 'date'])
    .execute();

  await db.schema
    .createTable('sla_targets')
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('clock', 'text', (c) => c.notNull().check(sqlIn('clock', ['business', '24x7'])))
    .addPrimaryKeyConstraint('sla_targets_pk', ['priority', 'plan'])
    .execute();
  const defaults: [string, string, number, string][] = [
    ['critical', 'standard', 120, 'business'],
    ['critical', 'premium', 60, '24x7'],
    ['serious', 'standard', 240, 'business'],
    ['serious', 'premium', 120, '24x7'],
    ['moderate', 'standard', 480, 'business'],
    ['moderate', 'premium', 240, 'business'],
    ['minor', 'standard', 960, 'business'],
    ['minor', 'premium', 480, 'business'],
  ];
  await db
    .insertInto('sla_targets' as never)
    .values(defaults.map(([priority, plan, minutes, clock]) => ({ priority, plan, minutes, clock })) as never)
    .execute();

  await db.schema.alterTable('cases').addColumn('sla_target_minutes', 'integer', (c) => c.notNull().defaultTo(960)).execute();
  await db.schema.alterTable('cases').addColumn('sla_clock', 'text', (c) => c.notNull().defaultTo('business')).execute();
  // Clock time spent paused so far, in milliseconds of the clock's own kind (business or wall).
  await db.schema.alterTable('cases').addColumn('sla_paused_ms', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('cases').addColumn('sla_paused_since', t.instant).execute();
  await db.schema.alterTable('cases').addColumn('sla_pause_reason', 'text').execute();
  await db.schema.alterTable('cases').addColumn('sla_met_at', t.instant).execute();
  // Denormalised for the queue's filters and sort; null while paused.
  await db.schema.alterTable('cases').addColumn('sla_due_at', t.instant).execute();
  // The due time a warning or breach alert was last sent for, so each is sent once per due time.
  await db.schema.alterTable('cases').addColumn('sla_warned_for', 'text').execute();
  await db.schema.alterTable('cases').addColumn('sla_breach_alerted_for', 'text').execute();
  await db.schema.createIndex('cases_sla_due').on('cases').columns(['sla_due_at']).execute();
  // Cases opened before this migration take the standard targets of their priority.
  await sql`update cases set sla_target_minutes = case priority when 'critical' then 120 when 'serious' then 240 when 'moderate' then 480 else 960 end`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_sla_due').execute();
  for (const column of ['sla_breach_alerted_for', 'sla_warned_for', 'sla_due_at', 'sla_met_at', 'sla_pause_reason', 'sla_paused_since', 'sla_paused_ms', 'sla_clock', 'sla_target_minutes']) {
    await db.schema.alterTable('cases').dropColumn(column).execute();
  }
  await db.schema.dropTable('sla_targets').execute();
  await db.schema.dropTable('region_closures').execute();
}
