import type { Kysely } from 'kysely';

/**
 * `cases_sla_due` (every case's `sla_due_at`) has served no query since the partial
 * `cases_first_response_due` (`sla_due_at, id` where `sla_met_at is null`, migration 0004 of
 * 2026-12-02) arrived: every query on the due time asks for a running clock, which the partial
 * index holds. Each case written paid for keeping both.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_sla_due').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('cases_sla_due').on('cases').columns(['sla_due_at']).execute();
}
