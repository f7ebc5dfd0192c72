import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Clock } from './adapters/clock.ts';
import type { Config } from './config.ts';
import type { Store } from './db/store.ts';
import { authPlugin } from './http/auth.plugin.ts';
import { installErrorHandler } from './http/error-handler.ts';
import { refuseNulInput } from './http/text-input.ts';
import type { Metrics } from './http/metrics.ts';
import { systemRoutes, type HealthProbes } from './http/system.routes.ts';
import { jobRoutes } from './jobs/job.routes.ts';
import type { Logger } from './logger.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { pagingRoutes } from './modules/paging/paging.routes.ts';
import { authRoutes } from './modules/identity/auth.routes.ts';
import { AuthService } from './modules/identity/auth.service.ts';
import { organizationRoutes } from './modules/organizations/organization.routes.ts';
import { OrganizationService } from './modules/organizations/organization.service.ts';
import multipart from '@fastify/multipart';
import type { BlobStorage } from './adapters/blob-storage.ts';
import { caseServices } from './services.ts';
import { serveWebApp } from './http/web-app.ts';
import { inboundRoutes, outboundRoutes } from './modules/email/inbound.routes.ts';
import { SuspendedMailService } from './modules/email/suspended-mail.service.ts';
import { accountRoutes } from './modules/organizations/account.routes.ts';
import { AccountService } from './modules/organizations/account.service.ts';
import { caseRoutes } from './modules/cases/case.routes.ts';
import { reportRoutes } from './modules/reports/report.routes.ts';
import { ReportService } from './modules/reports/report.service.ts';
import { contractRoutes } from './modules/contracts/contract.routes.ts';
import { ContractService } from './modules/contracts/contract.service.ts';
import { notificationRoutes } from './modules/notifications/notification.routes.ts';
import { NotificationService } from './modules/notifications/notification.service.ts';
import { regionRoutes } from './modules/regions/region.routes.ts';
import { slaRoutes } from './modules/sla/sla.routes.ts';
import { SecretBox } from './adapters/secret-box.ts';
import { loadServerKey, purposeKey } from './adapters/server-key.ts';

export interface AppDeps {
  config: Config;
  store: Store;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  /** Where attachments are kept; a directory under the data directory unless given. */
  blobs?: BlobStorage;
  /** What /healthz reports besides the database: the listeners and workers main.ts started. */
  health?: HealthProbes;
  /** Seals TOTP secrets; built from the configured key (or key file) unless given. */
  secrets?: SecretBox;
  /** Called when work was queued that a local worker could pick up at once. */
  onJobsQueued?: () => void;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The HTTP application without listen(): main.ts serves it, tests call app.inject(). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, store, clock, metrics } = deps;
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    // Keep a well-formed id sent by a proxy so one request can be followed across services.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // While shutting down, answer the requests in flight and close their connections behind them,
  // so close() does not wait on clients' idle keep-alive sockets.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onSend', async (_req, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (req, reply) => {
    // A change that committed may have queued jobs (a page for a critical case, its mail): a local
    // worker looks at once instead of at its next poll.
    if (req.method !== 'GET' && req.method !== 'HEAD' && reply.statusCode < 400) deps.onJobsQueued?.();
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The API docs page uses inline styles; nothing else loads from elsewhere.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
      },
    },
    hsts: config.secureCookies,
  });
  await app.register(cookie);
  // Files stream to storage; one byte over the limit lets the upload fail with too_large rather than be cut short.
  await app.register(multipart, { limits: { fileSize: config.attachments.maxBytes + 1, files: 1, fields: 10, fieldSize: 10_000 } });
  installErrorHandler(app);
  refuseNulInput(app);
  app.addHook('onRoute', (route) => {
    // The API docs are public, like the OpenAPI document they render.
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config ?? {}), public: true };
    // Public routes say so in the OpenAPI document: no credentials needed.
    if (route.config?.public && route.schema) route.schema = { ...route.schema, security: [] };
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Casebook API', version: '1', description: 'The technical-support platform: cases, contracts, service levels.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token from POST /api/v1/auth/tokens' },
          session: { type: 'apiKey', in: 'cookie', name: 'casebook_session', description: 'Set by POST /api/v1/auth/login; state changes also need x-csrf-token' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  const secrets = deps.secrets ?? new SecretBox(purposeKey(loadServerKey(config.secretKey.setting, config.secretKey.file), 'totp-secrets'));
  const auth = new AuthService(
    store,
    clock,
    { sessionTtlHours: config.session.ttlHours, sessionIdleMinutes: config.session.idleMinutes, support: config.support },
    secrets,
  );
  const organizations = new OrganizationService(store, clock, [config.support.email]);
  const { calendars, sla, cases, lapse, rotas, paging } = caseServices(store, clock, config, deps.blobs);

  await app.register(authPlugin, { auth });
  await serveWebApp(app, config.webDir);
  // Every route registered below is private unless it says `config: { public: true }`.
  systemRoutes(app, { store, clock, metrics, metricsToken: config.metricsToken, ...(deps.health && { health: deps.health }) });
  authRoutes(app, { auth, secureCookies: config.secureCookies });
  organizationRoutes(app, { organizations });
  accountRoutes(app, { accounts: new AccountService(store, clock, organizations, config.support, { rotas, calendars }) });
  contractRoutes(app, { contracts: new ContractService(store, clock, lapse) });
  caseRoutes(app, { cases });
  reportRoutes(app, { reports: new ReportService(store, clock, cases, sla) });
  regionRoutes(app, { calendars, rotas });
  slaRoutes(app, { sla, calendars });
  inboundRoutes(app, { store, suspendedMail: new SuspendedMailService(store, clock), ...(deps.onJobsQueued && { onQueued: deps.onJobsQueued }) });
  outboundRoutes(app, { store });
  notificationRoutes(app, { notifications: new NotificationService(store, clock) });
  auditRoutes(app, { audit: new AuditService(store) });
  pagingRoutes(app, { rotas, paging });
  jobRoutes(app, { store, clock, ...(deps.onJobsQueued && { onRetry: deps.onJobsQueued }) });

  return app;
}
