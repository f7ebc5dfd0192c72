import type { Mailer } from '../adapters/mailer.ts';
import type { Config } from '../config.ts';
import { sendInvitationJob } from '../modules/identity/invitation.job.ts';
import { housekeepingJob } from './housekeeping.job.ts';
import { autoCloseJob } from '../modules/cases/auto-close.job.ts';
import { notificationEmailJob } from '../modules/notifications/notification-email.job.ts';
import { slaBreachJob, slaWarningJob } from '../modules/sla/sla.jobs.ts';
import { lapseCheckJob } from '../modules/contracts/lapse-check.job.ts';
import { processInboundJob } from '../modules/email/process-inbound.job.ts';
import { createDnsResolver, type DnsResolver } from '../modules/email/mail-authentication.ts';
import { loadReplyTokens } from '../modules/email/reply-token.ts';
import { pagingJobs } from '../modules/paging/paging.jobs.ts';
import { JobRegistry } from './registry.ts';

/**
 * Every kind of background job the product runs. `dnsResolver` replaces the DNS look-ups of mail
 * authentication (tests serve their own records).
 */
export function buildRegistry(deps: { config: Config; mailer: Mailer; dnsResolver?: DnsResolver }): JobRegistry {
  const replyTokens = loadReplyTokens(deps.config.secretKey);
  const resolver = deps.dnsResolver ?? createDnsResolver(deps.config.inboundAuth.dnsServers);
  return new JobRegistry().register(
    housekeepingJob,
    autoCloseJob,
    slaWarningJob,
    slaBreachJob({ config: deps.config }),
    lapseCheckJob({ config: deps.config }),
    processInboundJob({ config: deps.config, mailer: deps.mailer, resolver, replyTokens }),
    notificationEmailJob({ mailer: deps.mailer, publicUrl: deps.config.publicUrl, supportAddress: deps.config.support.email, replyTokens }),
    sendInvitationJob({ mailer: deps.mailer, publicUrl: deps.config.publicUrl, ttlHours: deps.config.invitationTtlHours }),
    ...pagingJobs({ config: deps.config, mailer: deps.mailer }),
  );
}
