import type { RegionCode } from '@casebook/calendar';
import { z } from 'zod';
import type { CaseRow } from '../../db/schema.ts';
import type { Repositories } from '../../db/store.ts';
import type { Config } from '../../config.ts';
import { defineJob } from '../../jobs/registry.ts';
import { caseServices } from '../../services.ts';
import { caseNumber } from '../cases/case.mappers.ts';
import { systemCtx } from '../identity/actor.ts';
import { notify } from '../notifications/notification.service.ts';

const payload = z.object({ caseId: z.string(), dueAt: z.string() });
const STOPPED = new Set(['resolved', 'closed']);

/** Whether a timer queued for `dueAt` still applies to the case as it is now. */
function stillDue(c: CaseRow | undefined, dueAt: string): c is CaseRow {
  return c != null && !c.sla_met_at && !c.sla_paused_since && c.sla_due_at === dueAt && !STOPPED.has(c.status);
}

async function whoLooksAfter(tx: Repositories, c: CaseRow): Promise<string[]> {
  if (c.assignee_id) return [c.assignee_id];
  const org = await tx.organizations.find(c.organization_id);
  return org ? tx.accounts.staffInRegion(org.region as RegionCode, ['engineer']) : [];
}

/**
 * A timer of the first-response clock. It alerts whoever looks after the case (the assignee, or
 * the region's engineers) once per due time, however many workers pick the job up: the
 * conditional update in markSlaAlert lets only one through.
 */
function slaAlertJob(type: string, alert: 'sla_warned_for' | 'sla_breach_alerted_for', kind: 'case.sla_warning' | 'case.sla_breach', config?: Config) {
  return defineJob({
    type,
    payload,
    async handle({ caseId, dueAt }, { store, clock }) {
      const now = clock.now();
      await store.transaction(async (tx) => {
        const c = await tx.cases.findForUpdate(caseId);
        if (!stillDue(c, dueAt) || !(await tx.cases.markSlaAlert(caseId, alert, dueAt))) return;
        await notify(tx, now, { userIds: await whoLooksAfter(tx, c), kind, caseId, data: { caseNumber: caseNumber(c.number), subject: c.subject, dueAt } });
        if (kind === 'case.sla_breach') {
          const org = await tx.organizations.find(c.organization_id);
          // A breach pages the engineer on duty, as an urgent new case does.
          if (org && config) await caseServices(store, clock, config).paging.trigger(tx, c, org, 'sla_breach', now);
          await tx.audit.record(systemCtx('sla'), now, { action: 'case.sla_breach', targetType: 'case', targetId: caseId, organizationId: c.organization_id, after: { dueAt, targetMinutes: c.sla_target_minutes, clock: c.sla_clock } });
        }
      });
    },
  });
}

/** At 75% of the target. */
export const slaWarningJob = slaAlertJob('sla.warning', 'sla_warned_for', 'case.sla_warning');
/** At the due time without a first response: recorded in the audit log, and the engineer on duty is paged. */
export const slaBreachJob = (deps: { config: Config }) => slaAlertJob('sla.breach', 'sla_breach_alerted_for', 'case.sla_breach', deps.config);
