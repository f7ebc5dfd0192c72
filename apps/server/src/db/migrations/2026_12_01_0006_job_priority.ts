import type { Kysely } from 'kysely';

/**
 * Job priority: a page to the engineer on duty must not wait behind a backlog of notification
 * mail (or, later, a newsletter). Workers claim due jobs by priority, then by due time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('priority', 'integer', (c) => c.notNull().defaultTo(100)).execute();
  await db.schema.createIndex('jobs_claim_priority').on('jobs').columns(['status', 'priority', 'run_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_claim_priority').execute();
  await db.schema.alterTable('jobs').dropColumn('priority').execute();
}
