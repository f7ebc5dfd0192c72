import path from 'node:path';
import { buildApp } from './app.ts';
import { LocalBlobStorage } from './adapters/blob-storage.ts';
import { startSmtpListener } from './modules/email/smtp-listener.ts';
import { systemClock } from './adapters/clock.ts';
import { createMailer } from './adapters/mailer.ts';
import { bootstrap } from './bootstrap.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { migrateToLatest, openDatabase } from './db/database.ts';
import { Store } from './db/store.ts';
import { createMetrics } from './http/metrics.ts';
import { buildRegistry } from './jobs/index.ts';
import { Worker } from './jobs/worker.ts';
import { createLogger, type Logger } from './logger.ts';

/**
 * Composition root. `serve` (default): migrations, bootstrap, HTTP and in-process workers.
 * `worker`: workers alone. `migrate`: apply migrations and exit.
 */
async function main(command: string) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  const database = openDatabase(config.database, (err) => log.warn({ err }, 'an idle database connection failed; the pool replaces it'));
  const applied = await migrateToLatest(database.db);
  if (applied.length) log.info({ applied }, 'migrations applied');
  if (command === 'migrate') {
    await database.close();
    return;
  }

  const store = new Store(database.db, database.dialect);
  const clock = systemClock;
  const metrics = createMetrics();
  const mailer = createMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, outboxDir: path.join(config.dataDir, 'outbox') });
  const worker = new Worker({
    store,
    registry: buildRegistry({ config, mailer }),
    clock,
    log: log.child({ module: 'worker' }),
    metrics,
    concurrency: config.workers.concurrency,
    pollMs: config.workers.pollMs,
  });

  if (command === 'worker') {
    worker.start();
    log.info({ workerId: worker.id }, 'worker started');
    onShutdown(log, config.shutdownTimeoutMs, async () => {
      await worker.stop();
      mailer.close();
      await database.close();
    });
    return;
  }

  const boot = await bootstrap(store, clock, config.bootstrapAdmin);
  if (boot.createdAdmin?.generatedPassword) {
    // Printed once, to the terminal only: never through the logger, whose lines may be shipped elsewhere.
    process.stdout.write(
      `\nCasebook created the first administrator.\n  email:    ${boot.createdAdmin.email}\n  password: ${boot.createdAdmin.generatedPassword}\nIt is shown only this once. Sign in and change it, or set CASEBOOK_ADMIN_EMAIL and CASEBOOK_ADMIN_PASSWORD before the first start.\n\n`,
    );
  } else if (boot.createdAdmin) {
    log.info({ email: boot.createdAdmin.email }, 'first administrator created from CASEBOOK_ADMIN_EMAIL');
  }

  const blobs = new LocalBlobStorage(config.attachments.dir);
  const app = await buildApp({ config, store, clock, log, metrics, blobs, onJobsQueued: () => worker.nudge() });
  let smtp: { close(): Promise<void> } | null = null;
  // Installed before listening, so a signal that arrives during start-up still shuts down cleanly.
  onShutdown(log, config.shutdownTimeoutMs, async () => {
    // close() stops accepting connections, answers the requests in flight, then resolves.
    await smtp?.close();
    await app.close();
    await worker.stop();
    mailer.close();
    await database.close();
  });
  await app.listen({ port: config.port, host: config.host });
  if (config.smtp.enabled) {
    smtp = await startSmtpListener({
      store,
      blobs,
      clock,
      log: log.child({ module: 'smtp' }),
      port: config.smtp.port,
      host: config.host,
      maxBytes: config.smtp.maxBytes,
      supportAddress: config.support.email,
      tls: config.smtp.tls,
      onQueued: () => worker.nudge(),
    });
  }
  if (config.workers.enabled) worker.start();
  log.info({ database: database.dialect, workers: config.workers.enabled }, 'Casebook is ready');
}

function onShutdown(log: Logger, timeoutMs: number, close: () => Promise<void>) {
  let closing = false;
  const handler = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down: draining requests and jobs');
    const timer = setTimeout(() => {
      log.error({ timeoutMs }, 'shutdown timed out; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    close().then(
      () => {
        log.info('shutdown complete');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => handler('SIGTERM'));
  process.on('SIGINT', () => handler('SIGINT'));
}

main(process.argv[2] ?? 'serve').catch((err: unknown) => {
  process.stderr.write(`Casebook failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
