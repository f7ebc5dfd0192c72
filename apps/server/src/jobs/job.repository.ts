import { sql, type ExpressionBuilder } from 'kysely';
import type { Dialect, Executor } from '../db/database.ts';
import { newestFirst } from '../db/pagination.ts';
import type { DB, JobRow } from '../db/schema.ts';
import { newId } from '../adapters/ids.ts';
import type { JobPayload, JobType } from './registry.ts';

export interface EnqueueOptions {
  /** When the job may run; now by default. */
  runAt?: Date;
  /** A second enqueue with the same key is ignored, whatever the first one's state. */
  idempotencyKey?: string;
  /** Overrides the job type's own `maxAttempts` (recurring runs use 1). */
  maxAttempts?: number;
}

/** One job for `enqueueMany`, typed by `queued()`. */
export interface QueuedJob {
  job: JobType;
  payload: unknown;
  options: EnqueueOptions;
}

/** A job to enqueue with others: the payload is checked against the job type at compile time. */
export function queued<J extends JobType>(job: J, payload: JobPayload<J>, options: EnqueueOptions = {}): QueuedJob {
  return { job, payload, options };
}

export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_PRIORITY = 100;

export interface JobStats {
  /** Waiting in the queue, due or not. */
  queued: number;
  /** Queued and due now. */
  due: number;
  /** Held by a worker whose lease is current. */
  running: number;
  /** Marked running, but the lease ran out: its worker died or stalled; it is due again. */
  overdue: number;
  dead: number;
  /** How long the oldest job that could run now has been waiting; 0 when none. */
  oldestDueSeconds: number;
}

/** The row of a new job: its type's retry policy and priority, unless the options say otherwise. */
function row(j: QueuedJob, now: Date) {
  const at = now.toISOString();
  return {
    id: newId(),
    type: j.job.type,
    payload: JSON.stringify(j.payload),
    status: 'queued' as const,
    attempts: 0,
    max_attempts: j.options.maxAttempts ?? j.job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    priority: j.job.priority ?? DEFAULT_PRIORITY,
    run_at: (j.options.runAt ?? now).toISOString(),
    idempotency_key: j.options.idempotencyKey ?? null,
    created_at: at,
    updated_at: at,
  };
}

/** The job row as this attempt of this worker holds it: an older attempt, or another claim, matches nothing. */
function heldBy(job: Pick<JobRow, 'id' | 'attempts'>, workerId: string) {
  return (eb: ExpressionBuilder<DB, 'jobs'>) => eb.and([eb('id', '=', job.id), eb('locked_by', '=', workerId), eb('attempts', '=', job.attempts), eb('status', '=', 'running')]);
}

/** Every SQL statement of the durable job queue. */
export class JobRepository {
  constructor(
    private readonly db: Executor,
    private readonly dialect: Dialect,
  ) {}

  /** Adds a job. Call inside the transaction of the change that causes it (the outbox pattern). */
  async enqueue<J extends JobType>(job: J, payload: JobPayload<J>, now: Date, options: EnqueueOptions = {}): Promise<string | null> {
    const id = newId();
    const inserted = await this.db
      .insertInto('jobs')
      .values({ ...row({ job, payload, options }, now), id })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted?.id ?? null;
  }

  /** Adds many jobs in batches; those whose idempotency key exists already are skipped. */
  async enqueueMany(jobs: QueuedJob[], now: Date): Promise<void> {
    for (const insert of this.enqueueQueries(jobs, now)) await insert.execute();
  }

  /** The INSERTs of `enqueueMany` (one per 500 jobs), not yet run: to send with other writes (WriteBatch). */
  enqueueQueries(jobs: QueuedJob[], now: Date) {
    const inserts = [];
    for (let i = 0; i < jobs.length; i += 500) {
      const rows = jobs.slice(i, i + 500).map((j) => row(j, now));
      inserts.push(this.db.insertInto('jobs').values(rows).onConflict((oc) => oc.column('idempotency_key').doNothing()));
    }
    return inserts;
  }

