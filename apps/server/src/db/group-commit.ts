import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

interface Unit {
  work: (conn: Kysely<DB>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for SQLite, whose one writer makes every transaction wait for the previous one's
 * fsync. Units of work that arrive while a batch is running join it: each runs inside its own
 * SAVEPOINT within one `BEGIN IMMEDIATE … COMMIT`, one after another on the single connection, and
 * all of them are answered only once that COMMIT has returned (synchronous=FULL: on disk). A unit
 * that throws is rolled back to its savepoint and rejected at once; the others still commit. If the
 * COMMIT itself fails, every unit of the batch is rejected: none of them was acknowledged, and
 * none of their writes remains. Durability and isolation are those of one transaction per unit run
 * serially; what changes is that N units share one fsync.
 */
export class GroupCommit {
  private readonly queue: Unit[] = [];
  private draining = false;

  /** `maxUnits` bounds a batch, so a steady stream of work still commits (and answers) regularly. */
  constructor(
    private readonly db: Kysely<DB>,
    private readonly maxUnits = 64,
  ) {}

  run<T>(work: (conn: Kysely<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length) {
        // Holding the connection for the batch keeps reads outside it from seeing uncommitted rows.
        await this.db.connection().execute((conn) => this.batch(conn));
      }
    } finally {
      this.draining = false;
    }
  }

  private async batch(conn: Kysely<DB>): Promise<void> {
    try {
      await sql`begin immediate`.execute(conn);
    } catch (err) {
      for (const unit of this.queue.splice(0)) unit.reject(err);
      return;
    }
    // Units that committed in the batch wait here for its COMMIT. Units that arrive while the batch
    // runs join it, up to maxUnits: when the queue is empty the batch yields to the event loop once
    // (setImmediate, after pending I/O), so requests already received can reach their transaction
    // and share this fsync, and commits only when that brings no one.
    const committed: { unit: Unit; value: unknown }[] = [];
    let current: Unit | undefined;
    try {
      let yielded = false;
      for (let n = 0; n < this.maxUnits; ) {
        current = this.queue.shift();
        if (!current) {
          if (yielded) break;
          await new Promise((resolve) => setImmediate(resolve));
          yielded = true;
          continue;
        }
        yielded = false;
        n++;
        await sql`savepoint unit`.execute(conn);
        try {
          committed.push({ unit: current, value: await current.work(conn) });
        } catch (err) {
          await sql`rollback to unit`.execute(conn);
          const failed = current;
          current = undefined;
          failed.reject(err);
        }
        await sql`release unit`.execute(conn);
        current = undefined;
      }
      await sql`commit`.execute(conn);
    } catch (err) {
      // A savepoint statement or the COMMIT failed (disk full, I/O error): nothing of the batch stays.
      await sql`rollback`.execute(conn).catch(() => {});
      current?.reject(err);
      for (const { unit } of committed) unit.reject(err);
      return;
    }
    for (const { unit, value } of committed) unit.resolve(value);
  }
}
