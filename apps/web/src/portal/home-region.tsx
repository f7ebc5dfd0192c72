import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useOrganization } from '../api/organizations.ts';
import { useRegionsNow } from '../api/regions.ts';
import { RegionState } from '../ui/region-state.tsx';

/** The home region's support hours on the portal's first page: open now or closed, why, next opening. */
export function HomeRegionStrip({ organizationId }: { organizationId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'fr' ? 'fr' : 'en';
  const org = useOrganization(organizationId);
  const regions = useRegionsNow();
  const region = regions.data?.find((r) => r.code === org.data?.region);
  if (!region) return null;
  return (
    <section className="card" aria-labelledby="home-region">
      <h2 id="home-region">{t('yourSupportCentre', { name: region.names[lang] })}</h2>
      <RegionState region={region} />
      <p>
        {t('labelColon', { label: t('phone') })} <a href={`tel:${region.phone.replace(/\s/g, '')}`}>{region.phone}</a>
      </p>
      <Link to="/support-hours">{t('allSupportHours')}</Link>
    </section>
  );
}
