import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { AppError } from '../errors.ts';

/** Keyset position in a list ordered by (instant, id), newest first. */
export interface Position {
  at: string;
  id: string;
}

export function encodeCursor(p: Position): string {
  return Buffer.from(JSON.stringify([p.at, p.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Position | null {
  const keys = decodeKeys(cursor, ['instant', 'id']);
  return keys ? { at: keys[0] as string, id: keys[1] as string } : null;
}

/** Cuts one extra row off a page fetched with `limit + 1` and builds the next cursor from the last kept row. */
export function toPage<R, T>(rows: R[], limit: number, position: (r: R) => Position, map: (r: R) => T) {
  const hasMore = rows.length > limit;
  const kept = hasMore ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { items: kept.map(map), nextCursor: hasMore && last ? encodeCursor(position(last)) : null };
}

/**
 * The keyset condition "after this position" for a list ordered by (instant, id) descending.
 * Column names are the caller's, never user input.
 */
export function olderThan(position: Position, atColumn: string, idColumn = 'id'): Expression<SqlBool> {
  const at = sql.ref(atColumn);
  const id = sql.ref(idColumn);
  return sql<SqlBool>`(${at} < ${position.at} or (${at} = ${position.at} and ${id} < ${position.id}))`;
}

/**
 * One page of a list ordered newest first by (instant, id): the rows after the cursor, one more
 * than asked to learn whether a next page exists, and that page's cursor from the last row kept.
 * Every list of this shape goes through here; `at` and `id` are the caller's column names.
 */
export async function newestFirst<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  /** The instant column and the id column, as written in the query (`pages.created_at`); the rows carry them by their last part. */
  keys: { at: string; id?: string },
  page: { cursor?: string | undefined; limit: number },
) {
  const id = keys.id ?? 'id';
  const after = decodeCursor(page.cursor);
  const rows = (await (after ? query.where(olderThan(after, keys.at, id)) : query)
    .orderBy(sql`${sql.ref(keys.at)} desc`)
    .orderBy(sql`${sql.ref(id)} desc`)
    .limit(page.limit + 1)
    .execute()) as O[];
  const field = (column: string) => column.slice(column.lastIndexOf('.') + 1);
  const position = (row: O): Position => {
    const r = row as Record<string, unknown>;
    return { at: String(r[field(keys.at)]), id: String(r[field(id)]) };
  };
  return toPage(rows, page.limit, position, (r) => r);
}

/** A cursor over any tuple of sort keys, for lists with more than one ordering. */
export function encodeKeys(keys: (string | number)[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

/**
 * What one key of a cursor may be. Cursors come back from clients, so each key is checked for the
 * shape and range the database accepts: a hand-made cursor is a 400, never a query the database
 * refuses (PostgreSQL answers an out-of-range instant or integer with an error).
 * - `instant`: an ISO 8601 UTC instant as Casebook writes them (`toISOString`), years 0001 to 9999;
 * - `id`: an opaque id, 1 to 64 characters without control characters;
 * - `int`: a whole number within PostgreSQL's `integer`;
 * - `score`: any finite number (a search rank).
 */
export type CursorKey = 'instant' | 'id' | 'int' | 'score';

const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

function isKey(value: unknown, kind: CursorKey): boolean {
  switch (kind) {
    case 'instant': {
      if (typeof value !== 'string') return false;
      const t = Date.parse(value);
      return Number.isFinite(t) && t >= EARLIEST && t <= LATEST && new Date(t).toISOString() === value;
    }
    case 'id':
      return typeof value === 'string' && value.length >= 1 && value.length <= 64 && ![...value].some((c) => c < ' ' || c === '\u007f');
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && value >= -2_147_483_648 && value <= 2_147_483_647;
    case 'score':
      return typeof value === 'number' && Number.isFinite(value);
  }
}

/** The keys of a cursor made by `encodeKeys`, checked against `shape`; null without a cursor; 400 otherwise. */
export function decodeKeys(cursor: string | undefined, shape: CursorKey[]): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === shape.length && value.every((v, i) => isKey(v, shape[i]!))) return value as (string | number)[];
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', {}, { errors: [{ path: 'querystring.cursor', message: 'not a cursor returned by this list' }] });
}
