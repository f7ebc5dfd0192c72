import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../src/db/store.ts';
import { createTestDatabase, dialects, type TestDatabase } from './support/database.ts';

const JOBS = 1000;
const script = fileURLToPath(new URL('./fixtures/worker-process.ts', import.meta.url));

function startWorker(database: TestDatabase) {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, TEST_DB_LOCATION: JSON.stringify(database.location), TEST_JOB_COUNT: String(JOBS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => output.includes('ready') && resolve());
    child.on('exit', () => reject(new Error(`worker exited before it was ready:\n${output}`)));
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return { ready, exited, output: () => output, kill: () => child.kill('SIGKILL') };
}

describe.each(dialects)('two worker processes on one %s database', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await sql`create table test_job_runs (job_id text not null, worker_id text not null)`.execute(database.db);
  });
  afterAll(() => database.destroy());

  it(`run each of ${JOBS} jobs exactly once between them`, async () => {
    const workers = [startWorker(database), startWorker(database)];
    try {
      await Promise.all(workers.map((w) => w.ready));
      const store = new Store(database.db, database.dialect);
      const now = new Date();
      await store.transaction(async (tx) => {
        for (let n = 0; n < JOBS; n++) await tx.jobs.enqueue('test.record_run', { n }, now);
      });
      const codes = await Promise.all(workers.map((w) => w.exited));
      expect(codes, workers.map((w) => w.output()).join('\n')).toEqual([0, 0]);

      const runs = await sql<{ job_id: string; worker_id: string }>`select job_id, worker_id from test_job_runs`.execute(database.db);
      expect(runs.rows).toHaveLength(JOBS);
      expect(new Set(runs.rows.map((r) => r.job_id)).size).toBe(JOBS);
      const perWorker = new Map<string, number>();
      for (const r of runs.rows) perWorker.set(r.worker_id, (perWorker.get(r.worker_id) ?? 0) + 1);
      expect(perWorker.size, `jobs per worker: ${JSON.stringify([...perWorker])}`).toBe(2);
      const states = await database.db.selectFrom('jobs').select('status').where('type', '=', 'test.record_run').execute();
      expect(states.every((s) => s.status === 'succeeded')).toBe(true);
    } finally {
      workers.forEach((w) => w.kill());
    }
  }, 120_000);
});
