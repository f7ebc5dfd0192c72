import { sql, type Kysely } from 'kysely';
import { isPostgres } from './helpers.ts';

/**
 * The case an audit entry is about, kept in its own indexed column so that the audit log filters by
 * case: the case itself, or the case of a bundle, a page or a call (`caseId` in what it records).
 * Existing entries are filled in from their target and their recorded `caseId`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('case_id', 'text').execute();
  await sql`update audit_log set case_id = target_id where target_type = 'case'`.execute(db);
  if (isPostgres(db)) {
    await sql`update audit_log set case_id = ("after"::json ->> 'caseId') where case_id is null and "after" is not null and "after" like '%"caseId"%'`.execute(db);
  } else {
    await sql`update audit_log set case_id = json_extract("after", '$.caseId') where case_id is null and "after" is not null and "after" like '%"caseId"%'`.execute(db);
  }
  await db.schema.createIndex('audit_log_case_at').on('audit_log').columns(['case_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_log_case_at').execute();
  await db.schema.alterTable('audit_log').dropColumn('case_id').execute();
}
