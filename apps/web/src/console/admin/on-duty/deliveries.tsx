import { useTranslation } from 'react-i18next';
import { usePageDeliveries } from '../../../api/paging.ts';
import { PagedResults } from '../../../ui/states.tsx';
import { Time } from '../../../ui/time.tsx';

/** Every delivery of every page, newest first: channel, action, status, HTTP code, attempts, last error. */
export function DeliveriesSection() {
  const { t } = useTranslation();
  const deliveries = usePageDeliveries();
  return (
    <section aria-labelledby="deliveries-h">
      <h2 id="deliveries-h">{t('onDuty.deliveries')}</h2>
      <PagedResults query={deliveries} empty={t('onDuty.noDeliveries')}>
        {(rows) => (
        <table className="dense">
          <caption className="visually-hidden">{t('onDuty.deliveries')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('onDuty.channel')}</th>
              <th scope="col">{t('action')}</th>
              <th scope="col">{t('onDuty.recipient')}</th>
              <th scope="col">{t('statusLabel')}</th>
              <th scope="col">{t('onDuty.httpStatus')}</th>
              <th scope="col">{t('onDuty.attempts')}</th>
              <th scope="col">{t('onDuty.lastError')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.id}>
                <td>
                  <Time at={d.deliveredAt ?? d.createdAt} />
                </td>
                <td>{t(`onDuty.channels.${d.channel}`)}</td>
                <td>{t(`onDuty.actions.${d.action}`)}</td>
                <td>{d.user?.name ?? '—'}</td>
                <td className={d.status === 'failed' ? 'overdue' : undefined}>{t(`onDuty.deliveryStatus.${d.status}`)}</td>
                <td>{d.httpStatus ?? '—'}</td>
                <td>{d.attempts}</td>
                <td>
                  <span className="wrap-anywhere">{d.lastError ?? '—'}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        )}
      </PagedResults>
    </section>
  );
}
