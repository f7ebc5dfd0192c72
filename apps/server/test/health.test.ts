import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { systemClock } from '../src/adapters/clock.ts';
import { newId } from '../src/adapters/ids.ts';
import { loadConfig } from '../src/config.ts';
import { Store } from '../src/db/store.ts';
import { createMetrics } from '../src/adapters/metrics.ts';
import type { ComponentState } from '../src/http/system.routes.ts';
import { createLogger } from '../src/logger.ts';
import { createTestDatabase, dialects, type TestDatabase } from './support/database.ts';
import { unhandledJob } from './support/test-jobs.ts';
import { buildServices } from '../src/services.ts';
import { createMailer } from '../src/adapters/mailer.ts';

describe.each(dialects)('/healthz on %s', (dialect) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const parts: { smtp: ComponentState; workers: ComponentState } = { smtp: 'ok', workers: 'ok' };

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    const config = loadConfig({ CASEBOOK_DATA_DIR: path.join(os.tmpdir(), `casebook-test-data-${newId()}`), LOG_LEVEL: 'silent' });
    const store = new Store(database);
    const mailer = createMailer({ smtpUrl: null, from: config.mail.from, outboxDir: path.join(config.dataDir, 'outbox') });
    app = await buildApp({ config, log: createLogger('silent'), metrics: createMetrics(), services: buildServices({ store, clock: systemClock, config, mailer }), health: { http: () => 'ok', smtp: () => parts.smtp, workers: () => parts.workers } });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  it('answers 503 naming the expected part that is down or still starting', async () => {
    parts.smtp = 'down';
    let res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'unavailable', database: 'ok', http: 'ok', smtp: 'down', workers: 'ok' });

    parts.smtp = 'ok';
    parts.workers = 'starting';
    res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'unavailable', workers: 'starting' });
  });

  it('answers 200 when every part is ok or turned off by its setting', async () => {
    parts.smtp = 'disabled';
    parts.workers = 'ok';
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', smtp: 'disabled', workers: 'ok' });
  });

  it('shows a backlog: due jobs, overdue leases, dead jobs and the oldest due job’s age', async () => {
    const store = new Store(database);
    const now = new Date();
    await store.read.jobs.enqueue(unhandledJob, {}, new Date(now.getTime() - 120_000));
    const stuck = (await store.read.jobs.enqueue(unhandledJob, {}, now))!;
    await store.db.updateTable('jobs').set({ status: 'running', locked_by: 'gone', locked_until: new Date(now.getTime() - 5_000).toISOString() }).where('id', '=', stuck).execute();
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    const jobs = res.json().jobs as Record<string, number>;
    expect(jobs).toMatchObject({ queued: 1, due: 1, running: 0, overdue: 1, dead: 0 });
    expect(jobs.oldestDueSeconds).toBeGreaterThanOrEqual(120);
  });
});
