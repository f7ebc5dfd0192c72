import { pausedStatuses, type Priority } from '@casebook/contracts';
import type { RegionCode } from '@casebook/calendar';
import { newId } from '../../adapters/ids.ts';
import type { CaseEventsTable, CaseRow, CasesTable, CaseStatus, OrganizationRow } from '../../db/schema.ts';
import type { Repositories } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import { isStaff, type Ctx, type UserActor } from '../identity/actor.ts';
import { entitlementOf } from '../contracts/contract.service.ts';
import { notify } from '../notifications/notification.service.ts';
import { casePolicy as policy } from './case.policy.ts';
import { caseNumber } from './case.mappers.ts';
import { autoCloseJob } from './case.jobs.ts';
import { customerRecipients } from './case-recipients.ts';
import type { CaseDeps, CaseSettings } from './case-deps.ts';

/** The helpers several case operations share: changes to a case's row, its thread and its clock. */

export type CaseEvent = { kind: CaseEventsTable['kind']; from: string; to: string };

export const DAY = 86_400_000;
export const isUrgent = (p: Priority) => p === 'critical' || p === 'serious';

export const invalid = (path: string, message: string) => new AppError('validation_failed', {}, { errors: [{ path, message }] });

export function hotline(settings: CaseSettings, org: Pick<OrganizationRow, 'region'>) {
  return { region: org.region, phone: settings.support.phones[org.region] };
}

export async function regionOf(tx: Repositories, c: Pick<CaseRow, 'organization_id'>): Promise<RegionCode> {
  const org = await tx.organizations.find(c.organization_id);
  if (!org) throw new AppError('not_found');
  return org.region;
}

/** The case's region, read at most once however many steps of one change ask for it (the clock, then its next alert). */
export function regionOnce(tx: Repositories, c: Pick<CaseRow, 'organization_id'>): () => Promise<RegionCode> {
  let region: Promise<RegionCode> | undefined;
  return () => (region ??= regionOf(tx, c));
}

/** What moving a case to `to` changes on its row; refuses what the actor may not do and what makes no sense. */
export async function statusChange(deps: Pick<CaseDeps, 'settings'>, tx: Repositories, actor: UserActor, current: CaseRow, to: CaseStatus, reason: string | undefined, now: Date): Promise<Partial<CasesTable>> {
  if (!policy.canSetStatus(actor, current.status, to)) throw new AppError('forbidden');
  if (!policy.canTransition(current.status, to)) throw new AppError('invalid_transition', { from: current.status, to });
  const at = now.toISOString();
  const set: Partial<CasesTable> = { status: to };
  if (to === 'on_hold') {
    set.hold_reason = reason ?? 'on_request';
    set.status_before_hold = current.status;
  } else if (current.status === 'on_hold') {
    set.hold_reason = null;
    set.status_before_hold = null;
  }
  if (to === 'resolved') {
    set.resolved_at = at;
    const closeAt = new Date(now.getTime() + deps.settings.autoCloseDays * DAY);
    await tx.jobs.enqueue(autoCloseJob, { caseId: current.id, resolvedAt: at }, now, { runAt: closeAt, idempotencyKey: `auto-close:${current.id}:${at}` });
  }
  if (current.status === 'resolved' && to === 'open') set.resolved_at = null;
  if (to === 'closed') set.closed_at = at;
  return set;
}

/**
 * Puts status and priority changes on the thread, in words with their reason, and tells the
 * customer side in one notification: waiting on the customer and resolved keep their own words,
 * anything else (a priority downgrade, say) says what changed and why.
 */
export async function recordEvents(tx: Repositories, ctx: Ctx, now: Date, current: CaseRow, events: CaseEvent[], reason: string | null) {
  if (events.length === 0) return;
  const by = ctx.actor.kind === 'user' ? { id: ctx.actor.id, name: ctx.actor.name, isStaff: isStaff(ctx.actor) } : { id: null, name: 'Casebook', isStaff: true };
  await putOnThread(tx, by, now, current, events, reason);
  const only = events.length === 1 ? events[0] : undefined;
  const data = { caseNumber: caseNumber(current.number), subject: current.subject, by: by.name, ...(reason && { reason }) };
  const kind = only?.kind === 'status_changed' && only.to === 'resolved' ? 'case.resolved' : only?.kind === 'status_changed' && only.to === 'waiting_on_customer' ? 'case.waiting_on_customer' : 'case.changed';
  await notify(tx, now, {
    userIds: await customerRecipients(tx, current),
    kind,
    caseId: current.id,
    data: kind === 'case.changed' ? { ...data, changes: events } : data,
    exceptUserId: by.id,
  });
}

export async function putOnThread(tx: Repositories, by: { id: string | null; name: string; isStaff: boolean }, now: Date, current: CaseRow, events: CaseEvent[], reason: string | null) {
  for (const e of events) {
    const row: CaseEventsTable = {
      id: newId(),
      case_id: current.id,
      kind: e.kind,
      from_value: e.from,
      to_value: e.to,
      reason,
      actor_id: by.id,
      actor_label: by.name,
      actor_is_staff: by.isStaff ? 1 : 0,
      created_at: now.toISOString(),
    };
    await tx.cases.insertEvent(row);
  }
}

/**
 * What a change does to the first-response clock: waiting on the customer or on hold pauses it,
 * leaving those resumes it, and a staff priority change recomputes it from `received_at`.
 */
export async function clockChanges(deps: Pick<CaseDeps, 'sla' | 'clock'>, tx: Repositories, current: CaseRow, set: Partial<CasesTable>, region = regionOnce(tx, current)): Promise<Partial<CasesTable>> {
  const paused = (s: CaseStatus) => (pausedStatuses as readonly CaseStatus[]).includes(s);
  let clock: Partial<CasesTable> = {};
  const to = set.status ?? current.status;
  if (paused(to) && !paused(current.status)) clock = deps.sla.pause(current, to === 'on_hold' ? (set.hold_reason ?? 'on_hold') : 'waiting_on_customer');
  if (!paused(to) && paused(current.status)) clock = await deps.sla.resume(current, await region());
  if (set.priority && set.priority !== current.priority) {
    const org = await tx.organizations.find(current.organization_id);
    if (org) {
      const plan = (await entitlementOf(tx, org, deps.clock.now())).plan ?? 'standard';
      clock = { ...clock, ...(await deps.sla.retarget(tx, { ...current, ...clock }, org.region, set.priority, plan)) };
    }
  }
  return clock;
}
