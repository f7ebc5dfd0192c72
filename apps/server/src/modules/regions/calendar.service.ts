import { BusinessCalendar, regions, type RegionCode } from '@casebook/calendar';
import type { Clock } from '../../adapters/clock.ts';
import type { Config } from '../../config.ts';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import type { Ctx, UserActor } from '../identity/actor.ts';
import { regionPolicy } from './region.policy.ts';

/** How long a process trusts its copy of a region's closures before reading them again. */
const CACHE_MS = 60_000;


/**
 * The four regional centres' calendars, with admins' closures applied. Each process keeps a
 * calendar per region and rebuilds it when closures change here, or after a minute (another
 * process may have changed them).
 */
export class CalendarService {
  /** Built once per process (services.ts), so each year's business periods are computed once: thousands of time-zone conversions, then microseconds a use. */
  private readonly cache = new Map<RegionCode, { calendar: BusinessCalendar; loadedAt: number }>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly support: Config['support'],
  ) {}

  regionOrNotFound(code: string): RegionCode {
    if (!(code in regions)) throw new AppError('not_found');
    return code as RegionCode;
  }

  /** The region's calendar, with its closures read in the current transaction if there is one (Store.read). */
  async forRegion(code: RegionCode): Promise<BusinessCalendar> {
    const cached = this.cache.get(code);
    const now = this.clock.now().getTime();
    if (cached && Math.abs(now - cached.loadedAt) < CACHE_MS) return cached.calendar;
    const rows = await this.store.read.calendars.closures(code);
    const calendar = new BusinessCalendar(regions[code], {
      closures: rows.filter((r) => r.kind === 'closure').map((r) => ({ date: r.date, name: r.name })),
      removedHolidays: rows.filter((r) => r.kind === 'removed_holiday').map((r) => r.date),
    });
    this.cache.set(code, { calendar, loadedAt: now });
    return calendar;
  }

  list() {
    return Object.values(regions).map((r) => ({
      code: r.code,
      name: r.name.en,
      names: r.name,
      timeZone: r.timeZone,
      workingDays: [...r.workingDays],
      opensAt: r.opensAt,
      closesAt: r.closesAt,
      phone: this.support.phones[r.code],
      email: this.support.email,
    }));
  }

  async status(code: string, at: Date | undefined) {
    const region = this.regionOrNotFound(code);
    const s = (await this.forRegion(region)).status(at ?? this.clock.now());
    return {
      region,
      at: (at ?? this.clock.now()).toISOString(),
      open: s.open,
      reason: s.reason,
      ...(s.holiday && { holiday: { date: s.holiday.date, name: s.holiday.name.en, names: s.holiday.name } }),
      nextOpenAt: s.nextOpenAt.toISOString(),
      ...(s.closesAt && { closesAt: s.closesAt.toISOString() }),
    };
  }

  async holidays(code: string, year: number, lang: 'en' | 'fr') {
    const calendar = await this.forRegion(this.regionOrNotFound(code));
    return calendar.holidays(year).map((h) => ({ date: h.date, name: h.name[lang], kind: h.kind }));
  }

  /** Closes a centre for a day (a company closure), with a name shown to customers. */
  async addClosure(ctx: Ctx & { actor: UserActor }, code: string, date: string, name: string) {
    if (!regionPolicy.canEditCalendar(ctx.actor)) throw new AppError('forbidden');
    const region = this.regionOrNotFound(code);
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      await tx.calendars.upsert({ region, date, name, kind: 'closure', created_at: now.toISOString() });
      await tx.audit.record(ctx, now, { action: 'region.closure_add', targetType: 'region', targetId: region, after: { date, name } });
    });
    this.cache.delete(region);
    return this.holidays(region, Number(date.slice(0, 4)), ctx.actor.locale);
  }

  /** Removes a closure, or, on a national holiday, keeps the centre open that day. */
  async removeClosure(ctx: Ctx & { actor: UserActor }, code: string, date: string) {
    if (!regionPolicy.canEditCalendar(ctx.actor)) throw new AppError('forbidden');
    const region = this.regionOrNotFound(code);
    const now = this.clock.now();
    const calendar = await this.forRegion(region);
    const holiday = calendar.holidayOn(date);
    const existing = await this.store.read.calendars.find(region, date);
    if (!holiday && !existing) throw new AppError('not_found');
    await this.store.transaction(async (tx) => {
      if (existing?.kind === 'closure') {
        await tx.calendars.remove(region, date);
      } else if (holiday?.kind === 'national') {
        await tx.calendars.upsert({ region, date, name: holiday.name.en, kind: 'removed_holiday', created_at: now.toISOString() });
      }
      await tx.audit.record(ctx, now, { action: 'region.closure_remove', targetType: 'region', targetId: region, before: { date, name: holiday?.name.en ?? existing?.name } });
    });
    this.cache.delete(region);
  }
}
