import { useTranslation } from 'react-i18next';
import { DeliveriesSection } from './on-duty/deliveries.tsx';
import { IntegrationsSection } from './on-duty/integrations.tsx';
import { OnDutyNowSection } from './on-duty/now.tsx';
import { RotasSection } from './on-duty/rotas.tsx';

/** Admin → On duty: who covers each region now, the rotas and their next two weeks, paging integrations, deliveries. */
export function AdminOnDuty() {
  const { t } = useTranslation();
  return (
    <main>
      <h1>{t('onDuty.title')}</h1>
      <OnDutyNowSection />
      <RotasSection />
      <IntegrationsSection />
      <DeliveriesSection />
    </main>
  );
}
