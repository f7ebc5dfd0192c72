import { SearchService } from './modules/search/search.service.ts';
import { CannedReplyService } from './modules/canned-replies/canned-reply.service.ts';
import { loadAgeKey } from './adapters/age-identity.ts';
import { createBlobStorage, type BlobStorage } from './adapters/blob-storage.ts';
import { createUploadFiles } from './adapters/upload-store.ts';
import type { Clock } from './adapters/clock.ts';
import { createHttpPoster, type HttpPoster } from './adapters/http-poster.ts';
import { LinkSigner } from './adapters/link-signer.ts';
import type { Mailer } from './adapters/mailer.ts';
import { SecretBox } from './adapters/secret-box.ts';
import { loadServerKey, purposeKey } from './adapters/server-key.ts';
import type { Config } from './config.ts';
import type { Store } from './db/store.ts';
import { Housekeeping } from './jobs/housekeeping.ts';
import { JobAdminService } from './jobs/job-admin.service.ts';
import { HealthService } from './modules/system/health.service.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { CaseService } from './modules/cases/case.service.ts';
import { ContractService } from './modules/contracts/contract.service.ts';
import { LapseService } from './modules/contracts/lapse.service.ts';
import { InboundMailService } from './modules/email/inbound.service.ts';
import { createDnsResolver, type DnsResolver } from './modules/email/mail-authentication.ts';
import { ReplyTokens } from './modules/email/reply-token.ts';
import { MailLogService } from './modules/email/mail-log.service.ts';
import { ApiTokenService } from './modules/identity/api-token.service.ts';
import { AuthService } from './modules/identity/auth.service.ts';
import { InvitationMailer } from './modules/identity/invitation-mailer.ts';
import { PasswordResetMailer } from './modules/identity/password-reset-mailer.ts';
import { PasswordService } from './modules/identity/password.service.ts';
import { ProfileService } from './modules/identity/profile.service.ts';
import { NotificationMailer } from './modules/notifications/notification-mailer.ts';
import { NotificationService } from './modules/notifications/notification.service.ts';
import { AccountService } from './modules/organizations/account.service.ts';
import { OrganizationService } from './modules/organizations/organization.service.ts';
import { PageSender } from './modules/paging/page-sender.ts';
import { PagingIntegrations } from './modules/paging/paging-integrations.service.ts';
import { PagingService } from './modules/paging/paging.service.ts';
import { RotaService } from './modules/paging/rota.service.ts';
import { CallService } from './modules/phone/call.service.ts';
import { IntakeService } from './modules/phone/intake.service.ts';
import { RoutingService } from './modules/phone/routing.service.ts';
import { VoiceService } from './modules/phone/voice.service.ts';
import { CalendarService } from './modules/regions/calendar.service.ts';
import { ReportService } from './modules/reports/report.service.ts';
import { SlaAlerts } from './modules/sla/sla-alerts.ts';
import { SlaService } from './modules/sla/sla.service.ts';
import { BounceHandler } from './modules/newsletter/bounce-handler.ts';
import { CampaignService } from './modules/newsletter/campaign.service.ts';
import { EventService } from './modules/newsletter/event.service.ts';
import { NewsletterTokens } from './modules/newsletter/newsletter-tokens.ts';
import { SubscriptionService } from './modules/newsletter/subscription.service.ts';
import { DiagnosticsService } from './modules/diagnostics/diagnostics.service.ts';
import { MarketplaceService } from './modules/marketplace/marketplace.service.ts';

/** What the services are built from: the database, the clock, the settings and the side effects. */
export interface ServiceDeps {
  store: Store;
  clock: Clock;
  config: Config;
  mailer: Mailer;
  /** Attachments, inbound mail, bundles, downloads: chosen by the settings (config.storage) unless given. */
  blobs?: BlobStorage;
  /** Outgoing HTTP for paging integrations (tests point it at loopback receivers the same way). */
  http?: HttpPoster;
  /** DNS of mail authentication (tests serve their own records). */
  dnsResolver?: DnsResolver;
}

/**
 * The composition root: every service, built once, for the HTTP app, the job handlers and the
 * tools alike. A service takes only what it uses; nothing else constructs one.
 */
