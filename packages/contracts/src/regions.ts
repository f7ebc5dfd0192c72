import { z } from 'zod';
import { calendarDate } from './contracts.ts';
import { isoDateTime, locale, regionCode } from './common.ts';
import { priority } from './cases.ts';

export const region = z.object({
  code: regionCode,
  name: z.string(),
  names: z.object({ en: z.string(), fr: z.string() }),
  timeZone: z.string(),
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workingDays: z.array(z.number().int().min(1).max(7)),
  opensAt: z.string(),
  closesAt: z.string(),
  phone: z.string(),
  email: z.string(),
});

export const regionStatus = z.object({
  region: regionCode,
  at: isoDateTime,
  open: z.boolean(),
  reason: z.enum(['open', 'weekend', 'holiday', 'outside_hours']),
  holiday: z.object({ date: calendarDate, name: z.string(), names: z.object({ en: z.string(), fr: z.string() }) }).optional(),
  nextOpenAt: isoDateTime,
  closesAt: isoDateTime.optional(),
  /** An engineer of the region's business-hours rota is on duty at that instant (the centre is open and a rota covers it). */
  onDutyNow: z.boolean(),
});

/** The years the regional calendars are computed for; instants and days outside them are refused. */
export const CALENDAR_YEARS = { first: 2000, last: 2100 } as const;
const inCalendarYears = (value: string) => {
  const year = Number(value.slice(0, 4));
  return year >= CALENDAR_YEARS.first && year <= CALENDAR_YEARS.last;
};
const outOfRange = `must be in the years ${CALENDAR_YEARS.first} to ${CALENDAR_YEARS.last}`;

/** An instant the regional calendars can answer for (the year is read in UTC). */
export const calendarInstant = isoDateTime.refine((v) => {
  // Zod runs the refinement even after the format check failed: guard against a non-date.
  const t = Date.parse(v);
  return Number.isFinite(t) && inCalendarYears(new Date(t).toISOString());
}, outOfRange);
/** A day the regional calendars can answer for. */
export const calendarDay = calendarDate.refine(inCalendarYears, outOfRange);

export const regionStatusQuery = z.object({ at: calendarInstant.optional() });

export const holidaysQuery = z.object({
  year: z.coerce.number().int().min(CALENDAR_YEARS.first).max(CALENDAR_YEARS.last),
  lang: locale.default('en'),
});

export const holidayEntry = z.object({ date: calendarDate, name: z.string(), kind: z.enum(['national', 'closure']) });

export const closureRequest = z.object({ date: calendarDay, name: z.string().trim().min(1).max(200) });

export const slaTarget = z.object({
  priority,
  plan: z.enum(['standard', 'premium']),
  minutes: z.number().int().min(1).max(100_000),
  clock: z.enum(['business', '24x7']),
});

export const slaPreviewQuery = z.object({
  region: regionCode,
  plan: z.enum(['standard', 'premium']),
  priority,
  receivedAt: calendarInstant,
});

export const slaPreview = z.object({ targetMinutes: z.number().int(), clock: z.enum(['business', '24x7']), dueAt: isoDateTime });
