import { useTranslation } from 'react-i18next';
import { useContracts } from '../api/contracts.ts';
import { useDelegations, useOrganization, useWithdrawDelegation } from '../api/organizations.ts';
import { useSession } from '../session.tsx';
import { AccountTeamCard, ContractTable, entitlementText } from '../ui/account.tsx';
import { ErrorNote, Loading } from '../ui/states.tsx';
import { UsersSection } from '../ui/users-section.tsx';
import { NewsletterCard } from './newsletter-card.tsx';

/** The customer's account: entitlement, contracts (read-only), account team and partner access. */
export function Account() {
  const { t, i18n } = useTranslation();
  const { me, customerId } = useSession();
  const contracts = useContracts(customerId);
  const delegations = useDelegations(customerId, me.role === 'customer_admin');
  const withdraw = useWithdrawDelegation();
  // The customer's own administrator manages its colleagues here (a partner acting for it does not).
  const organization = useOrganization(me.role === 'customer_admin' ? customerId : undefined);
  if (!customerId) return null;
  const e = contracts.data?.entitlement;
  return (
    <main>
      <h1>{t('account')}</h1>
      <div className="columns">
        <section aria-labelledby="contracts-h">
          <h2 id="contracts-h">{t('contracts')}</h2>
          {contracts.isPending ? (
            <Loading />
          ) : contracts.isError ? (
            <ErrorNote error={contracts.error} />
          ) : (
            <>
              <p className={e?.state === 'entitled' ? 'state open' : 'state closed'}>
                {entitlementText(t, e, i18n.language, 'notEntitled')}
              </p>
              <ContractTable contracts={contracts.data.items} />
            </>
          )}
          {me.role === 'customer_admin' && (
            <>
              <h2>{t('partnerAccess')}</h2>
              {delegations.data?.length === 0 && <p className="empty">{t('noPartners')}</p>}
              <ul>
                {delegations.data?.map((d) => (
                  <li key={d.partnerOrganizationId}>
                    {d.partnerName}{' '}
                    <button type="button" onClick={() => withdraw.mutate(d)} disabled={withdraw.isPending}>
                      {t('withdrawAccess')}
                    </button>
                  </li>
                ))}
              </ul>
              {withdraw.isError && <ErrorNote error={withdraw.error} />}
            </>
          )}
        </section>
        <div>
          <AccountTeamCard organizationId={customerId} />
          <NewsletterCard />
        </div>
      </div>
      {organization.data?.abilities.canSeeUsers && <UsersSection organization={organization.data} canManage={organization.data.abilities.canManageUsers} />}
    </main>
  );
}
