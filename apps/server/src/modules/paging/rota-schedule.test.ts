import { describe, expect, it } from 'vitest';
import { dutyTimeline, firstHandoffDate, handoffAt, onDutyAt, type RotaSchedule } from './rota-schedule.ts';

const weekly: RotaSchedule = { timeZone: 'Europe/London', startsOn: '2026-10-01', handoffTime: '09:00', handoffDay: 'mon', shiftDays: 7, engineerIds: ['ann', 'bob', 'cat'] };
const at = (iso: string) => Date.parse(iso);

describe('rota schedule', () => {
  it('starts at the first hand-off on or after the start date', () => {
    expect(firstHandoffDate(weekly)).toBe('2026-10-05'); // 1 October 2026 is a Thursday
    expect(new Date(handoffAt(weekly, 0)).toISOString()).toBe('2026-10-05T08:00:00.000Z'); // 09:00 BST
    expect(onDutyAt(weekly, [], at('2026-10-05T07:59:00Z'))).toBeNull();
  });

  it('hands over weekly at the local hand-off time, across the change back to GMT', () => {
    expect(onDutyAt(weekly, [], at('2026-10-05T08:00:00Z'))).toMatchObject({ primary: 'ann', secondary: 'bob' });
    expect(onDutyAt(weekly, [], at('2026-10-12T07:59:00Z'))).toMatchObject({ primary: 'ann', secondary: 'bob' });
    expect(onDutyAt(weekly, [], at('2026-10-12T08:00:00Z'))).toMatchObject({ primary: 'bob', secondary: 'cat' });
    // Clocks go back on 25 October: the 2 November hand-off is at 09:00 GMT.
    expect(onDutyAt(weekly, [], at('2026-11-02T08:30:00Z'))).toMatchObject({ primary: 'ann', from: '2026-10-26T09:00:00.000Z' });
    expect(onDutyAt(weekly, [], at('2026-11-02T09:00:00Z'))).toMatchObject({ primary: 'bob', from: '2026-11-02T09:00:00.000Z', to: '2026-11-09T09:00:00.000Z' });
  });

  it('wraps around the rotation', () => {
    expect(onDutyAt(weekly, [], at('2026-10-19T12:00:00Z'))).toMatchObject({ primary: 'cat', secondary: 'ann' });
    expect(onDutyAt(weekly, [], at('2027-01-04T12:00:00Z'))?.primary).toBe('bob'); // 13 weeks on
  });

  it('lets an override cover a range, the next in rotation staying second', () => {
    const overrides = [{ id: 'o1', userId: 'dan', startsAt: '2026-10-06T18:00:00Z', endsAt: '2026-10-07T06:00:00Z', createdAt: '2026-10-01T00:00:00Z' }];
    expect(onDutyAt(weekly, overrides, at('2026-10-06T20:00:00Z'))).toEqual({ primary: 'dan', secondary: 'bob', from: '2026-10-06T18:00:00.000Z', to: '2026-10-07T06:00:00.000Z', overrideId: 'o1' });
    expect(onDutyAt(weekly, overrides, at('2026-10-06T17:00:00Z'))).toMatchObject({ primary: 'ann', to: '2026-10-06T18:00:00.000Z', overrideId: null });
    expect(onDutyAt(weekly, overrides, at('2026-10-07T06:00:00Z'))).toMatchObject({ primary: 'ann', from: '2026-10-07T06:00:00.000Z' });
  });

  it('does not page the same engineer twice when the secondary covers the primary', () => {
    const overrides = [{ id: 'o1', userId: 'bob', startsAt: '2026-10-06T00:00:00Z', endsAt: '2026-10-08T00:00:00Z', createdAt: '2026-10-01T00:00:00Z' }];
    expect(onDutyAt(weekly, overrides, at('2026-10-07T00:00:00Z'))).toMatchObject({ primary: 'bob', secondary: 'cat' });
    const pair: RotaSchedule = { ...weekly, engineerIds: ['ann', 'bob'] };
    expect(onDutyAt(pair, overrides, at('2026-10-07T00:00:00Z'))).toMatchObject({ primary: 'bob', secondary: 'ann' });
    expect(onDutyAt({ ...weekly, engineerIds: ['ann'] }, [], at('2026-10-07T00:00:00Z'))).toMatchObject({ primary: 'ann', secondary: null });
  });

  it('lays out the timeline as spans of one pair each', () => {
    const overrides = [{ id: 'o1', userId: 'dan', startsAt: '2026-10-13T00:00:00Z', endsAt: '2026-10-14T00:00:00Z', createdAt: '2026-10-01T00:00:00Z' }];
    const spans = dutyTimeline(weekly, overrides, at('2026-10-10T00:00:00Z'), at('2026-10-24T00:00:00Z'));
    expect(spans.map((s) => [s.primary, s.from, s.to])).toEqual([
      ['ann', '2026-10-10T00:00:00.000Z', '2026-10-12T08:00:00.000Z'],
      ['bob', '2026-10-12T08:00:00.000Z', '2026-10-13T00:00:00.000Z'],
      ['dan', '2026-10-13T00:00:00.000Z', '2026-10-14T00:00:00.000Z'],
      ['bob', '2026-10-14T00:00:00.000Z', '2026-10-19T08:00:00.000Z'],
      ['cat', '2026-10-19T08:00:00.000Z', '2026-10-24T00:00:00.000Z'],
    ]);
  });

  it('runs shifts of several days from any weekday', () => {
    const daily: RotaSchedule = { timeZone: 'America/New_York', startsOn: '2026-11-04', handoffTime: '17:30', handoffDay: 'wed', shiftDays: 1, engineerIds: ['ann', 'bob'] };
    expect(onDutyAt(daily, [], at('2026-11-05T03:00:00Z'))).toMatchObject({ primary: 'ann', from: '2026-11-04T22:30:00.000Z' });
    expect(onDutyAt(daily, [], at('2026-11-05T23:00:00Z'))).toMatchObject({ primary: 'bob' });
  });
});
