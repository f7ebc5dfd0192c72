import type SQLite from 'better-sqlite3';
import {
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

/**
 * A Kysely dialect for SQLite reads outside transactions: they run at once on a second, read-only
 * connection (WAL lets it read the last committed state while the writer works), so a read never
 * queues behind a batch of writes (group-commit.ts) and never sees uncommitted rows. Any statement
 * that would write is handed to `write`, which runs it on the writer connection in a batch and
 * answers once it is committed; code that writes through `store.read` outside a transaction
 * behaves as before, only durably batched.
 */
export class SqliteReadsDialect implements Dialect {
  constructor(
    private readonly reader: SQLite.Database,
    private readonly write: (query: CompiledQuery) => Promise<QueryResult<unknown>>,
  ) {}

  createAdapter() {
    return new SqliteAdapter();
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db);
  }
  createDriver(): Driver {
    const connection = new ReadConnection(this.reader, this.write);
    return {
      init: async () => {},
      acquireConnection: async () => connection,
      releaseConnection: async () => {},
      beginTransaction: notHere,
      commitTransaction: notHere,
      rollbackTransaction: notHere,
      destroy: async () => {
        this.reader.close();
      },
    };
  }
}

async function notHere(): Promise<never> {
  throw new Error('transactions go through Store.transaction (the writer connection), not the read connection');
}

class ReadConnection implements DatabaseConnection {
  constructor(
    private readonly reader: SQLite.Database,
    private readonly write: (query: CompiledQuery) => Promise<QueryResult<unknown>>,
  ) {}

  private readStatement(query: CompiledQuery): SQLite.Statement | null {
    let statement: SQLite.Statement;
    try {
      statement = this.reader.prepare(query.sql);
    } catch {
      return null; // the writer will report the error, or run the statement
    }
    return statement.readonly ? statement : null;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.readStatement(query);
    if (!statement) return (await this.write(query)) as QueryResult<R>;
    if (statement.reader) return { rows: statement.all(query.parameters) as R[] };
    statement.run(query.parameters);
    return { rows: [] };
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const statement = this.readStatement(query);
    if (!statement?.reader) throw new Error('only reads can be streamed outside a transaction');
    for (const row of statement.iterate(query.parameters)) yield { rows: [row as R] };
  }
}
