import { sql, type Expression, type SqlBool } from 'kysely';
import { AppError } from '../http/errors.ts';

/** Keyset position in a list ordered by (instant, id), newest first. */
export interface Position {
  at: string;
  id: string;
}

export function encodeCursor(p: Position): string {
  return Buffer.from(JSON.stringify([p.at, p.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Position | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', {}, { errors: [{ path: 'cursor', message: 'not a cursor returned by this list' }] });
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

/** A cursor over any tuple of sort keys, for lists with more than one ordering. */
export function encodeKeys(keys: (string | number)[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

export function decodeKeys(cursor: string | undefined, shape: ('string' | 'number')[]): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === shape.length && value.every((v, i) => typeof v === shape[i])) return value as (string | number)[];
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', {}, { errors: [{ path: 'cursor', message: 'not a cursor returned by this list' }] });
}
