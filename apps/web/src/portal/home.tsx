import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { query } from '../api/client.ts';
import { useOrganization } from '../api/organizations.ts';
import { ACTIVE_STATUSES, isPartner } from '../api/types.ts';
import { useSession } from '../session.tsx';
import { CaseList } from '../ui/case-list.tsx';
import { AccountTeamCard } from '../ui/account.tsx';
import { formatDate } from '../ui/time.tsx';
import { HomeRegionStrip } from './home-region.tsx';

type Show = 'active' | 'done' | 'all';

/**
 * The list query behind the first page. Customers are scoped to their own organisation by the
 * server, so their default list needs nothing from the session and can be fetched early.
 */
export function homeSearch({ show = 'active', organizationId, mine = false, limit = 25 }: { show?: Show; organizationId?: string | undefined; mine?: boolean; limit?: number }) {
  return query({ status: STATUSES[show], sort: show === 'active' ? 'priority' : 'updated', organizationId, contactUserId: mine ? 'me' : undefined, limit });
}
const STATUSES: Record<Show, string[] | undefined> = { active: [...ACTIVE_STATUSES], done: ['resolved', 'closed'], all: undefined };

/** The portal's first page: your cases (open first), "Open a case", the account team and today's support hours. */
export function Home() {
  const { t, i18n } = useTranslation();
  const { me, customerId } = useSession();
  // A partner does not see the cases of a customer whose contract lapsed: it is told so, not "no open cases".
  const actingFor = useOrganization(isPartner(me) ? customerId : undefined);
  const lapsedSince = actingFor.data?.lapsedSince ?? null;
  const [show, setShow] = useState<Show>('active');
  const [whose, setWhose] = useState<'mine' | 'organization'>('organization');
  const canSeeAll = me.role !== 'customer_user';
  const search = homeSearch({ show, organizationId: isPartner(me) ? customerId : undefined, mine: canSeeAll && whose === 'mine' });

  return (
    <main className="home">
      <div className="home-main">
        <div className="heading-row">
          <h1>{t('yourCases')}</h1>
          <Link className="button primary" to="/cases/new">
            {t('openACase')}
          </Link>
        </div>
        <div className="filters" role="group" aria-label={t('filters')}>
          {(['active', 'done', 'all'] as const).map((s) => (
            <button key={s} type="button" aria-pressed={show === s} onClick={() => setShow(s)}>
              {t(`show.${s}`)}
            </button>
          ))}
          {canSeeAll && (
            <label>
              {t('whose.label')}{' '}
              <select value={whose} onChange={(e) => setWhose(e.target.value as 'mine' | 'organization')}>
                <option value="organization">{t('whose.organization')}</option>
                <option value="mine">{t('whose.mine')}</option>
              </select>
            </label>
          )}
        </div>
        {lapsedSince ? (
          <p role="status" className="notice">
            {t('partnerCustomerLapsed', { name: actingFor.data?.name ?? '', since: formatDate(lapsedSince, i18n.language) })}
          </p>
        ) : (
          <CaseList search={search} caption={t('yourCases')} empty={show === 'active' ? t('noActiveCases') : t('noCases')} />
        )}
        {show === 'active' && !lapsedSince && (
          <section aria-labelledby="recent-h">
            <h2 id="recent-h">{t('recentlyResolved')}</h2>
            <CaseList
              search={homeSearch({ show: 'done', organizationId: isPartner(me) ? customerId : undefined, mine: canSeeAll && whose === 'mine', limit: 5 })}
              caption={t('recentlyResolved')}
              empty={t('noneResolved')}
              more={false}
            />
          </section>
        )}
      </div>
      <aside className="home-side">
        {customerId && !lapsedSince && <AccountTeamCard organizationId={customerId} />}
        {customerId && <HomeRegionStrip organizationId={customerId} />}
      </aside>
    </main>
  );
}
