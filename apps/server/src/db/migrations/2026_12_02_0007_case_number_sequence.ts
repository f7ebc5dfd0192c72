import { sql, type Kysely } from 'kysely';
import { isPostgres } from './helpers.ts';

/**
 * Case numbers on PostgreSQL come from a sequence: the counter row every case opening updated was
 * locked from that UPDATE to the COMMIT, so openings waited on one another. A sequence hands out
 * numbers without a lock; a rolled-back opening leaves a gap, which nobody relies on. SQLite keeps
 * the counter row (its one writer serialises openings anyway). The sequence starts where the counter is.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(isPostgres(db))) return;
  await sql`create sequence case_number_seq`.execute(db);
  await sql`select setval('case_number_seq', greatest(value, 1), value > 0) from counters where name = 'case_number'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(isPostgres(db))) return;
  await sql`update counters set value = (select case when is_called then last_value else last_value - 1 end from case_number_seq) where name = 'case_number'`.execute(db);
  await sql`drop sequence case_number_seq`.execute(db);
}
