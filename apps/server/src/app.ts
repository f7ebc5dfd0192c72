import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import { registerApiDocs } from './http/api-docs.ts';
import { authPlugin } from './http/auth.plugin.ts';
import { serveFavicon } from './http/brand.ts';
import { installErrorHandler } from './http/error-handler.ts';
import { refuseNulInput } from './http/text-input.ts';
import type { Metrics } from './adapters/metrics.ts';
import { systemRoutes, type HealthProbes } from './http/system.routes.ts';
import { jobRoutes } from './jobs/job.routes.ts';
import { requestLine, type Logger } from './logger.ts';
import type { Services } from './services.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { pagingRoutes } from './modules/paging/paging.routes.ts';
import { phoneRoutes } from './modules/phone/phone.routes.ts';
import { voiceRoutes } from './modules/phone/voice.routes.ts';
import { authRoutes } from './modules/identity/auth.routes.ts';
import { organizationRoutes } from './modules/organizations/organization.routes.ts';
import multipart from '@fastify/multipart';
import { serveWebApp } from './http/web-app.ts';
import { mailRoutes } from './modules/email/mail.routes.ts';
import { accountRoutes } from './modules/organizations/account.routes.ts';
import { caseRoutes } from './modules/cases/case.routes.ts';
import { reportRoutes } from './modules/reports/report.routes.ts';
import { searchRoutes } from './modules/search/search.routes.ts';
import { cannedReplyRoutes } from './modules/canned-replies/canned-reply.routes.ts';
import { contractRoutes } from './modules/contracts/contract.routes.ts';
import { notificationRoutes } from './modules/notifications/notification.routes.ts';
import { regionRoutes } from './modules/regions/region.routes.ts';
import { slaRoutes } from './modules/sla/sla.routes.ts';
import { newsletterRoutes } from './modules/newsletter/newsletter.routes.ts';
import { bundleUploadRoutes } from './modules/diagnostics/bundle-upload.routes.ts';
import { diagnosticsRoutes } from './modules/diagnostics/diagnostics.routes.ts';
import { marketplaceRoutes } from './modules/marketplace/marketplace.routes.ts';
import { isUploadToken } from './modules/diagnostics/diagnostics.service.ts';

export interface AppDeps {
  config: Config;
  log: Logger;
  metrics: Metrics;
  /** Every service, built once by the composition root (services.ts). */
  services: Services;
  /** What /healthz reports besides the database: the listeners and workers main.ts started. */
  health?: HealthProbes;
  /** Called when work was queued that a local worker could pick up at once. */
  onJobsQueued?: () => void;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** One log line per request, written when it is answered ("GET /api/v1/me 200 3 ms"), not one on arrival and one on reply. */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, req: FastifyRequest, reply: FastifyReply): void {
    const line = requestLine(req, reply.statusCode, reply.elapsedTime);
    if (error || reply.statusCode >= 500) reply.log.error({ ...line.fields, err: error ?? undefined }, line.msg);
    else reply.log.info(line.fields, line.msg);
  }
}

/** The HTTP application without listen(): main.ts serves it, tests call app.inject(). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, metrics } = deps;
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    // Keep a well-formed id sent by a proxy so one request can be followed across services.
    requestIdHeader: false,
    logController: new OneLinePerRequest(),
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

  await registerApiDocs(app);
  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  const s = deps.services;

  await app.register(authPlugin, { auth: s.auth, uploadTokens: { isUploadToken, authenticate: (token) => s.diagnostics.authenticateUploadToken(token) } });
  serveFavicon(app);
  await serveWebApp(app, config.webDir);
  // Every route registered below is private unless it says `config: { public: true }`.
  systemRoutes(app, { system: s.system, metrics, metricsToken: config.metricsToken, ...(deps.health && { health: deps.health }) });
  authRoutes(app, { auth: s.auth, tokens: s.tokens, passwords: s.passwords, profiles: s.profiles, secureCookies: config.secureCookies });
  organizationRoutes(app, { organizations: s.organizations });
  accountRoutes(app, { accounts: s.accounts });
  contractRoutes(app, { contracts: s.contracts });
  caseRoutes(app, { cases: s.cases });
  reportRoutes(app, { reports: s.reports });
  searchRoutes(app, { search: s.search });
  cannedReplyRoutes(app, { cannedReplies: s.cannedReplies });
  regionRoutes(app, { calendars: s.calendars, rotas: s.rotas });
  slaRoutes(app, { sla: s.sla, calendars: s.calendars });
  mailRoutes(app, { mail: s.mail, ...(deps.onJobsQueued && { onQueued: deps.onJobsQueued }) });
  notificationRoutes(app, { notifications: s.notifications });
  auditRoutes(app, { audit: s.audit });
  pagingRoutes(app, { rotas: s.rotas, paging: s.paging, integrations: s.pagingIntegrations });
  newsletterRoutes(app, { subscriptions: s.subscriptions, campaigns: s.campaigns, events: s.newsletterEvents, publicUrl: config.publicUrl });
  phoneRoutes(app, { intake: s.intake, calls: s.calls, routing: s.routing });
  voiceRoutes(app, { voice: s.voice, authToken: config.twilioAuthToken, publicUrl: config.publicUrl });
  jobRoutes(app, { jobs: s.jobs, ...(deps.onJobsQueued && { onRetry: deps.onJobsQueued }) });
  diagnosticsRoutes(app, { diagnostics: s.diagnostics });
  marketplaceRoutes(app, { marketplace: s.marketplace });
  bundleUploadRoutes(app, { diagnostics: s.diagnostics, datastore: s.uploads.store, maxBytes: config.bundles.maxBytes, trustProxy: config.trustProxy });

  return app;
}
