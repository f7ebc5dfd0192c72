import type { RegionCode } from '@casebook/calendar';
import type { createOverrideRequest, createRotaRequest, updateRotaRequest } from '@casebook/contracts';
import type { z } from 'zod';
import type { Clock } from '../../adapters/clock.ts';
import { newId } from '../../adapters/ids.ts';
import type { RotaRow } from '../../db/schema.ts';
import type { Repositories, Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import type { UserActor, UserCtx } from '../identity/actor.ts';
import type { CalendarService } from '../regions/calendar.service.ts';
import { pagingPolicy as policy } from './paging.policy.ts';
import { dutyTimeline, onDutyAt, type OnDuty, type RotaOverride, type RotaSchedule } from './rota-schedule.ts';

type Person = { id: string; name: string; phone: string | null };
const DAY_MS = 86_400_000;

export function scheduleOf(r: RotaRow): RotaSchedule {
  return { timeZone: r.time_zone, startsOn: r.starts_on, handoffTime: r.handoff_time, handoffDay: r.handoff_day, shiftDays: r.shift_days, engineerIds: JSON.parse(r.engineer_ids) as string[] };
}

const invalid = (path: string, message: string) => new AppError('validation_failed', {}, { errors: [{ path, message }] });

/** The pair on duty for one rota at an instant, with overrides applied. */
export interface RotaDuty {
  rota: RotaRow;
  duty: OnDuty;
}

/**
 * On-duty rotas: who covers a region's cases while it is open (business hours) and premium
 * customers' critical and serious cases outside hours (after hours). Admins manage them; anyone on
 * staff may ask who is on duty.
 */
export class RotaService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
  ) {}

  /** Who is on duty for `kind` in `region` at `at`: the first rota (oldest) that has someone on shift. */
  async dutyFor(repos: Repositories, kind: RotaRow['kind'], region: RegionCode, at: Date): Promise<RotaDuty | null> {
    const rotas = await repos.paging.rotasFor(kind, region);
    const overrides = await this.overridesByRota(repos, rotas.map((r) => r.id), at.getTime() - 31 * DAY_MS);
    for (const rota of rotas) {
      const duty = onDutyAt(scheduleOf(rota), overrides.get(rota.id) ?? [], at.getTime());
      if (duty) return { rota, duty };
    }
    return null;
  }

  async onDuty(actor: UserActor, region: RegionCode, at: Date = this.clock.now()) {
    if (!policy.canSeeOnDuty(actor)) throw new AppError('forbidden');
    const regionOpen = (await this.calendars.forRegion(region)).status(at).open;
    const pair = async (d: RotaDuty | null) => {
      if (!d) return null;
      const people = await this.people(this.store.read, [d.duty.primary, d.duty.secondary]);
      return { rotaId: d.rota.id, rotaName: d.rota.name, primary: people.get(d.duty.primary)!, secondary: d.duty.secondary ? people.get(d.duty.secondary)! : null };
    };
    return {
      region,
      at: at.toISOString(),
      regionOpen,
      businessHours: regionOpen ? await pair(await this.dutyFor(this.store.read, 'business_hours', region, at)) : null,
      afterHours: regionOpen ? null : await pair(await this.dutyFor(this.store.read, 'after_hours', region, at)),
    };
  }

  /** Whether a person covers this customer right now: during hours the region's rota; after hours only premium with an after-hours rota. */
  async isCovered(region: RegionCode, plan: 'standard' | 'premium', at: Date = this.clock.now()): Promise<boolean> {
    const open = (await this.calendars.forRegion(region)).status(at).open;
    if (open) return (await this.dutyFor(this.store.read, 'business_hours', region, at)) != null;
    return plan === 'premium' && (await this.dutyFor(this.store.read, 'after_hours', region, at)) != null;
  }

  async list(actor: UserActor) {
    if (!policy.canSeeRotas(actor)) throw new AppError('forbidden');
    const rows = await this.store.read.paging.rotas();
    return { items: await Promise.all(rows.map((r) => this.toRota(r))) };
  }

  async get(actor: UserActor, id: string) {
    if (!policy.canSeeRotas(actor)) throw new AppError('forbidden');
    return this.toRota(await this.rota(id));
  }

  async timeline(actor: UserActor, id: string, query: { from?: string | undefined; days: number }) {
    if (!policy.canSeeRotas(actor)) throw new AppError('forbidden');
    const rota = await this.rota(id);
    const from = query.from ? Date.parse(query.from) : this.clock.now().getTime();
    const to = from + query.days * DAY_MS;
    const overrides = (await this.overridesByRota(this.store.read, [rota.id], from)).get(rota.id) ?? [];
    const spans = dutyTimeline(scheduleOf(rota), overrides, from, to);
    const people = await this.people(this.store.read, spans.flatMap((s) => [s.primary, s.secondary]));
    return {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      spans: spans.map((s) => ({ ...s, primary: people.get(s.primary)!, secondary: s.secondary ? people.get(s.secondary)! : null })),
    };
  }

  async create(ctx: UserCtx, input: z.infer<typeof createRotaRequest>) {
    if (!policy.canManage(ctx.actor)) throw new AppError('forbidden');
    await this.checkEngineers(input.engineerIds);
    const now = this.clock.now();
    const at = now.toISOString();
    const row: RotaRow = {
      id: newId(),
      name: input.name,
      kind: input.kind,
      regions: JSON.stringify([...new Set(input.regions)]),
      time_zone: input.timeZone,
      starts_on: input.startsOn,
      handoff_time: input.handoffTime,
      handoff_day: input.handoffDay,
      shift_days: input.shiftDays,
      engineer_ids: JSON.stringify(input.engineerIds),
      escalate_after_minutes: input.escalateAfterMinutes,
      created_at: at,
      updated_at: at,
    };
    await this.store.transaction(async (tx) => {
      await tx.paging.insertRota(row);
      await tx.audit.record(ctx, now, { action: 'rota.create', targetType: 'rota', targetId: row.id, after: input });
    });
    return this.toRota(row);
  }

  async update(ctx: UserCtx, id: string, changes: z.infer<typeof updateRotaRequest>) {
    if (!policy.canManage(ctx.actor)) throw new AppError('forbidden');
    const before = await this.rota(id);
    if (changes.engineerIds) await this.checkEngineers(changes.engineerIds);
    const now = this.clock.now();
    const after = await this.store.transaction(async (tx) => {
      const row = await tx.paging.updateRota(id, {
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.kind !== undefined && { kind: changes.kind }),
        ...(changes.regions !== undefined && { regions: JSON.stringify([...new Set(changes.regions)]) }),
        ...(changes.timeZone !== undefined && { time_zone: changes.timeZone }),
        ...(changes.startsOn !== undefined && { starts_on: changes.startsOn }),
        ...(changes.handoffTime !== undefined && { handoff_time: changes.handoffTime }),
        ...(changes.handoffDay !== undefined && { handoff_day: changes.handoffDay }),
        ...(changes.shiftDays !== undefined && { shift_days: changes.shiftDays }),
        ...(changes.engineerIds !== undefined && { engineer_ids: JSON.stringify(changes.engineerIds) }),
        ...(changes.escalateAfterMinutes !== undefined && { escalate_after_minutes: changes.escalateAfterMinutes }),
        updated_at: now.toISOString(),
      });
      await tx.audit.record(ctx, now, { action: 'rota.update', targetType: 'rota', targetId: id, before: this.auditShape(before), after: this.auditShape(row) });
      return row;
    });
    return this.toRota(after);
  }

  async remove(ctx: UserCtx, id: string): Promise<void> {
    if (!policy.canManage(ctx.actor)) throw new AppError('forbidden');
    const before = await this.rota(id);
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      await tx.paging.deleteRota(id);
      await tx.audit.record(ctx, now, { action: 'rota.delete', targetType: 'rota', targetId: id, before: this.auditShape(before) });
    });
  }

  async addOverride(ctx: UserCtx, rotaId: string, input: z.infer<typeof createOverrideRequest>) {
    if (!policy.canManage(ctx.actor)) throw new AppError('forbidden');
    await this.rota(rotaId);
    await this.checkEngineers([input.userId], 'body.userId');
    const now = this.clock.now();
    const row = { id: newId(), rota_id: rotaId, user_id: input.userId, starts_at: new Date(input.startsAt).toISOString(), ends_at: new Date(input.endsAt).toISOString(), created_by: ctx.actor.id, created_at: now.toISOString() };
    if (Date.parse(row.ends_at) <= now.getTime()) throw invalid('body.endsAt', 'must be in the future');
    await this.store.transaction(async (tx) => {
      await tx.paging.insertOverride(row);
      await tx.audit.record(ctx, now, { action: 'rota.override_add', targetType: 'rota', targetId: rotaId, after: { id: row.id, userId: row.user_id, startsAt: row.starts_at, endsAt: row.ends_at } });
    });
    return this.toRota(await this.rota(rotaId));
  }

  async removeOverride(ctx: UserCtx, rotaId: string, overrideId: string): Promise<void> {
    if (!policy.canManage(ctx.actor)) throw new AppError('forbidden');
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      const removed = await tx.paging.deleteOverride(rotaId, overrideId);
      if (!removed) throw new AppError('not_found');
      await tx.audit.record(ctx, now, { action: 'rota.override_remove', targetType: 'rota', targetId: rotaId, before: { id: removed.id, userId: removed.user_id, startsAt: removed.starts_at, endsAt: removed.ends_at } });
    });
  }

  private async rota(id: string): Promise<RotaRow> {
    const row = await this.store.read.paging.findRota(id);
    if (!row) throw new AppError('not_found');
    return row;
  }

  private async checkEngineers(ids: readonly string[], path = 'body.engineerIds') {
    const found = new Map((await this.store.read.paging.staff(ids)).map((p) => [p.id, p]));
    for (const id of ids) {
      const p = found.get(id);
      if (!p || !policy.canBeOnRota(p)) throw invalid(path, `${id} is not an active engineer or administrator`);
    }
  }

  private async overridesByRota(repos: Repositories, rotaIds: string[], endingAfter: number): Promise<Map<string, (RotaOverride & { userName: string })[]>> {
    const rows = await repos.paging.overrides(rotaIds, new Date(endingAfter).toISOString());
    const byRota = new Map<string, (RotaOverride & { userName: string })[]>();
    for (const o of rows) {
      const list = byRota.get(o.rota_id) ?? [];
      list.push({ id: o.id, userId: o.user_id, userName: o.user_name, startsAt: o.starts_at, endsAt: o.ends_at, createdAt: o.created_at });
      byRota.set(o.rota_id, list);
    }
    return byRota;
  }

  /** People by id, with their phone; a missing one (deleted since) shows as its id. */
  async people(repos: Repositories, ids: readonly (string | null)[]): Promise<Map<string, Person>> {
    const wanted = [...new Set(ids.filter((x): x is string => x != null))];
    const rows = await repos.paging.staff(wanted);
    const map = new Map<string, Person>(wanted.map((id) => [id, { id, name: id, phone: null }]));
    for (const r of rows) map.set(r.id, { id: r.id, name: r.name, phone: r.phone });
    return map;
  }

  private auditShape(r: RotaRow) {
    return { name: r.name, kind: r.kind, regions: JSON.parse(r.regions) as string[], timeZone: r.time_zone, startsOn: r.starts_on, handoffTime: r.handoff_time, handoffDay: r.handoff_day, shiftDays: r.shift_days, engineerIds: JSON.parse(r.engineer_ids) as string[], escalateAfterMinutes: r.escalate_after_minutes };
  }

  private async toRota(r: RotaRow) {
    const now = this.clock.now().getTime();
    const overrides = (await this.overridesByRota(this.store.read, [r.id], now)).get(r.id) ?? [];
    const schedule = scheduleOf(r);
    const duty = onDutyAt(schedule, overrides, now);
    const people = await this.people(this.store.read, [...schedule.engineerIds, duty?.primary ?? null, duty?.secondary ?? null]);
    return {
      id: r.id,
      name: r.name,
      kind: r.kind,
      regions: JSON.parse(r.regions) as RegionCode[],
      timeZone: r.time_zone,
      startsOn: r.starts_on,
      handoffTime: r.handoff_time,
      handoffDay: r.handoff_day,
      shiftDays: r.shift_days,
      engineers: schedule.engineerIds.map((id) => people.get(id)!),
      escalateAfterMinutes: r.escalate_after_minutes,
      overrides: overrides.map((o) => ({ id: o.id, userId: o.userId, userName: o.userName, startsAt: o.startsAt, endsAt: o.endsAt, createdAt: o.createdAt })),
      now: duty ? { ...duty, primary: people.get(duty.primary)!, secondary: duty.secondary ? people.get(duty.secondary)! : null } : null,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }
}
