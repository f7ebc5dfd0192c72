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
import { queued } from '../../jobs/job.repository.ts';
import { slaBreachJob, slaWarningJob } from './sla.jobs.ts';

type Plan = 'standard' | 'premium';
export interface Target {
  minutes: number;
  clock: 'business' | '24x7';
}

/** Share of the target at which staff are warned. */
export const WARNING_AT = 0.75;

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

  /** Clock fields of a new case. */
  async start(repos: Repositories, region: RegionCode, priority: Priority, plan: Plan, receivedAt: Date) {
    const target = await this.target(repos, priority, plan);
    const fields = { sla_target_minutes: target.minutes, sla_clock: target.clock, sla_paused_ms: 0, sla_paused_since: null, sla_pause_reason: null, sla_met_at: null };
    const due = dueAt({ ...fields, received_at: receivedAt.toISOString() }, await this.meter(region, target.clock));
    return { ...fields, sla_due_at: due.toISOString() };
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

  /**
   * Queues the warning (75%) and breach (100%) timers for the clock's current due time. Each is
   * keyed by that due time: a moved clock queues new timers, and the old ones find the due time
   * changed and do nothing.
   */
  async schedule(tx: Repositories, c: CaseRow, region: RegionCode): Promise<void> {
    await tx.jobs.enqueueMany(await this.timers(tx, c, region), this.clock.now());
  }

  /** The warning and breach timers of a running clock, to queue (in bulk when many clocks move at once). */
  async timers(repos: Repositories, c: ClockFields & Pick<CaseRow, 'id' | 'sla_due_at'>, region: RegionCode) {
    if (!c.sla_due_at || c.sla_met_at || c.sla_paused_since) return [];
    const meter = await this.meter(region, c.sla_clock);
    const warnAt = meter.add(new Date(c.received_at), c.sla_target_minutes * WARNING_AT + Number(c.sla_paused_ms) / 60_000);
    const payload = { caseId: c.id, dueAt: c.sla_due_at };
    return [
      queued(slaWarningJob, payload, { runAt: warnAt, idempotencyKey: `sla-warning:${c.id}:${c.sla_due_at}` }),
      queued(slaBreachJob, payload, { runAt: new Date(c.sla_due_at), idempotencyKey: `sla-breach:${c.id}:${c.sla_due_at}` }),
    ];
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
