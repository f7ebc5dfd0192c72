import { localDate, regions } from '@casebook/calendar';
import type { Clock } from '../../adapters/clock.ts';
import type { OrganizationRow } from '../../db/schema.ts';
import type { CaseClockRestore, HeldCase } from '../cases/case.repository.ts';
import type { Repositories, Store } from '../../db/store.ts';
import { systemCtx, type Ctx } from '../identity/actor.ts';
import { notify } from '../notifications/notification.service.ts';
import { rememberingSpans, resume, type Meter } from '../sla/first-response.ts';
import { nextAlertAt, type SlaService } from '../sla/sla.service.ts';
import { regionToday } from './contract.service.ts';

export const LAPSE_REASON = 'maintenance_lapsed';
const AUDIT_BATCH = 500;

function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * What happens when a customer stops paying for maintenance, and when it pays again. Every change
 * goes through `reconcile`, which locks the organisation and compares its contracts with its state,
 * so a renewal racing the scheduled check, or the check running twice, ends in one consistent state.
 */
export class LapseService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly sla: SlaService,
  ) {}

  /** Brings one customer's lapse state in line with its contracts, inside the caller's transaction. */
  async reconcile(tx: Repositories, organizationId: string, ctx: Ctx): Promise<'lapsed' | 'reinstated' | 'unchanged'> {
    const org = await tx.organizations.lock(organizationId);
    if (!org || org.kind !== 'customer') return 'unchanged';
    const now = this.clock.now();
    const today = regionToday(org, now);
    const contracts = await tx.contracts.listByOrganization(org.id);
    const covered = contracts.some((c) => c.starts_on <= today && today <= c.ends_on);
    const ended = contracts.filter((c) => c.ends_on < today).map((c) => c.ends_on).sort();
    if (!covered && ended.length && !org.lapsed_since) {
      await this.lapse(tx, org, dayAfter(ended.at(-1)!), now, ctx);
      return 'lapsed';
    }
    if (covered && org.lapsed_since) {
      await this.reinstate(tx, org, now, ctx);
      return 'reinstated';
    }
    return 'unchanged';
  }

  private async lapse(tx: Repositories, org: OrganizationRow, since: string, now: Date, ctx: Ctx) {
    const at = now.toISOString();
    await tx.organizations.setLapsedSince(org.id, since, at);
    const held = await tx.cases.holdForLapse(org.id, at);
    await this.auditCases(tx, ctx, now, org.id, held, (c) => ({ before: { status: c.status_before_hold }, after: { status: 'on_hold', holdReason: LAPSE_REASON } }));
    await tx.audit.record(ctx, now, { action: 'organization.lapse', targetType: 'organization', targetId: org.id, organizationId: org.id, after: { lapsedSince: since, casesOnHold: held.length } });
    await notify(tx, now, { userIds: await this.peopleToTell(tx, org.id), kind: 'organization.lapsed', caseId: null, data: { caseNumber: '', subject: '', organization: org.name, since } });
  }

  private async reinstate(tx: Repositories, org: OrganizationRow, now: Date, ctx: Ctx) {
    const at = now.toISOString();
    const since = org.lapsed_since!;
    await tx.organizations.setLapsedSince(org.id, null, at);
    const held = await tx.cases.heldForLapse(org.id);
    const restores: CaseClockRestore[] = [];
    const meters = new Map<string, Meter>();
    const meterOf = async (kind: HeldCase['sla_clock']) => meters.get(kind) ?? meters.set(kind, rememberingSpans(await this.sla.meter(org.region, kind))).get(kind)!;
    for (const c of held) {
      const restored = c.status_before_hold ?? 'open';
      const next: CaseClockRestore = { id: c.id, status: restored, sla_pause_reason: c.sla_pause_reason, sla_paused_since: c.sla_paused_since, sla_paused_ms: c.sla_paused_ms, sla_due_at: c.sla_due_at, sla_alert_at: null };
      // The clock resumes with none of the lapse counted, unless the case goes back to waiting on the customer.
      if (c.sla_pause_reason === LAPSE_REASON && restored !== 'waiting_on_customer') {
        const meter = await meterOf(c.sla_clock);
        Object.assign(next, resume(c, meter, now));
        next.sla_alert_at = nextAlertAt({ ...c, ...next }, meter);
      } else if (c.sla_pause_reason === LAPSE_REASON) next.sla_pause_reason = 'waiting_on_customer';
      restores.push(next);
    }
    await tx.cases.setMany(restores, { hold_reason: null, status_before_hold: null, updated_at: at });
    await tx.cases.endLapsePauses(org.id, at);
    await this.auditCases(tx, ctx, now, org.id, held, (c) => ({ before: { status: 'on_hold', holdReason: LAPSE_REASON }, after: { status: c.status_before_hold } }));
    await tx.audit.record(ctx, now, { action: 'organization.reinstate', targetType: 'organization', targetId: org.id, organizationId: org.id, before: { lapsedSince: since }, after: { casesRestored: held.length } });
    await notify(tx, now, { userIds: await this.peopleToTell(tx, org.id), kind: 'organization.reinstated', caseId: null, data: { caseNumber: '', subject: '', organization: org.name, since } });
  }

  /** The customer's admins, its TAM and its account manager. */
  private async peopleToTell(tx: Repositories, organizationId: string): Promise<string[]> {
    const admins = await tx.users.activeWithRole(organizationId, 'customer_admin');
    const team = await tx.accounts.accountTeam(organizationId);
    return [...admins, team?.tam_user_id, team?.account_manager_user_id].filter((x): x is string => x != null);
  }

  private async auditCases<T extends { id: string }>(tx: Repositories, ctx: Ctx, now: Date, organizationId: string, cases: T[], change: (c: T) => { before: unknown; after: unknown }) {
    for (let i = 0; i < cases.length; i += AUDIT_BATCH) {
      await tx.audit.recordMany(
        ctx,
        now,
        cases.slice(i, i + AUDIT_BATCH).map((c) => ({ action: 'case.update', targetType: 'case', targetId: c.id, organizationId, ...change(c) })),
      );
    }
  }

  /** The scheduled check: every customer whose state may have changed with the date, region by region. */
  async checkAll(): Promise<{ lapsed: number; reinstated: number }> {
    const now = this.clock.now();
    const counts = { lapsed: 0, reinstated: 0 };
    for (const region of Object.values(regions)) {
      const candidates = await this.store.read.organizations.candidatesForLapseCheck(region.code, localDate(now, region.timeZone));
      for (const { id } of candidates) {
        const outcome = await this.store.transaction((tx) => this.reconcile(tx, id, systemCtx('maintenance-check')));
        if (outcome !== 'unchanged') counts[outcome]++;
      }
    }
    return counts;
  }
}

