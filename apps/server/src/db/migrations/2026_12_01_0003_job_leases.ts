import type { Kysely } from 'kysely';

/**
 * Short job leases renewed by heartbeat: a starting worker releases the leases its previous
 * incarnation held (by `locked_by`), and the health report counts running jobs whose lease has
 * passed (by `status`, `locked_until`). Both are index look-ups instead of scans of the table,
 * which keeps a week of finished jobs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('jobs_locked_by').on('jobs').column('locked_by').execute();
  await db.schema.createIndex('jobs_lease').on('jobs').columns(['status', 'locked_until']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_lease').execute();
  await db.schema.dropIndex('jobs_locked_by').execute();
}
