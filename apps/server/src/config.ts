import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Every setting Casebook reads, with its default. This is the only place that reads the
 * environment; the README's settings table mirrors it.
 */
const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    HOST: z.string().min(1).default('127.0.0.1'),
    PUBLIC_URL: z.url().optional(),
    TRUST_PROXY: bool.default(false),
    CASEBOOK_DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL; leave unset for the embedded SQLite database')
      .optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    CASEBOOK_ADMIN_EMAIL: z.email().optional(),
    CASEBOOK_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    WORKERS_ENABLED: bool.default(true),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    WORKER_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
    WORKER_LEASE_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
    MAIL_SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional(),
    MAIL_FROM: z.string().min(3).default('Casebook Support <support@casebook.localhost>'),
    SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(12),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(10_080).default(120),
    INVITATION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(72),
    PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().min(5).max(1440).default(60),
    METRICS_TOKEN: z.string().min(16).optional(),
    TWILIO_AUTH_TOKEN: z.string().min(16).optional(),
    CASEBOOK_SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    CASEBOOK_SUPPORT_ADDRESS: z.email().default('support@casebook.localhost'),
    SUPPORT_PHONE_AMER: z.string().min(3).default('+1-888-808-9005'),
    SUPPORT_PHONE_EMEA: z.string().min(3).default('+44-203-7287074'),
    SUPPORT_PHONE_APJ: z.string().min(3).default('+65-6460-4254'),
    SUPPORT_PHONE_IL: z.string().min(3).default('+972-3-9180011'),
    ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1).default(2 * 1024 ** 3),
    SMTP_ENABLED: bool.default(true),
    SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
    SMTP_TLS_CERT: z.string().min(1).optional(),
    SMTP_TLS_KEY: z.string().min(1).optional(),
    INBOUND_MAX_BYTES: z.coerce.number().int().min(1024).default(50 * 1024 * 1024),
    INBOUND_TRUSTED_AUTHSERV_ID: z.string().regex(/^[A-Za-z0-9.-]+$/, 'must be a host name (the authserv-id of the relay)').optional(),
    INBOUND_DNS_SERVERS: z
      .string()
      .regex(/^[0-9A-Fa-f.:[\]]+(,[0-9A-Fa-f.:[\]]+)*$/, 'must be a comma-separated list of IP addresses, each with an optional :port')
      .optional(),
    WEB_DIST_DIR: z.string().min(1).optional(),
    /** The built collector the server publishes to the marketplace on first start (npm run build -w @casebook/collector). */
    COLLECTOR_BUILD_FILE: z.string().min(1).optional(),
    CASE_AUTO_CLOSE_DAYS: z.coerce.number().int().min(1).max(365).default(14),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    PAGERDUTY_EVENTS_URL: z.url({ protocol: /^https?$/ }).default('https://events.pagerduty.com/v2/enqueue'),
    NEWSLETTER_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
    BUNDLE_IDENTITY_FILE: z.string().min(1).optional(),
    BUNDLE_MAX_BYTES: z.coerce.number().int().min(1).default(20 * 1024 ** 3),
    BUNDLE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    /** With S3 storage, where bundle uploads are written until complete; shared by every API host. */
    BUNDLE_STAGING_DIR: z.string().min(1).optional(),
    S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name').optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_FORCE_PATH_STYLE: bool.default(true),
  })
  .refine((c) => c.S3_BUCKET != null || (c.S3_ENDPOINT == null && c.S3_ACCESS_KEY_ID == null), { message: 'S3 storage needs S3_BUCKET', path: ['S3_BUCKET'] })
  .refine((c) => (c.S3_ACCESS_KEY_ID == null) === (c.S3_SECRET_ACCESS_KEY == null), { message: 'set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither', path: ['S3_SECRET_ACCESS_KEY'] })
  .refine((c) => (c.SMTP_TLS_CERT == null) === (c.SMTP_TLS_KEY == null), { message: 'set both SMTP_TLS_CERT and SMTP_TLS_KEY, or neither', path: ['SMTP_TLS_KEY'] })
  .refine((c) => (c.CASEBOOK_ADMIN_EMAIL == null) === (c.CASEBOOK_ADMIN_PASSWORD == null), {
    message: 'set both CASEBOOK_ADMIN_EMAIL and CASEBOOK_ADMIN_PASSWORD, or neither',
    path: ['CASEBOOK_ADMIN_PASSWORD'],
  });

