import { describe, expect, it } from 'vitest';
import { localDate, regions } from './regions.ts';

describe('localDate', () => {
  it("gives the date on the region's wall calendar, not in UTC", () => {
    const instant = new Date('2026-01-01T03:30:00Z');
    expect(localDate(instant, regions.AMER.timeZone)).toBe('2025-12-31');
    expect(localDate(instant, regions.EMEA.timeZone)).toBe('2026-01-01');
    expect(localDate(new Date('2026-06-30T22:30:00Z'), regions.IL.timeZone)).toBe('2026-07-01');
  });
});

describe('regions', () => {
  it('has Israel working Sunday to Thursday and the others Monday to Friday', () => {
    expect(regions.IL.workingDays).toEqual([7, 1, 2, 3, 4]);
    for (const code of ['AMER', 'EMEA', 'APJ'] as const) expect(regions[code].workingDays).toEqual([1, 2, 3, 4, 5]);
  });
});
