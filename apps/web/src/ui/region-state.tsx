import { useTranslation } from 'react-i18next';
import type { RegionNow } from '../api/regions.ts';
import { formatInstant } from './time.tsx';

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
