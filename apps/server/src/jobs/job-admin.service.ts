import type { Clock } from '../adapters/clock.ts';
import type { JobRow } from '../db/schema.ts';
import type { Store } from '../db/store.ts';
import { AppError } from '../errors.ts';
import type { Ctx, UserActor } from '../modules/identity/actor.ts';
import { jobPolicy } from './job.policy.ts';

function toJob(r: JobRow) {
  return { id: r.id, type: r.type, status: r.status, attempts: r.attempts, maxAttempts: r.max_attempts, runAt: r.run_at, lastError: r.last_error, createdAt: r.created_at, finishedAt: r.finished_at };
}

/** Admins see background jobs by status (dead ones by default) and send a dead one round again. */
export class JobAdminService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async list(actor: UserActor, status: JobRow['status'], cursor: string | undefined, limit: number) {
    if (!jobPolicy.canAdministerJobs(actor)) throw new AppError('forbidden');
    const page = await this.store.read.jobs.list(status, cursor, limit);
    return { items: page.items.map(toJob), nextCursor: page.nextCursor };
  }

  async retry(ctx: Ctx & { actor: UserActor }, id: string) {
    if (!jobPolicy.canAdministerJobs(ctx.actor)) throw new AppError('forbidden');
    const now = this.clock.now();
    const retried = await this.store.transaction(async (tx) => {
      const existing = await tx.jobs.find(id);
      if (!existing) throw new AppError('not_found');
      const row = await tx.jobs.retryDead(existing.id, now);
      if (!row) throw new AppError('job_not_dead');
      await tx.audit.record(ctx, now, { action: 'job.retry', targetType: 'job', targetId: row.id, before: { status: existing.status, lastError: existing.last_error }, after: { status: row.status } });
      return row;
    });
    return toJob(retried);
  }
}
