import { useTranslation } from 'react-i18next';
import { useHotline } from '../api/organizations.ts';

/**
 * The hotline for a serious or critical case, and what happens when the customer calls now, from
 * the server's answer: "an engineer is on duty" only when a rota really covers this customer at
 * this instant; after hours a standard customer learns that 24/7 cover is sold separately.
 */
export function HotlineNote({ organizationId }: { organizationId: string | undefined }) {
  const { t } = useTranslation();
  const hotline = useHotline(organizationId);
  const h = hotline.data;
  if (!h) return null;
  const now = h.onDutyNow ? t('hotline.onDuty') : h.regionOpen ? t('hotline.openNobody') : h.cover24x7 ? t('answeringService') : t('hotline.notCovered');
  return (
    <p className="hotline" role="status">
      {t('callHotline', { phone: h.phone })} {now}
    </p>
  );
}
