export type RegionCode = 'AMER' | 'EMEA' | 'APJ' | 'IL';

/** ISO weekday numbers: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface Region {
  code: RegionCode;
  name: { en: string; fr: string };
  timeZone: string;
  workingDays: readonly Weekday[];
  /** Local wall-clock opening and closing times, HH:MM. */
  opensAt: string;
  closesAt: string;
  /** The region's support line (defaults from the vendor's support page). */
  phone: string;
}

/** The four regional support centres of PRODUCT.md section 2. */
export const regions: Readonly<Record<RegionCode, Region>> = Object.freeze({
  AMER: {
    code: 'AMER',
    name: { en: 'Americas', fr: 'Amériques' },
    timeZone: 'America/New_York',
    workingDays: [1, 2, 3, 4, 5],
    opensAt: '08:00',
    closesAt: '17:30',
    phone: '+1-888-808-9005',
  },
  EMEA: {
    code: 'EMEA',
    name: { en: 'Europe, Middle East and Africa', fr: 'Europe, Moyen-Orient et Afrique' },
    timeZone: 'Europe/London',
    workingDays: [1, 2, 3, 4, 5],
    opensAt: '08:00',
    closesAt: '17:00',
    phone: '+44-203-7287074',
  },
  APJ: {
    code: 'APJ',
    name: { en: 'Asia-Pacific and Japan', fr: 'Asie-Pacifique et Japon' },
    timeZone: 'Asia/Singapore',
    workingDays: [1, 2, 3, 4, 5],
    opensAt: '09:00',
    closesAt: '18:00',
    phone: '+65-6460-4254',
  },
  IL: {
    code: 'IL',
    name: { en: 'Israel', fr: 'Israël' },
    timeZone: 'Asia/Jerusalem',
    workingDays: [7, 1, 2, 3, 4],
    opensAt: '09:00',
    closesAt: '18:00',
    phone: '+972-3-9180011',
  },
});

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) at `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  let f = dateFormatters.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormatters.set(timeZone, f);
  }
  return f.format(instant);
}
