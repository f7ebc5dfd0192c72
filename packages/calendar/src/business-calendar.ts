import { nationalHolidays, type Holiday } from './holidays.ts';
import type { Region } from './regions.ts';
import { addDays, formatDate, isoWeekday, parseDate, wallTime, zonedToUtc } from './zoned.ts';

const MINUTE = 60_000;

/** An admin's changes to a region's calendar: extra closures, and holidays not taken in a given year. */
export interface CalendarAdjustments {
  closures: { date: string; name: string }[];
  /** Dates of national holidays on which the centre works after all. */
  removedHolidays: string[];
}

export type ClosedReason = 'weekend' | 'holiday' | 'outside_hours';

export interface RegionStatus {
  open: boolean;
  reason: 'open' | ClosedReason;
  holiday?: { date: string; name: { en: string; fr: string } };
  /** The next time the centre opens (after the current period, when open now). */
  nextOpenAt: Date;
  /** When the current period ends, while open. */
  closesAt?: Date;
}

export interface CalendarHoliday extends Holiday {
  kind: 'national' | 'closure';
}

/** The business periods of one year, as sorted instants with running totals for O(log n) arithmetic. */
interface YearTable {
  starts: Float64Array;
  ends: Float64Array;
  /** Business milliseconds before period i. */
  before: Float64Array;
  total: number;
}

const hhmm = (s: string) => s.split(':').map(Number) as [number, number];

/**
 * One regional centre's business time: open or closed at an instant, and arithmetic in business
 * minutes. Each year's periods are computed once (with daylight-saving changes and holidays
 * already applied), after which adding minutes is two binary searches.
 */
export class BusinessCalendar {
  private readonly years = new Map<number, YearTable>();
  private readonly closures: Map<string, string>;
  private readonly removed: Set<string>;

  constructor(
    readonly region: Region,
    adjustments: CalendarAdjustments = { closures: [], removedHolidays: [] },
  ) {
    this.closures = new Map(adjustments.closures.map((c) => [c.date, c.name]));
    this.removed = new Set(adjustments.removedHolidays);
  }

  /** Holidays and closures of a year, with names in both languages. */
  holidays(year: number): CalendarHoliday[] {
    const list: CalendarHoliday[] = nationalHolidays(this.region.code, year)
      .filter((h) => !this.removed.has(h.date))
      .map((h) => ({ ...h, kind: 'national' as const }));
    for (const [date, name] of this.closures) {
      if (!date.startsWith(`${year}-`)) continue;
      const existing = list.find((h) => h.date === date);
      if (existing) continue;
      list.push({ date, name: { en: name, fr: name }, kind: 'closure' });
    }
    return list.sort((a, b) => a.date.localeCompare(b.date));
  }

  holidayOn(date: string): CalendarHoliday | undefined {
    return this.holidays(Number(date.slice(0, 4))).find((h) => h.date === date);
  }

  private table(year: number): YearTable {
    let t = this.years.get(year);
    if (t) return t;
    const closed = new Set(this.holidays(year).map((h) => h.date));
    const [oh, om] = hhmm(this.region.opensAt);
    const [ch, cm] = hhmm(this.region.closesAt);
    const starts: number[] = [];
    const ends: number[] = [];
    for (let date = `${year}-01-01`; date.startsWith(`${year}-`); date = addDays(date, 1)) {
      const { year: y, month: m, day: d } = parseDate(date);
      if (!this.region.workingDays.includes(isoWeekday(y, m, d) as never) || closed.has(date)) continue;
      starts.push(zonedToUtc(y, m, d, oh, om, this.region.timeZone));
      ends.push(zonedToUtc(y, m, d, ch, cm, this.region.timeZone));
    }
    const before = new Float64Array(starts.length);
    let total = 0;
    for (let i = 0; i < starts.length; i++) {
      before[i] = total;
      total += ends[i]! - starts[i]!;
    }
    t = { starts: Float64Array.from(starts), ends: Float64Array.from(ends), before, total };
    this.years.set(year, t);
    return t;
  }

  /** The year table and index of the first period that ends after `ms`. */
  private locate(ms: number): { year: number; table: YearTable; index: number } {
    let year = new Date(ms).getUTCFullYear();
    const previous = this.table(year - 1);
    if (previous.ends.length && previous.ends[previous.ends.length - 1]! > ms) year -= 1;
    for (;;) {
      const table = this.table(year);
      const { ends } = table;
      let lo = 0;
      let hi = ends.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (ends[mid]! <= ms) lo = mid + 1;
        else hi = mid;
      }
      if (lo < ends.length) return { year, table, index: lo };
      year += 1;
    }
  }

  /** Whether the centre is open at `at`; if not, why, and when it next opens. */
  status(at: Date): RegionStatus {
    const ms = at.getTime();
    const { table, index } = this.locate(ms);
    const inside = table.starts[index]! <= ms;
    if (inside) {
      const next = this.locate(table.ends[index]!);
      return { open: true, reason: 'open', closesAt: new Date(table.ends[index]!), nextOpenAt: new Date(next.table.starts[next.index]!) };
    }
    const w = wallTime(ms, this.region.timeZone);
    const date = formatDate(w.year, w.month, w.day);
    const holiday = this.holidayOn(date);
    const weekday = isoWeekday(w.year, w.month, w.day);
    const reason: ClosedReason = holiday ? 'holiday' : !this.region.workingDays.includes(weekday as never) ? 'weekend' : 'outside_hours';
    return { open: false, reason, ...(holiday && { holiday: { date: holiday.date, name: holiday.name } }), nextOpenAt: new Date(table.starts[index]!) };
  }

  /** The next opening at or after `at` (`at` itself when open). */
  nextOpening(at: Date): Date {
    const { table, index } = this.locate(at.getTime());
    return new Date(Math.max(table.starts[index]!, at.getTime()));
  }

  /**
   * The instant `minutes` business minutes after `from`. A result that falls exactly on a closing
   * time stays there ("due by 17:00") rather than moving to the next opening.
   */
  addBusinessMinutes(from: Date, minutes: number): Date {
    if (minutes <= 0) return from;
    const ms = from.getTime();
    const located = this.locate(ms);
    const { index } = located;
    let { year, table } = located;
    let target = table.before[index]! + Math.max(0, ms - table.starts[index]!) + minutes * MINUTE;
    while (target > table.total) {
      target -= table.total;
      year += 1;
      table = this.table(year);
    }
    // The first period whose end reaches the target.
    let lo = 0;
    let hi = table.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (table.before[mid]! + (table.ends[mid]! - table.starts[mid]!) >= target) hi = mid;
      else lo = mid + 1;
    }
    return new Date(table.starts[lo]! + (target - table.before[lo]!));
  }

  /** Business minutes between two instants (0 when `to` is not after `from`). */
  businessMinutesBetween(from: Date, to: Date): number {
    if (to.getTime() <= from.getTime()) return 0;
    const a = this.position(from.getTime());
    const b = this.position(to.getTime());
    let total = b.offset - a.offset;
    for (let y = a.year; y < b.year; y++) total += this.table(y).total;
    return total / MINUTE;
  }

  /** Business milliseconds from the start of the located year's first period to `ms`. */
  private position(ms: number): { year: number; offset: number } {
    const { year, table, index } = this.locate(ms);
    return { year, offset: table.before[index]! + Math.max(0, ms - table.starts[index]!) };
  }
}
