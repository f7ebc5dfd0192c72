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

/**
 * French names for the holidays date-holidays names in English only (its other names are its own),
 * by their English name. A day moved off a weekend reads "(jour reporté)", as French speakers say it.
 */
const frenchNames: Record<string, string> = {
  'Early May bank holiday': 'Jour férié de début mai',
  'Spring bank holiday': 'Jour férié de printemps',
  'Summer bank holiday': 'Jour férié de fin d’été',
  'Chinese New Year': 'Nouvel An chinois',
  'Vesak Day': 'Vesak',
  'National Day': 'Fête nationale',
  Deepavali: 'Deepavali',
  'Passover (Pesach)': 'Pâque juive (Pessa’h)',
  'Mimouna, Seventh day of Passover': 'Septième jour de Pessa’h (Mimouna)',
  'Independence Day (Yom HaAtzmaut)': 'Fête de l’Indépendance (Yom Haatsmaout)',
  'Shavuot (Feast of Weeks)': 'Chavouot (fête des Semaines)',
  'Rosh Hashanah (Yom Teruah)': 'Roch Hachana',
  'Rosh Hashanah (Day 2)': 'Roch Hachana (2e jour)',
  'Day of Atonement (Yom Kippur)': 'Yom Kippour',
  'Feast of Tabernacles (Sukkot)': 'Souccot (fête des Cabanes)',
  'Simchat Torah/ Shmini Atzeret': 'Sim’hat Torah / Chemini Atseret',
};

function frenchName(english: string, libraryFrench: string | undefined): string {
  const substitute = / \(substitute day\)$/;
  const base = english.replace(substitute, '');
  const moved = substitute.test(english);
  // The library's own French name when it has one (it then differs from the English one).
  const own = libraryFrench?.replace(/ \(jour substitut\)$/, '');
  const name = own && own !== base ? own : (frenchNames[base] ?? base);
  return moved ? `${name} (jour reporté)` : name;
}

function fromLibrary(country: string, state: string | undefined, year: number): Holiday[] {
  const names = (languages: string[]) => {
    const hd = state ? new Holidays(country, state, { languages }) : new Holidays(country, { languages });
    const byDate = new Map<string, string[]>();
    for (const h of hd.getHolidays(year)) {
      if (h.type !== 'public') continue;
      const date = h.date.slice(0, 10);
      byDate.set(date, [...(byDate.get(date) ?? []), h.name]);
    }
    return byDate;
  };
  const en = names(['en']);
  const fr = names(['fr', 'en']);
  // Two holidays on one day (or a holiday and its substitute) read as one closure.
  return [...en.entries()].map(([date, english]) => ({ date, name: { en: english.join(' / '), fr: english.map((n, i) => frenchName(n, fr.get(date)?.[i])).join(' / ') } }));
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
