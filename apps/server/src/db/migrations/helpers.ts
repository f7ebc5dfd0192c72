import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** Column types that differ between the two dialects; migrations take them from here. */
export function columnTypes(db: Kysely<unknown>) {
  const pg = isPostgres(db);
  return {
    /** An instant: timestamptz on PostgreSQL, ISO text on SQLite. */
    instant: pg ? ('timestamptz' as const) : ('text' as const),
    /** JSON document kept as text on both, parsed by its repository. */
    json: 'text' as const,
  };
}

/** A CHECK constraint restricting a column to a fixed set of values. */
export function sqlIn(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

/** Whether a migration runs on PostgreSQL (for what only one dialect has, such as sequences). */
export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
