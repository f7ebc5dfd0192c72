import { sql, type OperationNode } from 'kysely';
import type { Dialect, Executor } from './database.ts';

/** A statement built but not run: an INSERT from a repository's `…Query` method. */
export interface Write {
  execute(): Promise<unknown>;
  toOperationNode(): OperationNode;
}

/**
 * Writes that depend on nothing but what is already written, sent together. On PostgreSQL they
 * go in one statement, each a data-modifying WITH of one `select 1`: a round trip saved per write
 * beyond the first, which on a busy machine costs more than the write (a request's statements were
 * a quarter of the server's CPU in `writev` alone). Their rows do not see each other's, so none may
 * read what another inserts. On SQLite, where a statement costs no round trip, they run one after
 * another. Either way they are part of the caller's transaction: all of them or none.
 */
export class WriteBatch {
  constructor(
    private readonly db: Executor,
    private readonly dialect: Dialect,
  ) {}

  async together(writes: readonly (Write | null)[]): Promise<void> {
    const list = writes.filter((w): w is Write => w != null);
    if (this.dialect !== 'postgres' || list.length < 2) {
      for (const w of list) await w.execute();
      return;
    }
    await sql`with ${sql.join(list.map((w, i) => sql`${sql.id(`write_${i}`)} as (${w})`))} select 1`.execute(this.db);
  }
}
