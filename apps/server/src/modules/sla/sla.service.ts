import type { RegionCode } from '@casebook/calendar';
import type { Priority } from '@casebook/contracts';
import type { Clock } from '../../adapters/clock.ts';
import type { CaseRow, CasesTable } from '../../db/schema.ts';
import type { Repositories, Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import type { Ctx, UserActor } from '../identity/actor.ts';
import type { CalendarService } from '../regions/calendar.service.ts';
import { slaPolicy } from './sla.policy.ts';
import { dueAt, firstResponse, meterFor, pause, resume, type ClockFields, type Meter } from './first-response.ts';

type Plan = 'standard' | 'premium';
export interface Target {
  minutes: number;
  clock: 'business' | '24x7';
}

/** Share of the target at which staff are warned. */
export const WARNING_AT = 0.75;

const STOPPED: ReadonlySet<string> = new Set(['resolved', 'closed']);

/** What decides a clock's next alert. */
export type AlertFields = ClockFields & Pick<CaseRow, 'status' | 'sla_due_at' | 'sla_warned_for' | 'sla_breach_alerted_for'>;

/** Whether the clock runs towards its due time: not met, not paused, on a case still being worked. */
export function clockRunning(c: AlertFields): boolean {
  return c.sla_due_at != null && !c.sla_met_at && !c.sla_paused_since && !STOPPED.has(c.status);
}

/** When the running clock reaches WARNING_AT of its target: the paused time moves it as it moves the due time. */
export function warningAt(c: ClockFields, meter: Meter): Date {
  return meter.add(new Date(c.received_at), c.sla_target_minutes * WARNING_AT + Number(c.sla_paused_ms) / 60_000);
}

/**
 * When the alert sweep (SlaAlerts) must next look at the clock: the warning's time until the
 * warning for the current due time went out, then the due time until the breach alert did; null
 * when the clock is not running or both went out. Kept in `cases.sla_alert_at`.
 */
export function nextAlertAt(c: AlertFields, meter: Meter): string | null {
  if (!clockRunning(c)) return null;
  if (c.sla_warned_for !== c.sla_due_at) return warningAt(c, meter).toISOString();
  if (c.sla_breach_alerted_for !== c.sla_due_at) return c.sla_due_at;
  return null;
}

/** The fields whose change can move a clock's next alert. */
const ALERT_INPUTS = ['status', 'sla_due_at', 'sla_met_at', 'sla_paused_since', 'sla_paused_ms', 'sla_target_minutes', 'sla_warned_for', 'sla_breach_alerted_for'] as const;

/** Service-level targets and the first-response clock of every case. */
export class SlaService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
  ) {}

  /** The clock's meter: business minutes of the region's calendar, or wall-clock minutes. */
  async meter(region: RegionCode, kind: Target['clock']): Promise<Meter> {
    return meterFor(kind, await this.calendars.forRegion(region));
  }

  async target(repos: Repositories, priority: Priority, plan: Plan): Promise<Target> {
    const row = (await repos.calendars.targets()).find((t) => t.priority === priority && t.plan === plan);
    if (!row) throw new Error(`no service-level target for ${priority}/${plan}`);
    return { minutes: row.minutes, clock: row.clock };
  }

  /** Clock fields of a new case, with its first alert: the warning. */
  async start(repos: Repositories, region: RegionCode, priority: Priority, plan: Plan, receivedAt: Date) {
    const target = await this.target(repos, priority, plan);
    const clock = { sla_target_minutes: target.minutes, sla_clock: target.clock, sla_paused_ms: 0, sla_paused_since: null, sla_pause_reason: null, sla_met_at: null };
    const meter = await this.meter(region, target.clock);
    const started = { ...clock, received_at: receivedAt.toISOString() };
    return { ...clock, sla_due_at: dueAt(started, meter).toISOString(), sla_alert_at: warningAt(started, meter).toISOString() };
  }

  /**
   * The case's next alert after `set` is applied to it, as a change to add to `set`: nothing when
   * `set` touches nothing the alert depends on. Every change that moves, pauses, stops or restarts
   * a clock goes through here (or `nextAlertAt`, for many cases at once), so the sweep sees it.
   */
  async alertChange(current: CaseRow, set: Partial<CasesTable>, region: () => Promise<RegionCode>): Promise<Partial<CasesTable>> {
    if (!ALERT_INPUTS.some((k) => k in set)) return {};
    const next = { ...current, ...set };
    const alert = clockRunning(next) ? nextAlertAt(next, await this.meter(await region(), next.sla_clock)) : null;
    return alert === current.sla_alert_at ? {} : { sla_alert_at: alert };
  }

  /** A staff priority change: the clock is recomputed from `received_at` with the new target. */
  async retarget(repos: Repositories, c: ClockFields, region: RegionCode, priority: Priority, plan: Plan): Promise<Partial<CasesTable>> {
    const target = await this.target(repos, priority, plan);
    const next = { ...c, sla_target_minutes: target.minutes, sla_clock: target.clock };
    const meter = await this.meter(region, target.clock);
    return { sla_target_minutes: target.minutes, sla_clock: target.clock, ...(!c.sla_paused_since && !c.sla_met_at && { sla_due_at: dueAt(next, meter).toISOString() }) };
  }

  pause(c: ClockFields, reason: string): Partial<CasesTable> {
    return pause(c, this.clock.now(), reason);
  }

  async resume(c: ClockFields, region: RegionCode): Promise<Partial<CasesTable>> {
    return resume(c, await this.meter(region, c.sla_clock), this.clock.now());
  }

  met(c: ClockFields): Partial<CasesTable> {
    if (c.sla_met_at) return {};
    // A reply while paused closes the pause too; nothing more will count.
    return { sla_met_at: this.clock.now().toISOString(), sla_paused_since: null, sla_pause_reason: null };
  }

  async view(c: ClockFields, region: RegionCode) {
    return firstResponse(c, await this.meter(region, c.sla_clock), this.clock.now());
  }

  async targets() {
    const rows = await this.store.read.calendars.targets();
    return rows.map((r) => ({ priority: r.priority, plan: r.plan, minutes: r.minutes, clock: r.clock }));
  }

  async setTargets(ctx: Ctx & { actor: UserActor }, targets: { priority: Priority; plan: Plan; minutes: number; clock: Target['clock'] }[]) {
    if (!slaPolicy.canEditTargets(ctx.actor)) throw new AppError('forbidden');
    const now = this.clock.now();
    const before = await this.targets();
    await this.store.transaction(async (tx) => {
      for (const t of targets) await tx.calendars.setTarget(t);
      await tx.audit.record(ctx, now, { action: 'sla.targets_update', targetType: 'sla_targets', targetId: 'first_response', before, after: targets });
    });
    return this.targets();
  }

  async preview(region: RegionCode, plan: Plan, priority: Priority, receivedAt: Date) {
    const target = await this.target(this.store.read, priority, plan);
    const meter = await this.meter(region, target.clock);
    return { targetMinutes: target.minutes, clock: target.clock, dueAt: meter.add(receivedAt, target.minutes).toISOString() };
  }
}
