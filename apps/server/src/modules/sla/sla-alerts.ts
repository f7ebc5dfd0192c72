import type { Clock } from '../../adapters/clock.ts';
import type { CaseRow } from '../../db/schema.ts';
import type { Store } from '../../db/store.ts';
import { caseOwners } from '../cases/case-recipients.ts';
import { caseNumber } from '../cases/case.mappers.ts';
import { systemCtx } from '../identity/actor.ts';
import { notify } from '../notifications/notification.service.ts';
import type { PagingService } from '../paging/paging.service.ts';

const STOPPED = new Set(['resolved', 'closed']);

/** Whether a timer queued for `dueAt` still applies to the case as it is now. */
function stillDue(c: CaseRow | undefined, dueAt: string): c is CaseRow {
  return c != null && !c.sla_met_at && !c.sla_paused_since && c.sla_due_at === dueAt && !STOPPED.has(c.status);
}

/**
 * The timers of the first-response clock. A warning (75%) or a breach alerts whoever looks after
 * the case (the assignee, or the region's engineers) once per due time, however many workers pick
 * the timer up: the conditional update in markSlaAlert lets only one through. A breach is also
 * audited and pages the engineer on duty.
 */
export class SlaAlerts {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly paging: Pick<PagingService, 'trigger'>,
  ) {}

  async alert(kind: 'warning' | 'breach', caseId: string, dueAt: string): Promise<void> {
    const now = this.clock.now();
    const mark = kind === 'warning' ? 'sla_warned_for' : 'sla_breach_alerted_for';
    await this.store.transaction(async (tx) => {
      const c = await tx.cases.findForUpdate(caseId);
      if (!stillDue(c, dueAt) || !(await tx.cases.markSlaAlert(caseId, mark, dueAt))) return;
      await notify(tx, now, { userIds: await caseOwners(tx, c), kind: kind === 'warning' ? 'case.sla_warning' : 'case.sla_breach', caseId, data: { caseNumber: caseNumber(c.number), subject: c.subject, dueAt } });
      if (kind === 'breach') {
        const org = await tx.organizations.find(c.organization_id);
        if (org) await this.paging.trigger(tx, c, org, 'sla_breach', now);
        await tx.audit.record(systemCtx('sla'), now, { action: 'case.sla_breach', targetType: 'case', targetId: caseId, organizationId: c.organization_id, after: { dueAt, targetMinutes: c.sla_target_minutes, clock: c.sla_clock } });
      }
    });
  }
}
