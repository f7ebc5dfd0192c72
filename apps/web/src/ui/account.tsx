import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useAccountTeam } from '../api/organizations.ts';
import type { Contract, Entitlement } from '../api/types.ts';
import { ErrorNote, Loading } from './states.tsx';
import { formatDate } from './time.tsx';

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
                {team.data.tam.name} · <a href={`mailto:${team.data.tam.email}`}><Address email={team.data.tam.email} /></a>
              </dd>
            </>
          )}
          {team.data.accountManager && (
            <>
              <dt>{t('accountManager')}</dt>
              <dd>
                {team.data.accountManager.name} · <a href={`mailto:${team.data.accountManager.email}`}><Address email={team.data.accountManager.email} /></a>
              </dd>
            </>
          )}
          {team.data.contactSupport && (
            <>
              <dt>{t('contactSupport')}</dt>
              <dd>
                <a href={`tel:${team.data.contactSupport.phone.replace(/\s/g, '')}`}>{team.data.contactSupport.phone}</a> ·{' '}
                <a href={`mailto:${team.data.contactSupport.email}`}><Address email={team.data.contactSupport.email} /></a>
              </dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}

/** "Covered by Premium until 31 Dec 2099", or that the organisation is not covered. */
export function entitlementText(t: TFunction, e: Entitlement | undefined, lang: string, notCovered: 'notEntitled' | 'notEntitledShort'): string {
  return e?.state === 'entitled' && e.plan ? t('entitledThrough', { plan: t(`plan.${e.plan}`), date: formatDate(e.coveredThrough ?? '', lang) }) : t(notCovered);
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

/** An address that breaks only where a reader expects it, after the @ and before a dot, never mid-word. */
function Address({ email }: { email: string }) {
  const [local, domain = ''] = email.split('@');
  return (
    <span className="address">
      {local}@<wbr />
      {domain.split('.').map((part, i) => (
        <span key={i}>
          {i > 0 && (
            <>
              <wbr />.
            </>
          )}
          {part}
        </span>
      ))}
    </span>
  );
}
