import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../src/db/store.ts';
import { createTestDatabase, dialects, type TestDatabase } from './support/database.ts';
import { recordRunJob } from './support/test-jobs.ts';

const JOBS = 1000;
const script = fileURLToPath(new URL('./fixtures/worker-process.ts', import.meta.url));

function startWorker(database: TestDatabase, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, TEST_DB_LOCATION: JSON.stringify(database.location), TEST_JOB_COUNT: String(JOBS), ...env },
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

/** Resolves to the exit code, or to 'still running' if the process has not exited within `ms`. */
function exitWithin(worker: ReturnType<typeof startWorker>, ms: number): Promise<number | 'still running'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), ms)));
  return Promise.race([worker.exited, late]).finally(() => clearTimeout(timer));
}

async function until(check: () => Promise<boolean>, what: string, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.each(dialects)('a worker process killed mid-job on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-worker-'));
    dirs.push(dir);
    return dir;
  };
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = new Store(database);
    await sql`create table test_job_runs (job_id text not null, worker_id text not null)`.execute(database.db);
  });
  afterAll(async () => {
    await database.destroy();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  const runsOf = async (jobId: string) => (await sql<{ worker_id: string }>`select worker_id from test_job_runs where job_id = ${jobId}`.execute(database.db)).rows;

  /** Starts a worker whose handler blocks, gives it one job, and kills it with SIGKILL once the handler runs. */
  async function killMidJob(env: Record<string, string>) {
    const id = (await store.read.jobs.enqueue(recordRunJob, { n: 1 }, new Date()))!;
    const doomed = startWorker(database, { ...env, TEST_BLOCK: 'yes', TEST_JOB_COUNT: '1' });
    try {
      await doomed.ready;
      await until(async () => (await runsOf(id)).length === 1, 'the blocking handler to start');
      const held = await store.read.jobs.find(id);
      expect(held).toMatchObject({ status: 'running', attempts: 1 });
    } finally {
      doomed.kill();
    }
    await doomed.exited;
    return id;
  }

  it('leaves its job to another worker, which completes it once the short lease has run out', async () => {
    await store.db.deleteFrom('jobs').execute();
    // A 2 s lease: the job must complete well before the old 5-minute lease would have ended.
    const id = await killMidJob({ TEST_DATA_DIR: dataDir(), TEST_LEASE_MS: '2000' });
    const other = startWorker(database, { TEST_DATA_DIR: dataDir(), TEST_LEASE_MS: '2000', TEST_JOB_COUNT: '1' });
    try {
      expect(await exitWithin(other, 20_000), other.output()).toBe(0);
    } finally {
      other.kill();
    }
    expect(await store.read.jobs.find(id)).toMatchObject({ status: 'succeeded', attempts: 2 });
    const runs = await runsOf(id);
    expect(runs).toHaveLength(2);
    expect(runs[0]!.worker_id).not.toBe(runs[1]!.worker_id);
  }, 60_000);

  it('gets its jobs back at once when it restarts on the same host and data directory', async () => {
    await store.db.deleteFrom('jobs').execute();
    const dir = dataDir();
    // A 10-minute lease: only releasing it at start lets the restarted worker take the job now.
    const id = await killMidJob({ TEST_DATA_DIR: dir, TEST_LEASE_MS: '600000' });
    const restarted = startWorker(database, { TEST_DATA_DIR: dir, TEST_LEASE_MS: '600000', TEST_JOB_COUNT: '1' });
    try {
      expect(await exitWithin(restarted, 20_000), restarted.output()).toBe(0);
    } finally {
      restarted.kill();
    }
    expect(await store.read.jobs.find(id)).toMatchObject({ status: 'succeeded', attempts: 2 });
    const runs = await runsOf(id);
    expect(runs).toHaveLength(2);
    // The same identity came back: that is what made its old lease its own to release.
    expect(runs[1]!.worker_id).toBe(runs[0]!.worker_id);
  }, 60_000);

  it('does not take the jobs of a live worker on the same host and data directory', async () => {
    await store.db.deleteFrom('jobs').execute();
    const dir = dataDir();
    const id = (await store.read.jobs.enqueue(recordRunJob, { n: 1 }, new Date()))!;
    const busy = startWorker(database, { TEST_DATA_DIR: dir, TEST_LEASE_MS: '600000', TEST_BLOCK: 'yes', TEST_JOB_COUNT: '1' });
    try {
      await busy.ready;
      await until(async () => (await runsOf(id)).length === 1, 'the blocking handler to start');
      // A sibling with nothing to wait for: it starts (releasing its own identity's leases), then stops.
      const sibling = startWorker(database, { TEST_DATA_DIR: dir, TEST_LEASE_MS: '600000', TEST_JOB_COUNT: '0' });
      try {
        expect(await exitWithin(sibling, 20_000), sibling.output()).toBe(0);
      } finally {
        sibling.kill();
      }
      const idOf = (output: string) => /ready (\S+)/.exec(output)?.[1];
      // Another slot, so another identity: the live worker's job stayed its own.
      expect(idOf(sibling.output())).toBeDefined();
      expect(idOf(sibling.output())).not.toBe(idOf(busy.output()));
      expect(await store.read.jobs.find(id)).toMatchObject({ status: 'running', attempts: 1 });
      expect(await runsOf(id)).toHaveLength(1);
    } finally {
      busy.kill();
    }
  }, 60_000);
});

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
      const store = new Store(database);
      const now = new Date();
      await store.transaction(async (tx) => {
        for (let n = 0; n < JOBS; n++) await tx.jobs.enqueue(recordRunJob, { n }, now);
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
