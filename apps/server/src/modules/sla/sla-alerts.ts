import type { Clock } from '../../adapters/clock.ts';
import type { Store } from '../../db/store.ts';
import type { Logger } from '../../logger.ts';
import { caseOwners } from '../cases/case-recipients.ts';
import { caseNumber } from '../cases/case.mappers.ts';
import { systemCtx } from '../identity/actor.ts';
import { notify } from '../notifications/notification.service.ts';
import type { PagingService } from '../paging/paging.service.ts';
import type { SlaService } from './sla.service.ts';
import { clockRunning, nextAlertAt, warningAt } from './sla.service.ts';

/** Cases read per step of the sweep. */
const STEP = 200;

/**
 * The alerts of the first-response clock, found by a sweep rather than by a timer per case: every
 * case keeps in `sla_alert_at` when its clock next needs looking at (its 75 % warning, then its
 * due time), and the recurring `sla.alerts` job (SLA_SWEEP_MS) reads the ones that have come, by a
 * partial index holding only cases with an alert still to send. Opening a case or moving its clock
 * writes one column of its own row instead of two jobs, and a lapse restoring ten thousand cases
 * writes none.
 *
 * A warning or a breach alerts whoever looks after the case (the assignee, or the region's
 * engineers) once per due time, however many workers sweep at once: `settleAlert` only lets
 * through the worker that still finds the alert it read. A breach is also audited and pages the
 * engineer on duty. The sweep trusts nothing but the case itself: it works out again from the clock
 * whether the warning's time has come, so a stale `sla_alert_at` is corrected, never obeyed.
 */
export class SlaAlerts {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly sla: Pick<SlaService, 'meter'>,
    private readonly paging: Pick<PagingService, 'trigger'>,
  ) {}

  /** Sends every alert that has come; returns how many went out. A case that fails is logged and left for the next sweep. */
  async sweep(log?: Logger): Promise<number> {
    const now = this.clock.now();
    let sent = 0;
    let after: { at: string; id: string } | undefined;
    for (;;) {
      const due = await this.store.read.cases.alertsDue(now.toISOString(), STEP, after);
      for (const { id, sla_alert_at } of due) {
        try {
          if (await this.alert(id, sla_alert_at, now)) sent++;
        } catch (err) {
          log?.error({ err, caseId: id }, 'SLA alert failed; the next sweep tries again');
        }
      }
      if (due.length < STEP) return sent;
      const last = due.at(-1)!;
      after = { at: last.sla_alert_at, id: last.id };
    }
  }

  /** Settles one case's due alert: sends the warning or the breach alert, or corrects the alert time. True when an alert went out. */
  private async alert(caseId: string, expected: string, now: Date): Promise<boolean> {
    return this.store.transaction(async (tx) => {
      const c = await tx.cases.findForUpdate(caseId);
      if (!c || c.sla_alert_at !== expected) return false;
      const org = await tx.organizations.find(c.organization_id);
      if (!org) return false;
      if (!clockRunning(c)) {
        await tx.cases.settleAlert(caseId, expected, { sla_alert_at: null });
        return false;
      }
      const meter = await this.sla.meter(org.region, c.sla_clock);
      const dueAt = c.sla_due_at!;
      const breached = now.getTime() >= Date.parse(dueAt);
      const warn = !breached && c.sla_warned_for !== dueAt;
      if (!breached && !(warn && now.getTime() >= warningAt(c, meter).getTime())) {
        // Not yet (the alert time was stale, or the warning already went out): look again when it is.
        const next = nextAlertAt(c, meter);
        if (next !== expected) await tx.cases.settleAlert(caseId, expected, { sla_alert_at: next });
        return false;
      }
      if (breached && c.sla_breach_alerted_for === dueAt) {
        await tx.cases.settleAlert(caseId, expected, { sla_alert_at: null });
        return false;
      }
      // A clock found past its due time gets the breach alert alone: a warning then would be noise.
      const marks = warn ? { sla_warned_for: dueAt, sla_alert_at: dueAt } : { sla_warned_for: dueAt, sla_breach_alerted_for: dueAt, sla_alert_at: null };
      if (!(await tx.cases.settleAlert(caseId, expected, marks))) return false;
      const kind = warn ? 'case.sla_warning' : 'case.sla_breach';
      await notify(tx, now, { userIds: await caseOwners(tx, c), kind, caseId, data: { caseNumber: caseNumber(c.number), subject: c.subject, dueAt } });
      if (!warn) {
        await this.paging.trigger(tx, c, org, 'sla_breach', now);
        await tx.audit.record(systemCtx('sla'), now, { action: 'case.sla_breach', targetType: 'case', targetId: caseId, organizationId: c.organization_id, after: { dueAt, targetMinutes: c.sla_target_minutes, clock: c.sla_clock } });
      }
      return true;
    });
  }
}
