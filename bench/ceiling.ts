// The raw durable commit rate of each database on this machine, measured in the same run as the
// server's figures so they can be judged as a share of it (the machine's speed drifts from day to
// day): a tight loop of one-row transactions, SQLite in WAL mode with synchronous=FULL (as Casebook
// opens it), PostgreSQL from 16 clients at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';

/** Commits per second of single-row INSERT transactions on a fresh SQLite file, for `seconds`. */
export function sqliteCommitCeiling(seconds = 3): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-ceiling-'));
  const db = new SQLite(path.join(dir, 'ceiling.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('create table t (id integer primary key, v text not null)');
    const insert = db.prepare('insert into t (v) values (?)');
    const one = db.transaction(() => insert.run('a row of about the size of a case event'));
    const end = performance.now() + seconds * 1000;
    let n = 0;
    while (performance.now() < end) {
      one();
      n++;
    }
    return n / seconds;
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Commits per second of single-row INSERT transactions from `clients` connections to `url`. */
export async function postgresCommitCeiling(url: string, seconds = 3, clients = 16): Promise<number> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query('create table if not exists bench_ceiling (id bigserial primary key, v text not null)');
  await setup.end();
  const end = performance.now() + seconds * 1000;
  const counts = await Promise.all(
    Array.from({ length: clients }, async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      let n = 0;
      try {
        while (performance.now() < end) {
          await c.query('begin');
          await c.query('insert into bench_ceiling (v) values ($1)', ['a row of about the size of a case event']);
          await c.query('commit');
          n++;
        }
      } finally {
        await c.end();
      }
      return n;
    }),
  );
  const drop = new pg.Client({ connectionString: url });
  await drop.connect();
  await drop.query('drop table bench_ceiling');
  await drop.end();
  return counts.reduce((a, b) => a + b, 0) / seconds;
}

// Run alone: npx tsx bench/ceiling.ts [postgres-url]
if (process.argv[1]?.endsWith('ceiling.ts')) {
  process.stdout.write(`sqlite: ${Math.round(sqliteCommitCeiling())} commits/s\n`);
  const url = process.argv[2];
  if (url) process.stdout.write(`postgres (16 clients): ${Math.round(await postgresCommitCeiling(url))} commits/s\n`);
}
