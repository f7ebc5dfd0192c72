import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useDelegations } from '../api/queries.ts';
import type { AccountTeam, Contract, Entitlement } from '../api/types.ts';
import { useSession } from '../session.tsx';
import { ErrorNote, Loading } from '../ui/states.tsx';
import { formatDate } from '../ui/time.tsx';

export function useAccountTeam(organizationId: string) {
  return useQuery({ queryKey: ['account-team', organizationId], queryFn: () => api<AccountTeam>('GET', `/api/v1/organizations/${organizationId}/account-team`) });
}

/** The TAM and account manager, or whom to contact while none is assigned. */
export function AccountTeamCard({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const team = useAccountTeam(organizationId);
  return (
    <section className="card" aria-labelledby="account-team">
      <h2 id="account-team">{t('accountTeam')}</h2>
      {team.isPending ? (
        <Loading />
      ) : team.isError ? (
        <ErrorNote error={team.error} />
      ) : (
        <dl className="facts">
          {team.data.tam && (
            <>
              <dt>{t('tam')}</dt>
              <dd>
                {team.data.tam.name} · <a href={`mailto:${team.data.tam.email}`}>{team.data.tam.email}</a>
              </dd>
            </>
          )}
          {team.data.accountManager && (
            <>
              <dt>{t('accountManager')}</dt>
              <dd>
                {team.data.accountManager.name} · <a href={`mailto:${team.data.accountManager.email}`}>{team.data.accountManager.email}</a>
              </dd>
            </>
          )}
          {team.data.contactSupport && (
            <>
              <dt>{t('contactSupport')}</dt>
              <dd>
                <a href={`tel:${team.data.contactSupport.phone.replace(/\s/g, '')}`}>{team.data.contactSupport.phone}</a> ·{' '}
                <a href={`mailto:${team.data.contactSupport.email}`}>{team.data.contactSupport.email}</a>
              </dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}

export function useContracts(organizationId: string | undefined) {
  return useQuery({
    queryKey: ['contracts', organizationId],
    queryFn: () => api<{ items: Contract[]; entitlement: Entitlement }>('GET', `/api/v1/organizations/${organizationId}/contracts`),
    enabled: !!organizationId,
  });
}

/** Contracts as a table, read-only for customers; staff pass `actions` to add their own controls. */
export function ContractTable({ contracts, actions }: { contracts: Contract[]; actions?: (c: Contract) => React.ReactNode }) {
  const { t, i18n } = useTranslation();
  return (
    <table>
      <caption className="visually-hidden">{t('contracts')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('plan.label')}</th>
          <th scope="col">{t('products')}</th>
          <th scope="col">{t('period')}</th>
          <th scope="col">{t('statusLabel')}</th>
          {actions && <th scope="col">{t('actions')}</th>}
        </tr>
      </thead>
      <tbody>
        {contracts.map((c) => (
          <tr key={c.id}>
            <td>{t(`plan.${c.plan}`)}</td>
            <td>{c.products.join(', ')}</td>
            <td>
              {formatDate(c.startsOn, i18n.language)} – {formatDate(c.endsOn, i18n.language)}
            </td>
            <td>{c.active ? t('contractActive') : t('contractInactive')}</td>
            {actions && <td>{actions(c)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The customer's account: entitlement, contracts (read-only), account team and partner access. */
export function Account() {
  const { t, i18n } = useTranslation();
  const { me, customerId } = useSession();
  const contracts = useContracts(customerId);
  const qc = useQueryClient();
  const delegations = useDelegations(customerId, me.role === 'customer_admin');
  const withdraw = useMutation({
    mutationFn: (partnerId: string) => api('DELETE', `/api/v1/organizations/${customerId}/delegations/${partnerId}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['delegations', customerId] }),
  });
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
                {e?.state === 'entitled' ? t('entitledThrough', { plan: t(`plan.${e.plan}`), date: formatDate(e.coveredThrough ?? '', i18n.language) }) : t('notEntitled')}
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
                    <button type="button" onClick={() => withdraw.mutate(d.partnerOrganizationId)} disabled={withdraw.isPending}>
                      {t('withdrawAccess')}
                    </button>
                  </li>
                ))}
              </ul>
              {withdraw.isError && <ErrorNote error={withdraw.error} />}
            </>
          )}
        </section>
        <AccountTeamCard organizationId={customerId} />
      </div>
    </main>
  );
}
