import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Dialect } from './database.ts';

/**
 * `column` contains `text`, ignoring case. PostgreSQL needs ILIKE; SQLite's LIKE already ignores
 * ASCII case. The user's text is escaped so % and _ match themselves.
 */
export function containsText(dialect: Dialect, column: string, text: string): Expression<SqlBool> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const op = dialect === 'postgres' ? sql`ilike` : sql`like`;
  return sql<SqlBool>`${sql.ref(column)} ${op} ${pattern} escape '\\'`;
}

/**
 * Locks the selected rows for the rest of the transaction on PostgreSQL (`FOR UPDATE`); on SQLite
 * the transaction already holds the only write lock, and the clause does not exist.
 */
export function lockForUpdate<DB, TB extends keyof DB, O>(dialect: Dialect) {
  return (q: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O> => (dialect === 'postgres' ? q.forUpdate() : q);
}