  /**
   * Claims up to `limit` due jobs for one worker, leasing them until `leaseUntil`. A job whose
   * lease ran out (its worker died) is due again. On PostgreSQL, SKIP LOCKED lets any number of
   * workers claim at once without waiting on each other; SQLite has a single writer, so the one
   * UPDATE statement is already atomic.
   */
  async claim(workerId: string, now: Date, leaseUntil: Date, limit: number): Promise<JobRow[]> {
    const at = now.toISOString();
    const due = this.db
      .selectFrom('jobs')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', at)]),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<', at)]),
        ]),
      )
      .orderBy('priority')
      .orderBy('run_at')
      .limit(limit)
      .$if(this.dialect === 'postgres', (q) => q.forUpdate().skipLocked());
    return this.db
      .updateTable('jobs')
      .set({
        status: 'running',
        locked_by: workerId,
        locked_until: leaseUntil.toISOString(),
        attempts: sql<number>`attempts + 1`,
        updated_at: at,
      })
      .where('id', 'in', due)
      .returningAll()
      .execute();
  }

  /**
   * Marks a job done; false when this worker no longer holds its lease. Every write a worker makes
   * about a job it claimed names the attempt too: an attempt whose lease passed to another claim
   * (even by the same worker identity) can no longer touch the row.
   */
  async complete(job: Pick<JobRow, 'id' | 'attempts'>, workerId: string, now: Date): Promise<boolean> {
    const at = now.toISOString();
    const r = await this.db
      .updateTable('jobs')
      .set({ status: 'succeeded', finished_at: at, updated_at: at, locked_by: null, locked_until: null, last_error: null })
      .where(heldBy(job, workerId))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * Extends the lease of a job this worker runs (the heartbeat). False when the lease is no longer
   * this attempt's: it ran out and another worker claimed the job, or the job was released.
   */
  async renewLease(job: Pick<JobRow, 'id' | 'attempts'>, workerId: string, now: Date, leaseUntil: Date): Promise<boolean> {
    const r = await this.db
      .updateTable('jobs')
      .set({ locked_until: leaseUntil.toISOString(), updated_at: now.toISOString() })
      .where(heldBy(job, workerId))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * Puts back in the queue, due now, every job still leased to `workerId`. A worker calls it when
   * it starts under the identity of a previous incarnation that died: those jobs' handlers are not
   * running anywhere, so nobody needs to wait for their leases to run out.
   */
  async releaseLeases(workerId: string, now: Date): Promise<number> {
    const at = now.toISOString();
    const r = await this.db
      .updateTable('jobs')
      .set({ status: 'queued', locked_by: null, locked_until: null, run_at: at, updated_at: at })
      .where('locked_by', '=', workerId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Records a failed attempt: back to the queue at `retryAt`, or dead when attempts are spent. False when the lease was lost. */
  async fail(job: JobRow, workerId: string, now: Date, error: string, retryAt: Date | null): Promise<'retry' | 'dead' | 'lost'> {
    const at = now.toISOString();
    const dead = retryAt == null || job.attempts >= job.max_attempts;
    const r = await this.db
      .updateTable('jobs')
      .set({
        status: dead ? 'dead' : 'queued',
        run_at: dead ? job.run_at : retryAt.toISOString(),
        finished_at: dead ? at : null,
        last_error: error.slice(0, 4000),
        locked_by: null,
        locked_until: null,
        updated_at: at,
      })
      .where(heldBy(job, workerId))
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return 'lost';
    return dead ? 'dead' : 'retry';
  }

  /**
   * The queue at a glance, for /healthz and /metrics: jobs waiting (and how many of them are due),
   * running under a live lease, overdue (running, but the lease ran out: the worker is gone or
   * stuck), dead, and how long the oldest job that could run now has been due.
   */
  async stats(now: Date): Promise<JobStats> {
    const at = now.toISOString();
    const claimable = sql<boolean>`(status = 'queued' and run_at <= ${at}) or (status = 'running' and locked_until < ${at})`;
    const row = await this.db
      .selectFrom('jobs')
      .select([
        sql<number>`coalesce(sum(case when status = 'queued' then 1 else 0 end), 0)`.as('queued'),
        sql<number>`coalesce(sum(case when status = 'queued' and run_at <= ${at} then 1 else 0 end), 0)`.as('due'),
        sql<number>`coalesce(sum(case when status = 'running' and locked_until >= ${at} then 1 else 0 end), 0)`.as('running'),
        sql<number>`coalesce(sum(case when status = 'running' and locked_until < ${at} then 1 else 0 end), 0)`.as('overdue'),
        sql<number>`coalesce(sum(case when status = 'dead' then 1 else 0 end), 0)`.as('dead'),
        sql<string | null>`min(case when ${claimable} then run_at end)`.as('oldest_due'),
      ])
      .where('status', 'in', ['queued', 'running', 'dead'])
      .executeTakeFirstOrThrow();
    const oldest = row.oldest_due == null ? null : new Date(row.oldest_due).getTime();
    return {
      queued: Number(row.queued),
      due: Number(row.due),
      running: Number(row.running),
      overdue: Number(row.overdue),
      dead: Number(row.dead),
      oldestDueSeconds: oldest == null ? 0 : Math.max(0, (now.getTime() - oldest) / 1000),
    };
  }

  /** Gives a dead job a fresh set of attempts. */
  async retryDead(id: string, now: Date): Promise<JobRow | undefined> {
    const at = now.toISOString();
    return this.db
      .updateTable('jobs')
      .set({ status: 'queued', attempts: 0, run_at: at, finished_at: null, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'dead')
      .returningAll()
      .executeTakeFirst();
  }

  find(id: string): Promise<JobRow | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async list(status: JobRow['status'], cursor: string | undefined, limit: number) {
    return newestFirst(
      this.db
        .selectFrom('jobs')
        .selectAll()
        .where('status', '=', status),
      { at: 'updated_at' },
      { cursor, limit },
    );
  }

  /**
   * Marks queued jobs of these types that fell due before `before` as done without running them.
   * For loaded history only (the demo): its emails and alerts belong to the past it describes.
   */
  async settleWithoutRunning(types: string[], before: Date, now: Date): Promise<number> {
    const r = await this.db
      .updateTable('jobs')
      .set({ status: 'succeeded', finished_at: now.toISOString(), updated_at: now.toISOString() })
      .where('status', '=', 'queued')
      .where('type', 'in', types)
      .where('run_at', '<', before.toISOString())
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Deletes finished jobs older than `before`; returns how many. */
  async pruneSucceeded(before: Date): Promise<number> {
    const r = await this.db
      .deleteFrom('jobs')
      .where('status', '=', 'succeeded')
      .where('finished_at', '<', before.toISOString())
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
