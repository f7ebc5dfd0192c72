import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { migrations } from './migration-list.ts';
import type { DB } from './schema.ts';
import { GroupCommit } from './group-commit.ts';
import { SqliteReadsDialect } from './sqlite-reads.ts';

export type Dialect = 'sqlite' | 'postgres';
/** Either the database or an open transaction: repositories accept both. */
export type Executor = Kysely<DB> | Transaction<DB>;

export interface Database {
  /** The writer: transactions, migrations, and anything that must see its own uncommitted work. */
  db: Kysely<DB>;
  dialect: Dialect;
  /**
   * SQLite only: reads outside transactions, on a read-only connection of their own, with writes
   * handed to `groupCommit` (sqlite-reads.ts); and the batches that share one fsync (group-commit.ts).
   */
  sqlite?: { reads: Kysely<DB>; groupCommit: GroupCommit };
  close(): Promise<void>;
}

// PostgreSQL hands back timestamptz as Date and int8 as string; Casebook works in ISO strings
// and numbers on both dialects, so convert at the driver.
const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMPTZ_OID) return (v: string) => new Date(v).toISOString();
    if (oid === INT8_OID) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * Opens the configured database. `onIdleError` hears about pooled PostgreSQL connections that die
 * while idle (a server restart, an administrator ending sessions); without a listener such an error
 * would end the process. The pool replaces the connection by itself.
 */
export function openDatabase(database: Config['database'], onIdleError: (err: Error) => void = () => {}): Database {
  if (database.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: database.url, max: database.poolSize, types: pgTypes });
    pool.on('error', onIdleError);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  fs.mkdirSync(path.dirname(database.file), { recursive: true });
  const sqlite = new SQLite(database.file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit that returned is on disk, even across power loss.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const groupCommit = new GroupCommit(db);
  // Opened after the writer has put the file in WAL mode, which a read-only connection cannot do.
  const reader = new SQLite(database.file, { readonly: true });
  reader.pragma('busy_timeout = 5000');
  const reads = new Kysely<DB>({ dialect: new SqliteReadsDialect(withStatementCache(reader), (query) => groupCommit.run((conn) => conn.executeQuery(query))) });
  return {
    db,
    dialect: 'sqlite',
    sqlite: { reads, groupCommit },
    close: async () => {
      await reads.destroy();
      await db.destroy();
    },
  };
}

/**
 * Kysely prepares every query afresh; preparing is most of the cost of a small SQLite query.
 * Statements are reusable (better-sqlite3 runs them synchronously), so keep the most recent ones.
 */
function withStatementCache(sqlite: SQLite.Database, size = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') {
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      }
      return (source: string) => {
        let statement = cache.get(source);
        if (statement) {
          cache.delete(source); // re-insert: Map order doubles as recency
        } else {
          statement = prepare(source);
          if (cache.size >= size) cache.delete(cache.keys().next().value!);
        }
        cache.set(source, statement);
        return statement;
      };
    },
  });
}

export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
