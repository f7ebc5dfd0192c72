/** Wall-clock arithmetic in IANA time zones, with nothing but Intl. */

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = partFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    partFormatters.set(timeZone, f);
  }
  return f;
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The wall-clock time at `ms` in `timeZone`. */
export function wallTime(ms: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute! };
}

/** How far `timeZone` is ahead of UTC at `ms`, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallTime(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return asUtc - (ms - (((ms % 60_000) + 60_000) % 60_000));
}

/**
 * The instant at which clocks in `timeZone` show the given wall time. A repeated time (clocks
 * going back) resolves to its first occurrence; a skipped one (clocks going forward) to the
 * instant as far after the gap as the time was into it, as Temporal's "compatible" option does.
 */
export function zonedToUtc(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const local = Date.UTC(year, month - 1, day, hour, minute);
  // Around a change there are at most two offsets: the one a day before and the one a day after.
  const candidates = [...new Set([local - offsetAt(local - 86_400_000, timeZone), local - offsetAt(local + 86_400_000, timeZone)])];
  const valid = candidates.filter((c) => {
    const w = wallTime(c, timeZone);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) === local;
  });
  return valid.length ? Math.min(...valid) : Math.max(...candidates);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export function isoWeekday(year: number, month: number, day: number): number {
  const d = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return d === 0 ? 7 : d;
}

export function formatDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function parseDate(date: string): { year: number; month: number; day: number } {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

/** The calendar date `days` after `date`. */
export function addDays(date: string, days: number): string {
  const { year, month, day } = parseDate(date);
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}
