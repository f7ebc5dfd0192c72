import type { BusinessCalendar } from '@casebook/calendar';
import type { CasesTable } from '../../db/schema.ts';

const MINUTE = 60_000;

/** Time as the clock counts it: business minutes of the home region, or wall-clock minutes. */
export interface Meter {
  add(from: Date, minutes: number): Date;
  between(from: Date, to: Date): number;
}

export function meterFor(kind: 'business' | '24x7', calendar: BusinessCalendar): Meter {
  if (kind === '24x7') {
    return { add: (from, minutes) => new Date(from.getTime() + minutes * MINUTE), between: (a, b) => Math.max(0, (b.getTime() - a.getTime()) / MINUTE) };
  }
  return { add: (from, minutes) => calendar.addBusinessMinutes(from, minutes), between: (a, b) => calendar.businessMinutesBetween(a, b) };
}

/**
 * The same meter, remembering the counted time between two instants: a lapse restoring thousands
 * of clocks paused at the same moment asks for the same span once per clock.
 */
export function rememberingSpans(meter: Meter): Meter {
  const spans = new Map<string, number>();
  return {
    add: (from, minutes) => meter.add(from, minutes),
    between: (a, b) => {
      const key = `${a.getTime()}:${b.getTime()}`;
      let span = spans.get(key);
      if (span === undefined) spans.set(key, (span = meter.between(a, b)));
      return span;
    },
  };
}

export type ClockFields = Pick<CasesTable, 'received_at' | 'sla_target_minutes' | 'sla_clock' | 'sla_paused_ms' | 'sla_paused_since' | 'sla_pause_reason' | 'sla_met_at'>;

/**
 * The clock runs on one axis of counted time (business or wall minutes): it is due when the time
 * counted since `received_at`, less the time spent paused, reaches the target. So the due time is
 * simply `received_at + target + paused`, and a pause moves it by exactly the paused time.
 */
export function dueAt(c: ClockFields, meter: Meter): Date {
  return meter.add(new Date(c.received_at), c.sla_target_minutes + Number(c.sla_paused_ms) / MINUTE);
}

/** Counted minutes the clock has run, up to `end`. */
function elapsed(c: ClockFields, meter: Meter, end: Date): number {
  const paused = Number(c.sla_paused_ms) / MINUTE + (c.sla_paused_since ? meter.between(new Date(c.sla_paused_since), end) : 0);
  return Math.max(0, meter.between(new Date(c.received_at), end) - paused);
}

export interface FirstResponse {
  targetMinutes: number;
  clock: 'business' | '24x7';
  dueAt: string;
  state: 'running' | 'paused' | 'met' | 'breached';
  pausedReason?: string;
  metAt?: string;
  breachedAt?: string;
  businessMinutesElapsed: number;
}

/** The first-response clock as a person reads it at `now`. */
export function firstResponse(c: ClockFields, meter: Meter, now: Date): FirstResponse {
  const end = c.sla_met_at ? new Date(c.sla_met_at) : now;
  const used = elapsed(c, meter, end);
  const remaining = c.sla_target_minutes - used;
  // While paused, the due time shown is when it would fall if the clock resumed now.
  const due = c.sla_paused_since && !c.sla_met_at ? meter.add(now, Math.max(0, remaining)) : dueAt(c, meter);
  const base = { targetMinutes: c.sla_target_minutes, clock: c.sla_clock, dueAt: due.toISOString(), businessMinutesElapsed: Math.round(used * 100) / 100 };
  const breached = remaining < 0 || (!c.sla_met_at && !c.sla_paused_since && now.getTime() >= due.getTime());
  const breachedAt = breached ? dueAt({ ...c, sla_paused_since: null }, meter).toISOString() : undefined;
  if (c.sla_met_at) return { ...base, state: breached ? 'breached' : 'met', metAt: c.sla_met_at, ...(breachedAt && { breachedAt }) };
  if (breached) return { ...base, state: 'breached', breachedAt: breachedAt! };
  if (c.sla_paused_since) return { ...base, state: 'paused', pausedReason: c.sla_pause_reason ?? 'paused' };
  return { ...base, state: 'running' };
}

/** The fields that pause the clock at `now`; nothing when it is stopped or already paused. */
export function pause(c: ClockFields, now: Date, reason: string): Partial<CasesTable> {
  if (c.sla_met_at || c.sla_paused_since) return {};
  return { sla_paused_since: now.toISOString(), sla_pause_reason: reason, sla_due_at: null };
}

/** The fields that resume a paused clock at `now`, adding exactly the paused time. */
export function resume(c: ClockFields, meter: Meter, now: Date): Partial<CasesTable> {
  if (!c.sla_paused_since || c.sla_met_at) return {};
  const pausedMs = Number(c.sla_paused_ms) + Math.round(meter.between(new Date(c.sla_paused_since), now) * MINUTE);
  const next = { ...c, sla_paused_ms: pausedMs, sla_paused_since: null };
  return { sla_paused_ms: pausedMs, sla_paused_since: null, sla_pause_reason: null, sla_due_at: dueAt(next, meter).toISOString() };
}