export type Config = Readonly<{
  port: number;
  host: string;
  publicUrl: string;
  secureCookies: boolean;
  trustProxy: boolean;
  dataDir: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; poolSize: number };
  bootstrapAdmin: { email: string; password: string } | null;
  logLevel: string;
  /** `leaseMs`: how long a claim holds a job unless renewed; the worker renews it every third of it. */
  workers: { enabled: boolean; concurrency: number; pollMs: number; leaseMs: number };
  mail: { smtpUrl: string | null; from: string };
  /** Where PagerDuty Events API v2 events are posted (a local receiver in tests). */
  pagerDutyEventsUrl: string;
  session: { ttlHours: number; idleMinutes: number };
  invitationTtlHours: number;
  passwordResetTtlMinutes: number;
  metricsToken: string | null;
  /** The Twilio account's auth token: every voice webhook request must be signed with it. Unset: the webhook refuses every request. */
  twilioAuthToken: string | null;
  /** The server's secret key (TOTP secrets, reply tokens, signed links): the setting, or else a key file in the data directory. */
  secretKey: { setting: string | null; file: string };
  shutdownTimeoutMs: number;
  support: { email: string; phones: Record<'AMER' | 'EMEA' | 'APJ' | 'IL', string> };
  attachments: { maxBytes: number; dir: string };
  /**
   * Where attachments, inbound mail and bundles are kept: a local directory (the default), or an
   * S3-compatible bucket. Credentials unset: the AWS SDK's default chain (environment, instance role).
   */
  storage:
    | { kind: 'local'; dir: string }
    | { kind: 's3'; bucket: string; region: string; endpoint: string | null; forcePathStyle: boolean; credentials: { accessKeyId: string; secretAccessKey: string } | null };
  /** Diagnostic bundles: the vendor's age identity file, the largest bundle, and how long one is kept. */
  bundles: { identityFile: string; maxBytes: number; retentionDays: number; /** Where uploads are staged when storage is S3. */ stagingDir: string };
  caseAutoCloseDays: number;
  /** Newsletter mail per minute at most, across every worker. */
  newsletter: { ratePerMinute: number };
  /** The built web app (apps/web/dist), served at /. */
  webDir: string;
  /** The built diagnostic collector, published to the marketplace when its item has no version. */
  collectorBuildFile: string;
  smtp: { enabled: boolean; port: number; maxBytes: number; dir: string; tls: { certFile: string; keyFile: string } | null };
  /** How inbound mail is authenticated (SPF, DKIM, DMARC, a relay's header, reply tokens). */
  inboundAuth: {
    trustedAuthservId: string | null;
    /** DNS servers for SPF/DKIM/DMARC look-ups; null uses the system's. */
    dnsServers: string[] | null;
  };
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment once. Throws ConfigError naming every invalid setting. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset", as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const c = parsed.data;
  const dataDir = path.resolve(c.CASEBOOK_DATA_DIR);
  // Unset, the public address is this machine on the configured port.
  const publicUrl = c.PUBLIC_URL ?? `http://localhost:${c.PORT}`;
  return Object.freeze({
    port: c.PORT,
    host: c.HOST,
    publicUrl: publicUrl.replace(/\/$/, ''),
    secureCookies: publicUrl.startsWith('https:'),
    trustProxy: c.TRUST_PROXY,
    dataDir,
    database: c.DATABASE_URL
      ? { kind: 'postgres' as const, url: c.DATABASE_URL, poolSize: c.DATABASE_POOL_SIZE }
      : { kind: 'sqlite' as const, file: path.join(dataDir, 'casebook.sqlite') },
    bootstrapAdmin:
      c.CASEBOOK_ADMIN_EMAIL && c.CASEBOOK_ADMIN_PASSWORD
        ? { email: c.CASEBOOK_ADMIN_EMAIL, password: c.CASEBOOK_ADMIN_PASSWORD }
        : null,
    logLevel: c.LOG_LEVEL,
    workers: { enabled: c.WORKERS_ENABLED, concurrency: c.WORKER_CONCURRENCY, pollMs: c.WORKER_POLL_MS, leaseMs: c.WORKER_LEASE_MS },
    mail: { smtpUrl: c.MAIL_SMTP_URL ?? null, from: c.MAIL_FROM },
    pagerDutyEventsUrl: c.PAGERDUTY_EVENTS_URL,
    session: { ttlHours: c.SESSION_TTL_HOURS, idleMinutes: c.SESSION_IDLE_MINUTES },
    invitationTtlHours: c.INVITATION_TTL_HOURS,
    passwordResetTtlMinutes: c.PASSWORD_RESET_TTL_MINUTES,
    metricsToken: c.METRICS_TOKEN ?? null,
    twilioAuthToken: c.TWILIO_AUTH_TOKEN ?? null,
    secretKey: { setting: c.CASEBOOK_SECRET_KEY ?? null, file: path.join(dataDir, 'secret.key') },
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    support: {
      email: c.CASEBOOK_SUPPORT_ADDRESS,
      phones: { AMER: c.SUPPORT_PHONE_AMER, EMEA: c.SUPPORT_PHONE_EMEA, APJ: c.SUPPORT_PHONE_APJ, IL: c.SUPPORT_PHONE_IL },
    },
    attachments: { maxBytes: c.ATTACHMENT_MAX_BYTES, dir: path.join(dataDir, 'attachments') },
    storage: c.S3_BUCKET
      ? {
          kind: 's3' as const,
          bucket: c.S3_BUCKET,
          region: c.S3_REGION,
          endpoint: c.S3_ENDPOINT ?? null,
          forcePathStyle: c.S3_FORCE_PATH_STYLE,
          credentials: c.S3_ACCESS_KEY_ID && c.S3_SECRET_ACCESS_KEY ? { accessKeyId: c.S3_ACCESS_KEY_ID, secretAccessKey: c.S3_SECRET_ACCESS_KEY } : null,
        }
      : { kind: 'local' as const, dir: path.join(dataDir, 'attachments') },
    bundles: {
      identityFile: c.BUNDLE_IDENTITY_FILE ? path.resolve(c.BUNDLE_IDENTITY_FILE) : path.join(dataDir, 'bundle-identity.txt'),
      maxBytes: c.BUNDLE_MAX_BYTES,
      retentionDays: c.BUNDLE_RETENTION_DAYS,
      stagingDir: c.BUNDLE_STAGING_DIR ? path.resolve(c.BUNDLE_STAGING_DIR) : path.join(dataDir, 'uploads'),
    },
    caseAutoCloseDays: c.CASE_AUTO_CLOSE_DAYS,
    newsletter: { ratePerMinute: c.NEWSLETTER_RATE_PER_MINUTE },
    webDir: c.WEB_DIST_DIR ? path.resolve(c.WEB_DIST_DIR) : fileURLToPath(new URL('../../web/dist', import.meta.url)),
    collectorBuildFile: c.COLLECTOR_BUILD_FILE ? path.resolve(c.COLLECTOR_BUILD_FILE) : fileURLToPath(new URL('../../collector/dist/casebook-collect.mjs', import.meta.url)),
    smtp: {
      enabled: c.SMTP_ENABLED,
      port: c.SMTP_PORT,
      maxBytes: c.INBOUND_MAX_BYTES,
      dir: path.join(dataDir, 'inbound'),
      tls: c.SMTP_TLS_CERT && c.SMTP_TLS_KEY ? { certFile: c.SMTP_TLS_CERT, keyFile: c.SMTP_TLS_KEY } : null,
    },
    inboundAuth: {
      trustedAuthservId: c.INBOUND_TRUSTED_AUTHSERV_ID?.toLowerCase() ?? null,
      dnsServers: c.INBOUND_DNS_SERVERS ? c.INBOUND_DNS_SERVERS.split(',') : null,
    },
  });
}
