import { sql, type Kysely } from 'kysely';
import { columnTypes } from './helpers.ts';

/**
 * Every span during which a case's first-response clock stood still, for the case page's timeline.
 * The case row keeps only the current pause and the running total; this keeps the history.
 * Also indexes when cases were first answered, for the dashboard.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('case_clock_pauses')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('started_at', t.instant, (c) => c.notNull())
    .addColumn('ended_at', t.instant)
    .addColumn('reason', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_clock_pauses_pk', ['case_id', 'started_at'])
    .execute();
  // The dashboard's first-response times read the cases answered in the last weeks.
  await db.schema.createIndex('cases_sla_met_at').on('cases').column('sla_met_at').execute();
  // Cases paused when this migration runs keep their current pause.
  await sql`insert into case_clock_pauses (case_id, started_at, reason)
            select id, sla_paused_since, coalesce(sla_pause_reason, 'paused') from cases where sla_paused_since is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_sla_met_at').execute();
  await db.schema.dropTable('case_clock_pauses').execute();
}
