import { useTranslation } from 'react-i18next';
import { useOrganization } from '../api/organizations.ts';
import { useRegionsNow } from '../api/regions.ts';

/** The hotline of a customer's home region and whether its centre is on duty right now. */
export function useHotline(organizationId: string | undefined) {
  const org = useOrganization(organizationId);
  const regions = useRegionsNow();
  const region = regions.data?.find((r) => r.code === org.data?.region);
  return region && { phone: region.phone, open: region.status.open };
}

export function HotlineNote({ organizationId }: { organizationId: string | undefined }) {
  const { t } = useTranslation();
  const hotline = useHotline(organizationId);
  if (!hotline) return null;
  return (
    <p className="hotline" role="status">
      {t('callHotline', { phone: hotline.phone })} {hotline.open ? t('onDutyNow') : t('answeringService')}
    </p>
  );
}
