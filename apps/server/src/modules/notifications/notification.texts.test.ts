import { describe, expect, it } from 'vitest';
import { notificationText } from './notification.texts.ts';
import { readerOf } from './reader.ts';

describe('dates in server-made sentences', () => {
  const data = { caseNumber: 'CB-000042', subject: 'Vault down', dueAt: '2026-12-02T13:30:00.000Z', organization: 'Northwind', since: '2026-11-12' };

  it('dates a due time in the reader’s own zone and language, the zone named, never as ISO', () => {
    const paris = notificationText('case.sla_warning', data, readerOf({ locale: 'fr', timeZone: 'Europe/Paris' }));
    expect(paris).toContain('2 déc. 2026, 14:30 UTC+1');
    expect(paris).not.toContain('2026-12-02');
    const tokyo = notificationText('case.sla_breach', data, readerOf({ locale: 'en', timeZone: 'Asia/Tokyo' }));
    expect(tokyo).toContain('2 Dec 2026, 22:30 GMT+9');
  });

  it('falls back to the support centre’s zone for staff without one, then to UTC, named', () => {
    expect(notificationText('case.sla_warning', data, readerOf({ locale: 'en', timeZone: null, region: 'AMER' }))).toContain('2 Dec 2026, 08:30 GMT-5');
    expect(notificationText('case.sla_warning', data, readerOf({ locale: 'en', timeZone: null }))).toContain('2 Dec 2026, 13:30 UTC');
  });

  it('writes a lapse day in words', () => {
    expect(notificationText('organization.lapsed', data, readerOf({ locale: 'en', timeZone: null }))).toContain('lapsed on 12 Nov 2026');
    expect(notificationText('organization.lapsed', data, readerOf({ locale: 'fr', timeZone: null }))).toContain('a expiré le 12 nov. 2026');
  });
});
