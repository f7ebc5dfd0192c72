import { useTranslation } from 'react-i18next';
import { LapseLine } from '../../ui/lapse-line.tsx';
import { useParams } from 'react-router-dom';
import { useOrganization } from '../../api/organizations.ts';
import { ErrorNote, Loading } from '../../ui/states.tsx';
import { AccountTeamSection } from './organization/account-team.tsx';
import { ContractsSection } from './organization/contracts.tsx';
import { PartnersSection } from './organization/partners.tsx';
import { UsersSection } from '../../ui/users-section.tsx';

/** One organisation for an administrator: users, contracts and payments, account team, partner delegations. */
export function AdminOrganization() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const org = useOrganization(id);
  if (org.isPending) return <Loading />;
  if (org.isError) return <main><ErrorNote error={org.error} /></main>;
  const o = org.data;
  return (
    <main>
      <h1>{o.name}</h1>
      <p className="muted">
        {t(`kind.${o.kind}`)} · {o.region} · {o.locale.toUpperCase()}
      </p>
      {o.lapsedSince && (
        <p className="notice">
          <LapseLine organization={o} />
        </p>
      )}
      {/* What the caller may do here is the server's answer (`abilities`), not a guess from the role. */}
      {o.abilities.canSeeUsers && <UsersSection organization={o} canManage={o.abilities.canManageUsers} />}
      {o.kind === 'customer' && <ContractsSection organizationId={o.id} canManage={o.abilities.canManageContracts} />}
      {o.kind === 'customer' && <AccountTeamSection organizationId={o.id} canSet={o.abilities.canSetAccountTeam} />}
      {o.kind !== 'vendor' && <PartnersSection organization={o} canManage={o.abilities.canManageDelegations} />}
    </main>
  );
}
