import { useTranslation } from 'react-i18next';
import { useRegionsNow, type RegionNow } from '../api/regions.ts';
import type { Region } from '../api/types.ts';
import { ErrorNote, Loading } from '../ui/states.tsx';
import { formatInstant } from '../ui/time.tsx';

/** Open or closed now, why (holiday by name), and when it closes or next opens, in the viewer's zone. */
export function RegionState({ region }: { region: RegionNow }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'fr' ? 'fr' : 'en';
  const s = region.status;
  return (
    <>
      <p className={s.open ? 'state open' : 'state closed'}>
        {s.open ? t('open') : t('closed')}
        {!s.open && ` — ${t(`reason.${s.reason}`, { name: s.holiday?.names[lang] ?? '' })}`}
      </p>
      {s.onDutyNow && <p>{t('engineerOnDuty')}</p>}
      <p>{s.open && s.closesAt ? t('closesAt', { when: formatInstant(s.closesAt, lang) }) : t('nextOpening', { when: formatInstant(s.nextOpenAt, lang) })}</p>
    </>
  );
}

/** Opening hours in the region's own zone and, when different, in the viewer's. */
function hoursInViewerZone(region: Region, lang: string): string | null {
  const viewer = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (viewer === region.timeZone) return null;
  // Today's opening and closing in the region, shown on the viewer's clock.
  const s = new Date();
  const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: region.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(s);
  const at = (hhmm: string) => {
    const guess = new Date(`${ymd}T${hhmm}:00Z`);
    const wall = new Date(new Intl.DateTimeFormat('en-US', { timeZone: region.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(guess));
    const offset = wall.getTime() - new Date(guess.toISOString().slice(0, 16)).getTime();
    return new Date(guess.getTime() - offset);
  };
  const fmt = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  return `${fmt.format(at(region.opensAt))}–${fmt.format(at(region.closesAt))}`;
}

/** Public: the four centres as cards with phone, hours, open/closed now and why, next opening. */
export function SupportHours() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'fr' ? 'fr' : 'en';
  const regions = useRegionsNow();
  const weekday = (d: number) => new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, d)));

  return (
    <main>
      <h1>{t('supportHours')}</h1>
      {regions.isPending ? (
        <Loading />
      ) : regions.isError ? (
        <ErrorNote error={regions.error} />
      ) : (
        <ul className="cards">
          {regions.data.map((r) => {
            const viewerHours = hoursInViewerZone(r, lang);
            return (
              <li key={r.code} className="card" aria-labelledby={`region-${r.code}`}>
                <h2 id={`region-${r.code}`}>{r.names[lang]}</h2>
                <RegionState region={r} />
                <p>
                  {t('hoursLocal', { opens: r.opensAt, closes: r.closesAt, zone: r.timeZone })}, {r.workingDays.map(weekday).join(' ')}
                </p>
                {viewerHours && <p className="muted">{t('hoursYours', { hours: viewerHours })}</p>}
                <p>
                  {t('labelColon', { label: t('phone') })} <a href={`tel:${r.phone.replace(/\s/g, '')}`}>{r.phone}</a>
                  <br />
                  {t('labelColon', { label: t('emailLabel') })} <a href={`mailto:${r.email}`}>{r.email}</a>
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </main>
  );
}
