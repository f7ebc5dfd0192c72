import path from 'node:path';
import { buildApp } from './app.ts';
import { createBlobStorage } from './adapters/blob-storage.ts';
import { SmtpListenError, startSmtpListener } from './modules/email/smtp-listener.ts';
import { systemClock } from './adapters/clock.ts';
import { createMailer } from './adapters/mailer.ts';
import { bootstrap, firstAdminNotice } from './bootstrap.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { migrateToLatest, openDatabase } from './db/database.ts';
import { Store } from './db/store.ts';
import { createMetrics } from './adapters/metrics.ts';
import type { ComponentState, HealthProbes } from './http/system.routes.ts';
import { buildRegistry } from './jobs/index.ts';
import { buildServices } from './services.ts';
import { Worker } from './jobs/worker.ts';
import { acquireWorkerIdentity } from './jobs/worker-identity.ts';
import { createLogger, type Logger } from './logger.ts';
import { systemCtx } from './modules/identity/actor.ts';
import { CollectorBuildError, collectorVersionOf, publishCollector } from './modules/marketplace/collector-release.ts';

/** A part of the server could not start; the message says which and what to change. */
class StartupError extends Error {}

/**
 * Composition root. `serve` (default): migrations, bootstrap, HTTP and in-process workers.
 * `worker`: workers alone. `migrate`: apply migrations and exit. `publish-collector [FILE]`: publish
 * the built diagnostic collector to the marketplace (docs/collector.md) and exit.
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
  const log = createLogger(config.logLevel, { pretty: process.stdout.isTTY === true });
  const database = openDatabase(config.database, (err) => log.warn({ err }, 'an idle database connection failed; the pool replaces it'));
  const applied = await migrateToLatest(database.db);
  if (applied.length) log.info({ applied }, 'migrations applied');
  if (command === 'migrate') {
    await database.close();
    return;
  }

  const store = new Store(database);
  const clock = systemClock;
  const metrics = createMetrics();
  const mailer = createMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, outboxDir: path.join(config.dataDir, 'outbox') });
  // The same identity as this process's previous run on this host and data directory, so the
  // worker releases at start the leases that run still held.
  const identity = acquireWorkerIdentity(config.dataDir);
  const blobs = createBlobStorage(config.storage);
  const services = buildServices({ store, clock, config, mailer, blobs });
  // The vendor's bundle key is created (mode 0600) on first start, not on the first upload.
  const bundleKey = await services.diagnostics.recipient();
  log.info({ fingerprint: bundleKey.fingerprint }, 'bundle recipient ready');
  const worker = new Worker({
    store,
    registry: buildRegistry(services),
    clock,
    log: log.child({ module: 'worker' }),
    metrics,
    concurrency: config.workers.concurrency,
    pollMs: config.workers.pollMs,
    leaseMs: config.workers.leaseMs,
    id: identity.id,
  });

  if (command === 'worker') {
    worker.start();
    log.info({ workerId: worker.id }, 'worker started');
    onShutdown(log, config.shutdownTimeoutMs, async () => {
      await worker.stop();
      identity.release();
      mailer.close();
      await database.close();
    });
    return;
  }

  if (command === 'publish-collector') {
    // npm run publish-collector: the built collector as a new version of its marketplace item.
    const file = process.argv[3] ? path.resolve(process.argv[3]) : config.collectorBuildFile;
    const published = await publishCollector(services.marketplace, systemCtx('publish-collector'), file, { onlyIfEmpty: false });
    process.stdout.write(published ? `published casebook-collect ${published.version} (${published.size} bytes, sha256 ${published.sha256})\n` : `casebook-collect ${await collectorVersionOf(file)} is published already\n`);
    identity.release();
    mailer.close();
    await database.close();
    return;
  }

  const boot = await bootstrap(store, clock, config.bootstrapAdmin);

  const notice = firstAdminNotice(boot.createdAdmin);
  if (notice) {
    process.stdout.write(notice);
  } else if (boot.createdAdmin) {
    log.info({ email: boot.createdAdmin.email }, 'first administrator created from CASEBOOK_ADMIN_EMAIL');
  }

  let smtp: { isListening(): boolean; close(): Promise<void> } | null = null;
  let httpState: ComponentState = 'starting';
  let workersStarted = false;
  // /healthz reports each part this process is expected to run; one expected and not ok is a 503.
  const health: HealthProbes = {
    http: () => httpState,
    smtp: () => (!config.smtp.enabled ? 'disabled' : !smtp ? 'starting' : smtp.isListening() ? 'ok' : 'down'),
    workers: () => (!config.workers.enabled ? 'disabled' : !workersStarted ? 'starting' : worker.health()),
  };
  const app = await buildApp({ config, log, metrics, services, health, onJobsQueued: () => worker.nudge() });
  // Installed before listening, so a signal that arrives during start-up still shuts down cleanly.
  onShutdown(log, config.shutdownTimeoutMs, async () => {
    // close() stops accepting connections, answers the requests in flight, then resolves.
    await smtp?.close();
    await app.close();
    await worker.stop();
    identity.release();
    mailer.close();
    await database.close();
  });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'the port is already in use' : code === 'EACCES' ? 'permission denied' : err instanceof Error ? err.message : String(err);
    throw new StartupError(`the HTTP server cannot listen on ${config.host}:${config.port} (${why}); free the port or set PORT`, { cause: err });
  }
  httpState = 'ok';
  if (config.smtp.enabled) {
    try {
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
    } catch (err) {
      if (err instanceof SmtpListenError) throw new StartupError(err.message, { cause: err });
      throw err;
    }
  }
  if (config.workers.enabled) {
    worker.start();
    workersStarted = true;
  }
  log.info({ database: database.dialect, workers: config.workers.enabled, workerId: worker.id, smtp: config.smtp.enabled }, 'Casebook is ready');
  // First start: the marketplace offers the collector built with this installation when it has none
  // yet. After listening, so that reading the build's version does not delay start-up.
  void publishCollector(services.marketplace, systemCtx('first-start'), config.collectorBuildFile, { onlyIfEmpty: true }).then(
    (published) => published && log.info({ version: published.version, sha256: published.sha256 }, 'diagnostic collector published to the marketplace'),
    (err: unknown) => log.warn({ err: err instanceof CollectorBuildError ? err.message : err }, 'the diagnostic collector was not published to the marketplace'),
  );
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
  // A known start-up failure is told in one line; anything else with its stack, to be reported.
  const detail = err instanceof StartupError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`Casebook failed to start: ${detail}\n`);
  process.exit(1);
});
