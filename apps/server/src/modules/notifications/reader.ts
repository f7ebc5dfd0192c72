import { regions } from '@casebook/calendar';
import type { Locale, RegionCode } from '@casebook/contracts';
import type { Reader } from './notification.texts.ts';

/**
 * The language and zone a person reads server-made sentences in: their own zone when they chose
 * one, else their support centre's (staff), else UTC, which the sentence then names.
 */
export function readerOf(person: { locale: Locale; timeZone: string | null; region?: RegionCode | null }): Reader {
  return { locale: person.locale, timeZone: person.timeZone ?? (person.region ? regions[person.region].timeZone : 'UTC') };
}
