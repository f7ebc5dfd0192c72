import { regionCode, type RegionCode } from '@casebook/contracts';
import { useTranslation } from 'react-i18next';
import { useOnDuty } from '../../../api/paging.ts';
import type { OnDuty } from '../../../api/types.ts';
import { ErrorNote, Loading } from '../../../ui/states.tsx';

type Person = NonNullable<OnDuty['businessHours']>['primary'];

/** "Who is on duty now", one card per region: open or closed, and the pair that covers it now. */
export function OnDutyNowSection() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="now-h">
      <h2 id="now-h">{t('onDuty.whoNow')}</h2>
      <ul className="cards">
        {regionCode.options.map((r) => (
          <RegionNow key={r} region={r} />
        ))}
      </ul>
    </section>
  );
}

function RegionNow({ region }: { region: RegionCode }) {
  const { t } = useTranslation();
  const duty = useOnDuty(region);
  const d = duty.data;
  // While the centre is open its business-hours rota covers it; when closed, the after-hours one (premium only).
  const pair = d ? (d.regionOpen ? d.businessHours : d.afterHours) : null;
  return (
    <li className="card" aria-labelledby={`now-${region}`}>
      <h3 id={`now-${region}`}>{region}</h3>
      {duty.isPending ? (
        <Loading />
      ) : duty.isError ? (
        <ErrorNote error={duty.error} />
      ) : (
        d && (
          <>
            <p className={d.regionOpen ? 'state open' : 'state closed'}>{d.regionOpen ? t('onDuty.regionOpen') : t('onDuty.regionClosed')}</p>
            <p className="muted">{d.regionOpen ? t('onDuty.coverBusiness') : t('onDuty.coverAfterHours')}</p>
            {pair ? (
              <dl className="facts">
                <dt>{t('onDuty.rota')}</dt>
                <dd>{pair.rotaName}</dd>
                <dt>{t('onDuty.primary')}</dt>
                <dd>
                  <PersonLine person={pair.primary} />
                </dd>
                <dt>{t('onDuty.secondary')}</dt>
                <dd>{pair.secondary ? <PersonLine person={pair.secondary} /> : '—'}</dd>
              </dl>
            ) : (
              <p className="overdue">{d.regionOpen ? t('onDuty.nobodyOpen') : t('onDuty.nobodyClosed')}</p>
            )}
          </>
        )
      )}
    </li>
  );
}

function PersonLine({ person }: { person: Person }) {
  const { t } = useTranslation();
  return (
    <>
      {person.name}
      {person.phone ? (
        <>
          {' '}
          <a href={`tel:${person.phone}`}>{person.phone}</a>
        </>
      ) : (
        <span className="muted"> ({t('onDuty.noPhone')})</span>
      )}
    </>
  );
}
