import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.ts';
import { reindexAllCases, searchName } from '../search.ts';

/**
 * Search finds organisations by their own table, through `search_name` (the name's words folded:
 * lower case, no accents), and case entries no longer hold their organisation's name. A large
 * customer's name had matched every one of its cases (100,000 entries to sort by recency on
 * PostgreSQL for one query), and renaming it rewrote them all.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('organizations').addColumn('search_name', 'text', (c) => c.notNull().defaultTo('')).execute();
  const organizations = await sql<{ id: string; name: string }>`select id, name from organizations`.execute(db);
  for (const o of organizations.rows) await sql`update organizations set search_name = ${searchName(o.name)} where id = ${o.id}`.execute(db);
  await reindexAllCases(db as Kysely<DB>);
}

/**
 * The entries keep their new form: the earlier search then finds an organisation by its exact name
 * only, not by a word of it, until its cases are reindexed.
 */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('organizations').dropColumn('search_name').execute();
}
