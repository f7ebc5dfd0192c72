import type { Clock } from '../../adapters/clock.ts';
import type { Store } from '../../db/store.ts';
import type { JobStats } from '../../jobs/job.repository.ts';

/** What /healthz and /metrics read of the database: whether it answers, and the shared job queue. */
export class HealthService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** The database's state and, when it answers, the queue's figures; never throws. */
  async check(): Promise<{ database: 'ok' | 'unavailable'; jobs?: JobStats; error?: unknown }> {
    try {
      await this.store.ping();
      return { database: 'ok', jobs: await this.store.read.jobs.stats(this.clock.now()) };
    } catch (error) {
      return { database: 'unavailable', error };
    }
  }

  queueStats(): Promise<JobStats> {
    return this.store.read.jobs.stats(this.clock.now());
  }
}
