import { addDays, isoWeekday, parseDate, zonedToUtc } from '@casebook/calendar';

const DAY_MS = 86_400_000;

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayName = (typeof weekdays)[number];

/** A rota's rotation: who takes which shift. Pure data, read from the rota's row. */
export interface RotaSchedule {
  timeZone: string;
  /** The rotation starts at the first hand-off on or after this date (YYYY-MM-DD, in `timeZone`). */
  startsOn: string;
  /** Wall-clock time of every hand-off, HH:MM in `timeZone`. */
  handoffTime: string;
  /** The weekday of the first hand-off. */
  handoffDay: WeekdayName;
  shiftDays: number;
  /** In rotation order: the one on shift is primary, the next one secondary. */
  engineerIds: readonly string[];
}

/** An engineer covering a time range instead of the scheduled primary. */
export interface RotaOverride {
  id: string;
  userId: string;
  startsAt: string;
  endsAt: string;
  createdAt: string;
}

export interface OnDuty {
  primary: string;
  secondary: string | null;
  /** The span during which this pair is on duty (the shift, cut by overrides). */
  from: string;
  to: string;
  /** The override that put `primary` on duty, if any. */
  overrideId: string | null;
}

/** The date of the first hand-off: the first `handoffDay` on or after `startsOn`. */
export function firstHandoffDate(s: Pick<RotaSchedule, 'startsOn' | 'handoffDay'>): string {
  const { year, month, day } = parseDate(s.startsOn);
  const want = weekdays.indexOf(s.handoffDay) + 1;
  const shift = (want - isoWeekday(year, month, day) + 7) % 7;
  return addDays(s.startsOn, shift);
}

/** The instant shift `k` begins (k = 0 is the first), at the hand-off's wall time on its day. */
export function handoffAt(s: RotaSchedule, k: number): number {
  const { year, month, day } = parseDate(addDays(firstHandoffDate(s), k * s.shiftDays));
  const [hour, minute] = s.handoffTime.split(':').map(Number) as [number, number];
  return zonedToUtc(year, month, day, hour, minute, s.timeZone);
}

/** The shift running at `at`, or -1 before the first hand-off. */
export function shiftIndexAt(s: RotaSchedule, at: number): number {
  const first = handoffAt(s, 0);
  if (at < first) return -1;
  // A day-length estimate, then corrected: daylight-saving changes move hand-offs by an hour.
  let k = Math.floor((at - first) / (s.shiftDays * DAY_MS));
  while (k > 0 && handoffAt(s, k) > at) k--;
  while (handoffAt(s, k + 1) <= at) k++;
  return k;
}

function coveringOverride(overrides: readonly RotaOverride[], at: number): RotaOverride | undefined {
  // The latest override wins where two overlap: it is the newer decision.
  return overrides
    .filter((o) => Date.parse(o.startsAt) <= at && at < Date.parse(o.endsAt))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

/** Who is on duty at `at`: the shift's engineer (or the override's), and the next one in rotation. */
export function onDutyAt(s: RotaSchedule, overrides: readonly RotaOverride[], at: number): OnDuty | null {
  const n = s.engineerIds.length;
  const k = shiftIndexAt(s, at);
  if (n === 0 || k < 0) return null;
  const scheduled = s.engineerIds[k % n]!;
  let from = handoffAt(s, k);
  let to = handoffAt(s, k + 1);
  // The pair holds until the next change: a hand-off, or an override starting or ending.
  for (const o of overrides) {
    for (const edge of [Date.parse(o.startsAt), Date.parse(o.endsAt)]) {
      if (edge <= at && edge > from) from = edge;
      if (edge > at && edge < to) to = edge;
    }
  }
  const override = coveringOverride(overrides, at);
  const primary = override?.userId ?? scheduled;
  // Second in line: the next engineer in rotation order; the one an override replaced (likely
  // away) only when there is nobody else.
  const order = Array.from({ length: n - 1 }, (_, i) => s.engineerIds[(k + 1 + i) % n]!);
  const secondary = order.find((id) => id !== primary && id !== scheduled) ?? (scheduled !== primary ? scheduled : null);
  return { primary, secondary, from: new Date(from).toISOString(), to: new Date(to).toISOString(), overrideId: override?.id ?? null };
}

/** Every span of duty between `from` and `to`, in order, for the rota's timeline. */
export function dutyTimeline(s: RotaSchedule, overrides: readonly RotaOverride[], from: number, to: number): OnDuty[] {
  const spans: OnDuty[] = [];
  let at = Math.max(from, handoffAt(s, 0));
  while (at < to && spans.length < 1000) {
    const duty = onDutyAt(s, overrides, at);
    if (!duty) break;
    const span = { ...duty, from: new Date(at).toISOString(), to: new Date(Math.min(Date.parse(duty.to), to)).toISOString() };
    const last = spans.at(-1);
    if (last && last.primary === span.primary && last.secondary === span.secondary && last.overrideId === span.overrideId && last.to === span.from) last.to = span.to;
    else spans.push(span);
    at = Date.parse(duty.to);
  }
  return spans;
}
