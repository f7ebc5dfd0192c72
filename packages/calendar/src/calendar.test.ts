import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from './business-calendar.ts';
import { nationalHolidays } from './holidays.ts';
import { regions } from './regions.ts';

const calendar = (code: keyof typeof regions) => new BusinessCalendar(regions[code]);
const at = (iso: string) => new Date(iso);

describe('holidays', () => {
  it("gives exactly the support page's 2020 Americas list from the vendor's rules", () => {
    expect(nationalHolidays('AMER', 2020).map((h) => h.date)).toEqual([
      '2020-01-01',
      '2020-01-20',
      '2020-02-17',
      '2020-04-10',
      '2020-05-25',
      '2020-07-03',
      '2020-09-07',
      '2020-09-18',
      '2020-10-12',
      '2020-11-11',
      '2020-11-26',
      '2020-11-27',
      '2020-12-24',
      '2020-12-25',
    ]);
    const july = nationalHolidays('AMER', 2020).find((h) => h.date === '2020-07-03');
    expect(july?.name).toEqual({ en: 'Independence Day (observed)', fr: 'Fête de l’Indépendance (jour reporté)' });
  });

  it('applies the same rules to 2026 in the Americas', () => {
    expect(nationalHolidays('AMER', 2026).map((h) => `${h.date} ${h.name.en}`)).toEqual([
      "2026-01-01 New Year's Day",
      '2026-01-19 Martin Luther King Jr. Day',
      "2026-02-16 Presidents' Day",
      '2026-04-03 Good Friday',
      '2026-05-25 Memorial Day',
      '2026-07-03 Independence Day (observed)',
      '2026-09-07 Labor Day',
      '2026-09-11 Rosh Hashanah (observed)', // 1 Tishri 5787 is Saturday 12 September
      '2026-10-12 Columbus Day',
      '2026-11-11 Veterans Day',
      '2026-11-26 Thanksgiving',
      '2026-11-27 Day after Thanksgiving',
      '2026-12-24 Christmas Eve',
      '2026-12-25 Christmas Day',
    ]);
  });

  it('observes a Saturday New Year on the Friday before, in the old year', () => {
    expect(nationalHolidays('AMER', 2021).map((h) => h.date)).toContain('2021-12-31');
    expect(nationalHolidays('AMER', 2022).map((h) => h.date)).not.toContain('2022-01-01');
    // Christmas 2022 falls on a Sunday: observed Monday 26, Christmas Eve the Friday before.
    expect(nationalHolidays('AMER', 2022).filter((h) => h.date >= '2022-12-20').map((h) => h.date)).toEqual(['2022-12-23', '2022-12-26']);
  });

  it('takes England & Wales, Singapore and Israel holidays for 2026 from the holiday library', () => {
    expect(nationalHolidays('EMEA', 2026).map((h) => h.date)).toEqual(['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-26', '2026-12-28']);
    expect(nationalHolidays('APJ', 2026).map((h) => h.date)).toEqual(expect.arrayContaining(['2026-01-01', '2026-02-17', '2026-02-18', '2026-05-01', '2026-08-10', '2026-12-25']));
    const il = nationalHolidays('IL', 2026);
    expect(il.map((h) => h.date)).toEqual(expect.arrayContaining(['2026-04-02', '2026-04-22', '2026-09-12', '2026-09-13', '2026-09-21']));
    expect(il.find((h) => h.date === '2026-09-21')?.name.en).toContain('Yom Kippur');
    expect(nationalHolidays('EMEA', 2026).find((h) => h.date === '2026-12-25')?.name).toEqual({ en: 'Christmas Day', fr: 'Noël' });
  });

  it('names holidays in French: the library’s own names, ours where it has none, and "(jour reporté)" for a day moved off a weekend', () => {
    const name = (region: 'EMEA' | 'APJ' | 'IL', date: string) => nationalHolidays(region, Number(date.slice(0, 4))).find((h) => h.date === date)?.name;
    // Boxing Day 2026 is a Saturday: the bank holiday moves to Monday 28.
    expect(name('EMEA', '2026-12-28')).toEqual({ en: 'Boxing Day (substitute day)', fr: 'Lendemain de Noël (jour reporté)' });
    expect(name('EMEA', '2026-05-25')).toEqual({ en: 'Spring bank holiday', fr: 'Jour férié de printemps' });
    expect(name('APJ', '2026-02-17')?.fr).toBe('Nouvel An chinois');
    expect(name('IL', '2026-09-21')).toEqual({ en: 'Day of Atonement (Yom Kippur)', fr: 'Yom Kippour' });
    // No French name left in English on any region's list, this year or the next.
    for (const region of ['EMEA', 'APJ', 'IL'] as const) {
      for (const year of [2026, 2027]) {
        for (const h of nationalHolidays(region, year)) expect(h.name.fr, `${region} ${h.date}`).not.toMatch(/substitute|bank holiday|Day of|Feast|New Year's/);
      }
    }
  });
});

describe('BusinessCalendar.status', () => {
  const amer = calendar('AMER');

  it('says a region is closed for a holiday, by name, and when it opens next', () => {
    const s = amer.status(at('2026-11-26T15:00:00Z'));
    expect(s).toMatchObject({ open: false, reason: 'holiday', holiday: { date: '2026-11-26', name: { en: 'Thanksgiving' } } });
    expect(s.nextOpenAt.toISOString()).toBe('2026-11-30T13:00:00.000Z'); // Monday 08:00 EST
  });

  it('tells weekends from evenings', () => {
    expect(amer.status(at('2026-11-28T15:00:00Z')).reason).toBe('weekend');
    const evening = amer.status(at('2026-11-30T23:00:00Z'));
    expect(evening).toMatchObject({ open: false, reason: 'outside_hours' });
    expect(evening.nextOpenAt.toISOString()).toBe('2026-12-01T13:00:00.000Z');
  });

  it('is open during hours, with the closing time', () => {
    const s = amer.status(at('2026-11-30T14:00:00Z'));
    expect(s).toMatchObject({ open: true, reason: 'open' });
    expect(s.closesAt?.toISOString()).toBe('2026-11-30T22:30:00.000Z'); // 17:30 EST
    expect(s.nextOpenAt.toISOString()).toBe('2026-12-01T13:00:00.000Z');
  });

  it('works Sunday to Thursday in Israel', () => {
    const il = calendar('IL');
    expect(il.status(at('2026-11-29T08:00:00Z')).open).toBe(true); // Sunday 10:00
    expect(il.status(at('2026-11-27T08:00:00Z')).reason).toBe('weekend'); // Friday
  });

  it('follows daylight-saving changes in New York, London and Jerusalem', () => {
    // New York springs forward on Sunday 8 March 2026: 08:00 is 13:00Z on Friday, 12:00Z on Monday.
    expect(amer.nextOpening(at('2026-03-06T12:00:00Z')).toISOString()).toBe('2026-03-06T13:00:00.000Z');
    expect(amer.nextOpening(at('2026-03-07T00:00:00Z')).toISOString()).toBe('2026-03-09T12:00:00.000Z');
    // London on Sunday 29 March: Monday opens at 07:00Z.
    expect(calendar('EMEA').nextOpening(at('2026-03-28T00:00:00Z')).toISOString()).toBe('2026-03-30T07:00:00.000Z');
    // Jerusalem moves on Friday 27 March: Thursday opens 07:00Z, Sunday 06:00Z.
    const il = calendar('IL');
    expect(il.nextOpening(at('2026-03-26T00:00:00Z')).toISOString()).toBe('2026-03-26T07:00:00.000Z');
    expect(il.nextOpening(at('2026-03-27T00:00:00Z')).toISOString()).toBe('2026-03-29T06:00:00.000Z');
    // New York falls back on Sunday 1 November 2026.
    expect(amer.nextOpening(at('2026-10-31T00:00:00Z')).toISOString()).toBe('2026-11-02T13:00:00.000Z');
  });

  it('takes admin closures and removed holidays into account', () => {
    const adjusted = new BusinessCalendar(regions.EMEA, { closures: [{ date: '2026-12-24', name: 'Company closure' }], removedHolidays: ['2026-12-28'] });
    expect(adjusted.status(at('2026-12-24T10:00:00Z'))).toMatchObject({ open: false, reason: 'holiday', holiday: { name: { en: 'Company closure' } } });
    expect(adjusted.status(at('2026-12-28T10:00:00Z')).open).toBe(true);
    expect(adjusted.holidays(2026).map((h) => h.date)).toContain('2026-12-24');
    expect(adjusted.holidays(2026).map((h) => h.date)).not.toContain('2026-12-28');
  });
});

describe('business-minute arithmetic', () => {
  const amer = calendar('AMER');

  it('carries over the weekend and the daylight-saving change', () => {
    // Friday 6 March 16:00 EST + 2 h: 1.5 h on Friday, 30 min on Monday 9 March (EDT).
    expect(amer.addBusinessMinutes(at('2026-03-06T21:00:00Z'), 120).toISOString()).toBe('2026-03-09T12:30:00.000Z');
  });

  it('crosses the year end past holidays', () => {
    // Thursday 31 Dec 2026 16:30 EST + 2 h: 1 h that day, New Year's Day off, 1 h on Monday 4 January.
    expect(amer.addBusinessMinutes(at('2026-12-31T21:30:00Z'), 120).toISOString()).toBe('2027-01-04T14:00:00.000Z');
    expect(amer.businessMinutesBetween(at('2026-12-31T21:30:00Z'), at('2027-01-04T14:00:00Z'))).toBe(120);
  });

  it('starts counting at the next opening when asked outside hours, and stops at closing time exactly', () => {
    expect(amer.addBusinessMinutes(at('2026-11-28T12:00:00Z'), 60).toISOString()).toBe('2026-11-30T14:00:00.000Z');
    expect(amer.addBusinessMinutes(at('2026-11-30T13:00:00Z'), 570).toISOString()).toBe('2026-11-30T22:30:00.000Z');
  });

  const instants = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true });
  const minutes = fc.integer({ min: 1, max: 30_000 });

  for (const code of ['AMER', 'EMEA', 'APJ', 'IL'] as const) {
    const cal = calendar(code);
    it(`measures back exactly what it added, in ${code}`, () => {
      fc.assert(fc.property(instants, minutes, (t, m) => Math.abs(cal.businessMinutesBetween(t, cal.addBusinessMinutes(t, m)) - m) < 1e-6), { numRuns: 300 });
    });

    it(`is monotonic and never lands outside business hours, in ${code}`, () => {
      fc.assert(
        fc.property(instants, minutes, minutes, (t, m1, m2) => {
          const [lo, hi] = m1 <= m2 ? [m1, m2] : [m2, m1];
          const a = cal.addBusinessMinutes(t, lo);
          const b = cal.addBusinessMinutes(t, hi);
          if (a.getTime() > b.getTime()) return false;
          // Open just before the result: it is inside a period or at its very end.
          return cal.status(new Date(b.getTime() - 1)).open && cal.status(new Date(a.getTime() - 1)).open;
        }),
        { numRuns: 300 },
      );
    });
  }
});
