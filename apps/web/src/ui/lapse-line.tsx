import { useTranslation } from 'react-i18next';
import type { Organization } from '../api/types.ts';
import { formatDate } from './time.tsx';

/** "Lapsed since 12 Nov 2026 · 14 cases on hold", for a lapsed customer; nothing otherwise. */
export function LapseLine({ organization }: { organization: Pick<Organization, 'lapsedSince' | 'casesOnHold'> }) {
  const { t, i18n } = useTranslation();
  if (!organization.lapsedSince) return null;
  return (
    <span className="lapse-line">
      {t('accounts.lapsedLine', { since: formatDate(organization.lapsedSince, i18n.language), count: organization.casesOnHold ?? 0 })}
    </span>
  );
}
