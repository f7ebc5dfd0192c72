import { sql, type Kysely } from 'kysely';
import { columnTypes } from './helpers.ts';

/**
 * SLA warnings and breaches are found by a sweep over `cases.sla_alert_at` (the time each running
 * clock next needs looking at) instead of two queued jobs per case and per move of its clock. The
 * partial index holds only the cases with an alert still to send, so the sweep reads what has
 * come and nothing else, however many cases are stored.
 *
 * Running clocks are given their `received_at` as the alert time: at or before the real one, so the
 * first sweep works out each one's true time from its calendar (which SQL cannot) and sends what is
 * due, once (the marks `sla_warned_for` and `sla_breach_alerted_for` are kept). Their queued timers
 * are removed: no handler reads them any more.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('cases').addColumn('sla_alert_at', t.instant).execute();
  await sql`
    update cases set sla_alert_at = received_at
    where sla_due_at is not null and sla_met_at is null and sla_paused_since is null and status not in ('resolved', 'closed')`.execute(db);
  await db.schema.createIndex('cases_sla_alert').on('cases').columns(['sla_alert_at', 'id']).where(sql.ref('sla_alert_at'), 'is not', null).execute();
  await sql`delete from jobs where type in ('sla.warning', 'sla.breach') and status in ('queued', 'running')`.execute(db);
}

/**
 * The earlier release queued a warning and a breach job whenever a clock moved. Its timers are not
 * made again here (their times come from the calendars): alerts for clocks that were running when
 * this is undone go out only when the clock next moves (a pause, a reply, a priority change).
 */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_sla_alert').execute();
  await db.schema.alterTable('cases').dropColumn('sla_alert_at').execute();
}
