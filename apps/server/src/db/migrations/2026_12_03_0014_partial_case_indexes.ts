import { sql, type Kysely } from 'kysely';

/**
 * Four indexes on `cases` keep only the rows their queries can match. Every case written or
 * updated pays for each index it is in: a new portal case has no triage, no first response and
 * no hold, and a case held by a lapse has no due time, so none of them has anything to find there.
 * On PostgreSQL an UPDATE that changes an indexed column (status, updated_at) inserts the row
 * again into every index it belongs to; a lapse holding ten thousand cases paid that seventeen
 * times per case.
 *
 * Each query on these columns asks for a value the predicate implies (`triage = ?`,
 * `sla_met_at >= ?`, `hold_reason = ?`, `sla_met_at is null and sla_due_at is not null` or
 * `sla_due_at < ?`), which both planners take as licence to use the partial index.
 */
const INDEXES = [
  { name: 'cases_triage', columns: ['triage'], where: sql<boolean>`triage is not null` },
  { name: 'cases_sla_met_at', columns: ['sla_met_at'], where: sql<boolean>`sla_met_at is not null` },
  { name: 'cases_org_hold', columns: ['organization_id', 'hold_reason'], where: sql<boolean>`hold_reason is not null` },
  { name: 'cases_first_response_due', columns: ['sla_due_at', 'id'], where: sql<boolean>`sla_met_at is null and sla_due_at is not null`, before: sql<boolean>`sla_met_at is null` },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const i of INDEXES) {
    await db.schema.dropIndex(i.name).execute();
    await db.schema.createIndex(i.name).on('cases').columns(i.columns).where(i.where).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const i of INDEXES) {
    await db.schema.dropIndex(i.name).execute();
    const index = db.schema.createIndex(i.name).on('cases').columns(i.columns);
    await (i.before ? index.where(i.before) : index).execute();
  }
}
