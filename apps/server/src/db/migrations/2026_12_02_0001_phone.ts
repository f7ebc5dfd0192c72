import type { Kysely } from 'kysely';
import { columnTypes, sqlIn } from './helpers.ts';

/**
 * The phone line: calls recorded by the answering service (a case links to the call it came
 * from, and phone and email cases wait for triage), the voice webhook's call log, each region's
 * phone settings (team number, answering service, overflow), and a contract number a caller can
 * type on the keypad.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('contracts').addColumn('number', 'text').execute();
  await db.schema.createIndex('contracts_number').unique().on('contracts').column('number').execute();

  await db.schema
    .createTable('calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('advisor_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('caller_name', 'text', (c) => c.notNull())
    .addColumn('caller_phone', 'text', (c) => c.notNull())
    .addColumn('caller_email', 'text')
    .addColumn('contact_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('product', 'text')
    .addColumn('problem', 'text', (c) => c.notNull())
    .addColumn('impact', 'text', (c) => c.notNull())
    .addColumn('production_down', 'integer', (c) => c.notNull())
    .addColumn('proposed_priority', 'text', (c) => c.notNull().check(sqlIn('proposed_priority', ['critical', 'serious', 'moderate', 'minor'])))
    .addColumn('received_at', t.instant, (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sqlIn('outcome', ['case_opened', 'refused_lapsed', 'refused_not_entitled', 'no_organization'])))
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('paged', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('calls_advisor').on('calls').columns(['advisor_id', 'created_at']).execute();

  await db.schema.alterTable('cases').addColumn('triage', 'text', (c) => c.check(sqlIn('triage', ['pending', 'confirmed', 'changed']))).execute();
  await db.schema.alterTable('cases').addColumn('call_id', 'text', (c) => c.references('calls.id')).execute();
  await db.schema.createIndex('cases_triage').on('cases').column('triage').execute();

  await db.schema
    .createTable('voice_calls')
    .addColumn('call_sid', 'text', (c) => c.primaryKey())
    .addColumn('from_number', 'text', (c) => c.notNull())
    .addColumn('to_number', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('contract_number', 'text')
    .addColumn('priority', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['in_progress', 'completed'])))
    .addColumn('destination', 'text', (c) => c.check(sqlIn('destination', ['region_team', 'on_duty_engineer', 'answering_service'])))
    .addColumn('reason', 'text')
    .addColumn('dial', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addColumn('completed_at', t.instant)
    .execute();
  await db.schema.createIndex('voice_calls_in_progress').on('voice_calls').columns(['region', 'status', 'destination']).execute();
  await db.schema.createIndex('voice_calls_created').on('voice_calls').columns(['created_at', 'call_sid']).execute();

  await db.schema
    .createTable('region_phone')
    .addColumn('region', 'text', (c) => c.primaryKey())
    .addColumn('team_phone', 'text')
    .addColumn('answering_service_phone', 'text')
    .addColumn('overflow_at', 'integer')
    .addColumn('force_answering_service', 'integer', (c) => c.notNull())
    .addColumn('voice_locale', 'text', (c) => c.check(sqlIn('voice_locale', ['en', 'fr'])))
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('region_phone').execute();
  await db.schema.dropTable('voice_calls').execute();
  await db.schema.dropIndex('cases_triage').execute();
  await db.schema.alterTable('cases').dropColumn('call_id').execute();
  await db.schema.alterTable('cases').dropColumn('triage').execute();
  await db.schema.dropTable('calls').execute();
  await db.schema.dropIndex('contracts_number').execute();
  await db.schema.alterTable('contracts').dropColumn('number').execute();
}
