import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useHotline } from '../api/organizations.ts';
import type { CustomerHotline } from '../api/types.ts';

/**
 * The hotline for a serious or critical case, and what happens when the customer calls now. The
 * sentence follows the routing's own decision for a critical call (`criticalCallTo` and its reason,
 * the same the voice webhook makes): "an engineer is on duty" only when a rota really covers this
 * customer; after hours a standard customer learns that 24/7 cover is sold separately.
 */
export function HotlineNote({ organizationId }: { organizationId: string | undefined }) {
  const { t } = useTranslation();
  const hotline = useHotline(organizationId);
  const h = hotline.data;
  if (!h) return null;
  return (
    <p className="hotline" role="status">
      {t('callHotline', { phone: h.phone })} {whatHappens(t, h)}
    </p>
  );
}

function whatHappens(t: TFunction, h: CustomerHotline): string {
  switch (h.criticalCallTo) {
    case 'on_duty_engineer':
      return t('hotline.toEngineer');
    case 'region_team':
      return h.onDutyNow ? t('hotline.onDuty') : t('hotline.openNobody');
    case 'answering_service':
      switch (h.criticalCallReason) {
        case 'high_volume':
        case 'manual_switch':
          return t('hotline.busy');
        case 'no_24x7_cover':
          return t('hotline.notCovered');
        case 'maintenance_lapsed':
        case 'not_entitled':
          return t('hotline.noMaintenance');
        default:
          return t('hotline.afterHours');
      }
  }
}
