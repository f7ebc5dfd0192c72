import { sql, type Expression, type SqlBool } from 'kysely';
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
