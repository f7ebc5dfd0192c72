import Holidays from 'date-holidays';
import type { RegionCode } from './regions.ts';
import { vendorAmericasHolidays, type Holiday } from './vendor-calendar.ts';

export type { Holiday };

/** Where each region's national holidays come from: the vendor's own rules, or date-holidays. */
const sources: Record<Exclude<RegionCode, 'AMER'>, [country: string, state?: string]> = {
  EMEA: ['GB', 'ENG'], // England & Wales bank holidays
  APJ: ['SG'],
  IL: ['IL'],
};

const cache = new Map<string, Holiday[]>();

function fromLibrary(country: string, state: string | undefined, year: number): Holiday[] {
  const names = (languages: string[]) => {
    const hd = state ? new Holidays(country, state, { languages }) : new Holidays(country, { languages });
    const byDate = new Map<string, string>();
    for (const h of hd.getHolidays(year)) {
      if (h.type !== 'public') continue;
      const date = h.date.slice(0, 10);
      // Two holidays on one day (or a holiday and its substitute) read as one closure.
      byDate.set(date, byDate.has(date) ? `${byDate.get(date)} / ${h.name}` : h.name);
    }
    return byDate;
  };
  const en = names(['en']);
  const fr = names(['fr', 'en']);
  return [...en.entries()].map(([date, name]) => ({ date, name: { en: name, fr: fr.get(date) ?? name } }));
}

/** A region's national (or, for the Americas, the vendor's) holidays in a year, by date. */
export function nationalHolidays(region: RegionCode, year: number): Holiday[] {
  const key = `${region}:${year}`;
  let list = cache.get(key);
  if (!list) {
    list = region === 'AMER' ? vendorAmericasHolidays(year) : fromLibrary(sources[region][0], sources[region][1], year);
    list.sort((a, b) => a.date.localeCompare(b.date));
    cache.set(key, list);
  }
  return list;
}