export function buildServices(deps: ServiceDeps) {
  const { store, clock, config, mailer } = deps;
  const blobs = deps.blobs ?? createBlobStorage(config.storage);
  const serverKey = loadServerKey(config.secretKey.setting, config.secretKey.file);
  const links = new LinkSigner(purposeKey(serverKey, 'signed-links'));
  const replyTokens = new ReplyTokens(purposeKey(serverKey, 'reply-tokens'));
  const integrationSecrets = new SecretBox(purposeKey(serverKey, 'integration-secrets'));

  const calendars = new CalendarService(store, clock, config.support);
  const sla = new SlaService(store, clock, calendars);
  const rotas = new RotaService(store, clock, calendars);
  const paging = new PagingService(store, clock, calendars, rotas, links, { pagerDutyEventsUrl: config.pagerDutyEventsUrl });
  const cases = new CaseService(store, clock, blobs, { support: config.support, attachmentMaxBytes: config.attachments.maxBytes, autoCloseDays: config.caseAutoCloseDays }, sla, paging);
  const lapse = new LapseService(store, clock, sla);
  const organizations = new OrganizationService(store, clock, [config.support.email]);
  const newsletterTokens = new NewsletterTokens(links, config.support.email.split('@')[1] ?? 'casebook.localhost');
  const subscriptions = new SubscriptionService(store, clock, newsletterTokens, { mailer, publicUrl: config.publicUrl, suppressionKey: purposeKey(serverKey, 'newsletter-suppression') });
  const bounces = new BounceHandler(store, clock, newsletterTokens, subscriptions);
  const routing = new RoutingService(store, clock, calendars, rotas, config.support);
  // Resumable uploads end up where blob storage reads them: the same directory or bucket, same keys.
  const uploads = createUploadFiles(config.storage, blobs, config.bundles.stagingDir);
  const diagnostics = new DiagnosticsService(
    store,
    clock,
    uploads,
    () => loadAgeKey(config.bundles.identityFile),
    { maxBytes: config.bundles.maxBytes, retentionDays: config.bundles.retentionDays },
  );
  return {
    intake: new IntakeService(store, clock, { rotas, calendars }),
    calls: new CallService(store, clock, cases, calendars, config.support),
    routing,
    voice: new VoiceService(store, clock, routing, config.support.email),
    blobs,
    uploads,
    diagnostics,
    marketplace: new MarketplaceService(store, clock, blobs, { maxBytes: config.attachments.maxBytes }),
    calendars,
    sla,
    slaAlerts: new SlaAlerts(store, clock, sla, paging),
    rotas,
    paging,
    pagingIntegrations: new PagingIntegrations(store, clock, integrationSecrets),
    pageSender: new PageSender(store, clock, { mailer, http: deps.http ?? createHttpPoster(), links, secrets: integrationSecrets }, { publicUrl: config.publicUrl, pagerDutyEventsUrl: config.pagerDutyEventsUrl }),
    cases,
    lapse,
    organizations,
    auth: new AuthService(
      store,
      clock,
      { sessionTtlHours: config.session.ttlHours, sessionIdleMinutes: config.session.idleMinutes, support: config.support },
      new SecretBox(purposeKey(serverKey, 'totp-secrets')),
    ),
    tokens: new ApiTokenService(store, clock),
    passwords: new PasswordService(store, clock),
    profiles: new ProfileService(store, clock),
    accounts: new AccountService(store, clock, organizations, config.support, { rotas, calendars, routing }),
    contracts: new ContractService(store, clock, lapse),
    reports: new ReportService(store, clock, cases, sla),
    search: new SearchService(store),
    cannedReplies: new CannedReplyService(store, clock),
    notifications: new NotificationService(store, clock),
    audit: new AuditService(store),
    mail: new MailLogService(store, clock),
    inboundMail: new InboundMailService(store, clock, blobs, mailer, cases, { support: config.support, publicUrl: config.publicUrl }, {
      resolver: deps.dnsResolver ?? createDnsResolver(config.inboundAuth.dnsServers),
      trustedAuthservId: config.inboundAuth.trustedAuthservId,
      replyTokens,
      bounces,
    }),
    notificationMailer: new NotificationMailer(store, clock, { mailer, publicUrl: config.publicUrl, supportAddress: config.support.email, replyTokens }),
    invitationMailer: new InvitationMailer(store, clock, { mailer, publicUrl: config.publicUrl, ttlHours: config.invitationTtlHours }),
    passwordResetMailer: new PasswordResetMailer(store, clock, { mailer, publicUrl: config.publicUrl, ttlMinutes: config.passwordResetTtlMinutes }),
    housekeeping: new Housekeeping(store, clock),
    subscriptions,
    campaigns: new CampaignService(store, clock, newsletterTokens, mailer, { publicUrl: config.publicUrl, sender: config.mail.from, ratePerMinute: config.newsletter.ratePerMinute }),
    newsletterEvents: new EventService(store, clock),
    jobs: new JobAdminService(store, clock),
    system: new HealthService(store, clock),
  };
}

export type Services = ReturnType<typeof buildServices>;
