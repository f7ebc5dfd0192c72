import { addDays, formatDate, isoWeekday } from './zoned.ts';

export interface Holiday {
  date: string;
  name: { en: string; fr: string };
}

/** The `n`th given ISO weekday of a month (n = -1 for the last). */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n > 0) {
    const first = isoWeekday(year, month, 1);
    return formatDate(year, month, 1 + ((weekday - first + 7) % 7) + (n - 1) * 7);
  }
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const last = isoWeekday(year, month, lastDay);
  return formatDate(year, month, lastDay - ((last - weekday + 7) % 7));
}

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm. */
function easter(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatDate(year, month, day);
}

const hebrewFormatter = new Intl.DateTimeFormat('en-u-ca-hebrew', { timeZone: 'UTC', day: 'numeric', month: 'long' });

/** 1 Tishri (Rosh Hashanah) of the Hebrew year that begins in Gregorian `year`, found with Intl's Hebrew calendar. */
function roshHashanah(year: number): string {
  for (let date = `${year}-09-01`; date < `${year}-10-10`; date = addDays(date, 1)) {
    const parts = hebrewFormatter.formatToParts(Date.parse(`${date}T12:00:00Z`));
    const month = parts.find((p) => p.type === 'month')?.value;
    const day = parts.find((p) => p.type === 'day')?.value;
    if (month === 'Tishri' && day === '1') return date;
  }
  throw new Error(`no 1 Tishri found in ${year}`);
}

/** US-style observance: a Saturday holiday is taken on the Friday, a Sunday one on the Monday. */
function observed(date: string): { date: string; shifted: boolean } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wd = isoWeekday(y, m, d);
  if (wd === 6) return { date: addDays(date, -1), shifted: true };
  if (wd === 7) return { date: addDays(date, 1), shifted: true };
  return { date, shifted: false };
}

function fixed(year: number, month: number, day: number, en: string, fr: string): Holiday {
  const o = observed(formatDate(year, month, day));
  return { date: o.date, name: o.shifted ? { en: `${en} (observed)`, fr: `${fr} (jour reporté)` } : { en, fr } };
}

/**
 * The vendor's own Americas calendar, by rule. For 2020 it yields exactly the support page's list;
 * the same rules give every other year. Fixed-date holidays falling on a weekend are observed on
 * the nearest weekday; Christmas Eve is the working day before Christmas as observed.
 */
export function vendorAmericasHolidays(year: number): Holiday[] {
  const christmas = fixed(year, 12, 25, 'Christmas Day', 'Jour de Noël');
  let eve = addDays(christmas.date, -1);
  for (let [y, m, d] = eve.split('-').map(Number) as [number, number, number]; isoWeekday(y, m, d) > 5; [y, m, d] = eve.split('-').map(Number) as [number, number, number]) {
    eve = addDays(eve, -1);
  }
  const thanksgiving = nthWeekday(year, 11, 4, 4);
  const rosh = observed(roshHashanah(year));
  const list: Holiday[] = [
    fixed(year, 1, 1, "New Year's Day", 'Nouvel An'),
    { date: nthWeekday(year, 1, 1, 3), name: { en: 'Martin Luther King Jr. Day', fr: 'Martin Luther King Day' } },
    { date: nthWeekday(year, 2, 1, 3), name: { en: "Presidents' Day", fr: 'Fête des présidents' } },
    { date: addDays(easter(year), -2), name: { en: 'Good Friday', fr: 'Vendredi saint' } },
    { date: nthWeekday(year, 5, 1, -1), name: { en: 'Memorial Day', fr: 'Memorial Day' } },
    fixed(year, 7, 4, 'Independence Day', 'Fête de l’Indépendance'),
    { date: nthWeekday(year, 9, 1, 1), name: { en: 'Labor Day', fr: 'Fête du travail' } },
    { date: rosh.date, name: rosh.shifted ? { en: 'Rosh Hashanah (observed)', fr: 'Roch Hachana (jour reporté)' } : { en: 'Rosh Hashanah', fr: 'Roch Hachana' } },
    { date: nthWeekday(year, 10, 1, 2), name: { en: 'Columbus Day', fr: 'Columbus Day (Jour de Christophe Colomb)' } },
    fixed(year, 11, 11, 'Veterans Day', 'Veterans Day (Journée des vétérans)'),
    { date: thanksgiving, name: { en: 'Thanksgiving', fr: 'Thanksgiving' } },
    { date: addDays(thanksgiving, 1), name: { en: 'Day after Thanksgiving', fr: 'Lendemain de Thanksgiving' } },
    { date: eve, name: { en: 'Christmas Eve', fr: 'Veille de Noël' } },
    christmas,
  ];
  // New Year's Day of the next year, when it falls on a Saturday, is observed on 31 December.
  const nextNewYear = fixed(year + 1, 1, 1, "New Year's Day", 'Nouvel An');
  if (nextNewYear.date.startsWith(`${year}-`)) list.push(nextNewYear);
  return list.filter((h) => h.date.startsWith(`${year}-`)).sort((a, b) => a.date.localeCompare(b.date));
}
