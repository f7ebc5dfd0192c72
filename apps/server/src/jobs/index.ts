import { autoCloseJob } from '../modules/cases/case.jobs.ts';
import { lapseCheckJob } from '../modules/contracts/contract.jobs.ts';
import { processInboundJob } from '../modules/email/email.jobs.ts';
import { sendInvitationJob, sendPasswordResetJob } from '../modules/identity/identity.jobs.ts';
import { notificationEmailJob } from '../modules/notifications/notification.jobs.ts';
import { pageDeliveryJob, pageEscalationJob } from '../modules/paging/paging.jobs.ts';
import { slaAlertsJob } from '../modules/sla/sla.jobs.ts';
import { campaignBatchJob, campaignStartJob, newsletterConfirmationJob } from '../modules/newsletter/newsletter.jobs.ts';
import { bundleRetentionJob } from '../modules/diagnostics/diagnostics.jobs.ts';
import { systemCtx } from '../modules/identity/actor.ts';
import type { Services } from '../services.ts';
import { housekeepingJob } from './housekeeping.ts';
import { JobRegistry } from './registry.ts';

/** Every kind of background job the product runs, each handed to the service method that does it. */
export function buildRegistry(s: Services): JobRegistry {
  return new JobRegistry()
    .handle(housekeepingJob, (_p, { log }) => s.housekeeping.run(log))
    .handle(autoCloseJob, ({ caseId, resolvedAt }) => s.cases.autoClose(caseId, resolvedAt))
    .handle(slaAlertsJob, async (_p, { log }) => {
      const sent = await s.slaAlerts.sweep(log);
      if (sent) log.info({ sent }, 'SLA alerts sent');
    })
    .handle(lapseCheckJob, async (_p, { log }) => {
      const counts = await s.lapse.checkAll();
      if (counts.lapsed || counts.reinstated) log.info(counts, 'maintenance lapses reconciled');
    })
    .handle(processInboundJob, ({ messageId }) => s.inboundMail.process(messageId))
    .handle(notificationEmailJob, ({ notificationId }) => s.notificationMailer.send(notificationId))
    .handle(sendInvitationJob, ({ userId }) => s.invitationMailer.send(userId))
    .handle(sendPasswordResetJob, ({ userId }) => s.passwordResetMailer.send(userId))
    .handle(pageEscalationJob, ({ pageId, round }) => s.paging.escalate(pageId, round))
    .handle(pageDeliveryJob, ({ deliveryId }, { attempt }) => s.pageSender.deliver(deliveryId, attempt))
    .handle(newsletterConfirmationJob, ({ subscriberId }) => s.subscriptions.sendConfirmation(subscriberId))
    .handle(campaignStartJob, ({ campaignId }) => s.campaigns.start(campaignId))
    .handle(campaignBatchJob, ({ campaignId, lane, seq }, { jobId, attempt, signal }) => s.campaigns.sendBatch(campaignId, lane, seq, { jobId, attempt, signal }))
    .handle(bundleRetentionJob, async (_p, { log }) => {
      const expired = await s.diagnostics.expireDue(systemCtx('bundle retention'));
      if (expired) log.info({ expired }, 'bundles expired');
    });
}
