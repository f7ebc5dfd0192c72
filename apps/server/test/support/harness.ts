import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Role } from '@casebook/contracts';
import { buildApp } from '../../src/app.ts';
import { ManualClock } from '../../src/adapters/clock.ts';
import { hashSecret, newId, newSecret } from '../../src/adapters/ids.ts';
import { createMailer, type Mailer, type OutgoingMail } from '../../src/adapters/mailer.ts';
import { hashPassword } from '../../src/adapters/password.ts';
import { bootstrap } from '../../src/bootstrap.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Dialect } from '../../src/db/database.ts';
import type { OrganizationRow } from '../../src/db/schema.ts';
import { Store } from '../../src/db/store.ts';
import { createMetrics } from '../../src/adapters/metrics.ts';
import { buildRegistry } from '../../src/jobs/index.ts';
import { buildServices, type Services } from '../../src/services.ts';
import { Worker } from '../../src/jobs/worker.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { startSmtpListener } from '../../src/modules/email/smtp-listener.ts';
import { DnsZone } from './mail-auth.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  organizationId: string;
  /** A bearer token for this user. */
  token: string;
}

/**
 * One running application over a fresh database, with a hand-set clock, a worker to drain jobs,
 * and factories for organisations and users (in the manner of immich's medium tests).
 */
export class Harness {
  private constructor(
    readonly dialect: Dialect,
    readonly database: TestDatabase,
    readonly store: Store,
    readonly clock: ManualClock,
    readonly config: Config,
    readonly app: FastifyInstance,
    readonly worker: Worker,
    readonly mailer: Mailer,
    readonly vendorOrganizationId: string,
    readonly sentMail: OutgoingMail[],
    /** The DNS that mail authentication sees: empty until a test publishes records. */
    readonly dns: DnsZone,
    /** The services the app and the worker share, built once as main.ts does. */
    readonly services: Services,
  ) {}

