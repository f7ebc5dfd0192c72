import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { formatInstant } from '../format.ts';

interface Region {
  code: string;
  names: { en: string; fr: string };
  timeZone: string;
  opensAt: string;
  closesAt: string;
  phone: string;
}
interface Status {
  open: boolean;
  reason: 'open' | 'weekend' | 'holiday' | 'outside_hours';
  holiday?: { names: { en: string; fr: string } };
  nextOpenAt: string;
  closesAt?: string;
}

/** Public: the four centres, open or closed now and why, next opening in the viewer's zone. */
export function SupportHours() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'fr' ? 'fr' : 'en';
  const [regions, setRegions] = useState<(Region & { status: Status })[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    (async () => {
      const list = await api<Region[]>('GET', '/api/v1/regions');
      const withStatus = await Promise.all(list.map(async (r) => ({ ...r, status: await api<Status>('GET', `/api/v1/regions/${r.code}/status`) })));
      if (live) setRegions(withStatus);
    })().catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, []);

  if (failed) return <p role="alert">{t('error')}</p>;
  if (!regions) return <p>{t('loading')}</p>;
  return (
    <main>
      <h1>{t('supportHours')}</h1>
      <ul className="cards">
        {regions.map((r) => (
          <li key={r.code} className="card" aria-labelledby={`region-${r.code}`}>
            <h2 id={`region-${r.code}`}>{r.names[lang]}</h2>
            <p className={r.status.open ? 'state open' : 'state closed'}>
              {r.status.open ? t('open') : t('closed')}
              {!r.status.open && ` — ${t(`reason.${r.status.reason}`, { name: r.status.holiday?.names[lang] ?? '' })}`}
            </p>
            <p>{r.status.open && r.status.closesAt ? t('closesAt', { when: formatInstant(r.status.closesAt, lang) }) : t('nextOpening', { when: formatInstant(r.status.nextOpenAt, lang) })}</p>
            <p>{t('hoursLocal', { opens: r.opensAt, closes: r.closesAt, zone: r.timeZone })}</p>
            <p>
              {t('phone')}: <a href={`tel:${r.phone}`}>{r.phone}</a>
            </p>
          </li>
        ))}
      </ul>
    </main>
  );
}