  static async start(dialect: Dialect, env: Record<string, string> = {}): Promise<Harness> {
    const database = await createTestDatabase(dialect);
    const store = new Store(database);
    const clock = new ManualClock(new Date());
    const config = loadConfig({ CASEBOOK_DATA_DIR: path.join(os.tmpdir(), `casebook-test-data-${newId()}`), LOG_LEVEL: 'silent', ...env });
    const log = createLogger('silent');
    const metrics = createMetrics();
    const realMailer = createMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, outboxDir: path.join(config.dataDir, 'outbox') });
    const sentMail: OutgoingMail[] = [];
    // Every message goes through the real mailer (SMTP when MAIL_SMTP_URL is set); tests also read them here.
    const mailer: Mailer = { send: async (m) => (sentMail.push(m), realMailer.send(m)), close: () => realMailer.close() };
    const dns = new DnsZone();
    const services = buildServices({ store, clock, config, mailer, dnsResolver: dns.resolver });
    const worker = new Worker({ store, registry: buildRegistry(services), clock, log, metrics, concurrency: 4, pollMs: 50 });
    const boot = await bootstrap(store, clock, { email: 'root@vendor.test', password: TEST_PASSWORD });
    const app = await buildApp({ config, log, metrics, services });
    await app.ready();
    return new Harness(dialect, database, store, clock, config, app, worker, mailer, boot.vendorOrganizationId, sentMail, dns, services);
  }

  private smtp: { port: number; close(): Promise<void> } | null = null;

  /** Starts the inbound SMTP listener on a free loopback port; returns the port. */
  async startSmtp(): Promise<number> {
    this.smtp ??= await startSmtpListener({
      store: this.store,
      blobs: this.services.blobs,
      clock: this.clock,
      log: createLogger('silent'),
      port: 0,
      host: '127.0.0.1',
      maxBytes: this.config.smtp.maxBytes,
      supportAddress: this.config.support.email,
      tls: this.config.smtp.tls,
    });
    return this.smtp.port;
  }

  async close(): Promise<void> {
    await this.smtp?.close();
    await this.app.close();
    await this.worker.stop();
    this.mailer.close();
    await this.database.destroy();
    // The data directory (key file, outbox, attachments) was this harness's alone.
    fs.rmSync(this.config.dataDir, { recursive: true, force: true });
  }

  async newOrganization(kind: 'customer' | 'partner' = 'customer', overrides: Partial<OrganizationRow> = {}): Promise<OrganizationRow> {
    const at = this.clock.now().toISOString();
    return this.store.read.organizations.insert({
      id: newId(),
      name: `${kind} ${Math.random().toString(36).slice(2, 7)}`,
      kind,
      region: 'EMEA',
      locale: 'en',
      created_at: at,
      updated_at: at,
      ...overrides,
    });
  }

  /** A maintenance contract covering today (by default) for a customer. */
  async newContract(organizationId: string, options: { plan?: 'standard' | 'premium'; startsOn?: string; endsOn?: string } = {}) {
    const at = this.clock.now().toISOString();
    const day = (offset: number) => new Date(this.clock.now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    return this.store.read.contracts.insert({
      id: newId(),
      organization_id: organizationId,
      plan: options.plan ?? 'standard',
      starts_on: options.startsOn ?? day(-30),
      ends_on: options.endsOn ?? day(335),
      products: JSON.stringify(['Privileged Access Manager']),
      created_at: at,
      updated_at: at,
    });
  }

  /** A customer organisation with a current contract, and a user of it. */
  async newEntitledCustomer(role: 'customer_admin' | 'customer_user' = 'customer_admin', org: Partial<OrganizationRow> = {}) {
    const organization = await this.newOrganization('customer', org);
    await this.newContract(organization.id);
    return { organization, user: await this.newUser(role, organization.id) };
  }

  /** Opens a case through the API as `as`; returns its JSON. */
  async openCase(as: TestUser, body: Record<string, unknown> = {}) {
    const res = await this.request('POST', '/api/v1/cases', {
      as,
      body: { subject: 'Vault service stops after upgrade', description: 'The Vault service stops within minutes.', priority: 'moderate', product: 'Privileged Access Manager', ...body },
    });
    if (res.statusCode !== 201) throw new Error(`openCase failed: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string; number: string; status: string; priority: string; organizationId: string; [k: string]: unknown };
  }

  /** A user with the test password and a bearer token. Staff roles land in the vendor organisation. */
  async newUser(role: Role, organizationId?: string, overrides: { email?: string; locale?: 'en' | 'fr'; region?: 'AMER' | 'EMEA' | 'APJ' | 'IL' } = {}): Promise<TestUser> {
    const staff = role === 'admin' || role === 'engineer' || role === 'advisor';
    const orgId = organizationId ?? (staff ? this.vendorOrganizationId : (await this.newOrganization(role === 'partner_user' ? 'partner' : 'customer')).id);
    const id = newId();
    const at = this.clock.now().toISOString();
    const email = overrides.email ?? `${role}.${id.slice(-12)}@example.test`;
    await this.store.read.users.insert({
      id,
      organization_id: orgId,
      email,
      name: `Test ${role}`,
      role,
      locale: overrides.locale ?? null,
      region: overrides.region ?? null,
      password_hash: await hashPassword(TEST_PASSWORD),
      created_at: at,
      updated_at: at,
    });
    const token = newSecret('cbt_');
    await this.store.read.credentials.insertToken({
      id: newId(),
      user_id: id,
      name: 'test',
      token_hash: hashSecret(token),
      created_at: at,
      expires_at: null,
      last_used_at: null,
      revoked_at: null,
    });
    return { id, email: email.toLowerCase(), role, organizationId: orgId, token };
  }

  /** Calls the API as `user` (bearer token), or anonymously. */
  request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    options: { as?: TestUser | null; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as) headers.authorization = `Bearer ${options.as.token}`;
    return this.app.inject({ method, url, headers, ...(options.body !== undefined && { payload: options.body as object }) });
  }

  /** Signs in through the API and returns the cookie header and CSRF token of the new session. */
  async login(email: string, password = TEST_PASSWORD) {
    const res = await this.request('POST', '/api/v1/auth/login', { body: { email, password } });
    if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    return { cookie, csrfToken: (res.json() as { csrfToken: string }).csrfToken, response: res };
  }
}
