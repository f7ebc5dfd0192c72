import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { useDelegations, useOrganization } from '../../api/queries.ts';
import type { Contract, Delegation, Organization, Page, Payment, Role, User } from '../../api/types.ts';
import { useStaff } from '../../case/staff-panel.tsx';
import { ContractTable, useAccountTeam, useContracts } from '../../portal/account.tsx';
import { ErrorNote, Loading } from '../../ui/states.tsx';
import { formatDate, formatInstant } from '../../ui/time.tsx';
import { REGIONS } from './organizations.tsx';

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
      <Users organization={o} />
      {o.kind === 'customer' && <Contracts organizationId={o.id} />}
      {o.kind === 'customer' && <AccountTeamEditor organizationId={o.id} />}
      {o.kind !== 'vendor' && <Delegations organization={o} />}
    </main>
  );
}

function Users({ organization }: { organization: Organization }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const users = useQuery({ queryKey: ['users', organization.id], queryFn: () => api<Page<User>>('GET', `/api/v1/organizations/${organization.id}/users?limit=100`).then((p) => p.items) });
  const roles: Role[] = organization.kind === 'vendor' ? ['admin', 'engineer', 'advisor'] : organization.kind === 'partner' ? ['partner_user'] : ['customer_admin', 'customer_user'];
  const [form, setForm] = useState({ name: '', email: '', role: roles[roles.length - 1] as string, region: organization.region as string });
  const add = useMutation({
    mutationFn: () => api<User>('POST', `/api/v1/organizations/${organization.id}/users`, { ...form, region: organization.kind === 'vendor' ? form.region : undefined }),
    onSuccess: () => {
      setForm((f) => ({ ...f, name: '', email: '' }));
      void qc.invalidateQueries({ queryKey: ['users', organization.id] });
    },
  });
  const setActive = useMutation({
    mutationFn: (u: User) => api('PATCH', `/api/v1/users/${u.id}`, { active: !u.active }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['users', organization.id] }),
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  return (
    <section aria-labelledby="users-h">
      <h2 id="users-h">{t('users')}</h2>
      {users.isError && <ErrorNote error={users.error} />}
      <table>
        <caption className="visually-hidden">{t('users')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('email')}</th>
            <th scope="col">{t('role.label')}</th>
            <th scope="col">{t('statusLabel')}</th>
            <th scope="col">{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {users.data?.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>
                {t(`role.${u.role}`)}
                {u.region && ` · ${u.region}`}
              </td>
              <td>{u.invitationPending ? t('invited') : u.active ? t('activeUser') : t('deactivated')}</td>
              <td>
                <button type="button" onClick={() => setActive.mutate(u)} disabled={setActive.isPending}>
                  {u.active ? t('deactivate') : t('reactivate')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {setActive.isError && <ErrorNote error={setActive.error} />}
      <h3>{t('addUser')}</h3>
      <form
        className="inline-form"
        aria-label={t('addUser')}
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <label htmlFor="user-name">{t('name')}</label>
        <input id="user-name" value={form.name} onChange={set('name')} required />
        <label htmlFor="user-email">{t('email')}</label>
        <input id="user-email" type="email" value={form.email} onChange={set('email')} required />
        <label htmlFor="user-role">{t('role.label')}</label>
        <select id="user-role" value={form.role} onChange={set('role')}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
        {organization.kind === 'vendor' && (
          <>
            <label htmlFor="user-region">{t('region')}</label>
            <select id="user-region" value={form.region} onChange={set('region')}>
              {REGIONS.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </>
        )}
        <button type="submit" disabled={add.isPending}>
          {t('inviteUser')}
        </button>
        {add.isError && <ErrorNote error={add.error} />}
      </form>
    </section>
  );
}

function Contracts({ organizationId }: { organizationId: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const contracts = useContracts(organizationId);
  const [payingFor, setPayingFor] = useState<Contract | null>(null);
  const [form, setForm] = useState({ plan: 'standard', startsOn: '', endsOn: '', products: '' });
  const add = useMutation({
    mutationFn: () => api('POST', `/api/v1/organizations/${organizationId}/contracts`, { ...form, products: form.products.split(',').map((p) => p.trim()).filter(Boolean) }),
    onSuccess: () => {
      setForm({ plan: 'standard', startsOn: '', endsOn: '', products: '' });
      void qc.invalidateQueries({ queryKey: ['contracts', organizationId] });
    },
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const e = contracts.data?.entitlement;
  return (
    <section aria-labelledby="contracts-h">
      <h2 id="contracts-h">{t('contracts')}</h2>
      {contracts.isError && <ErrorNote error={contracts.error} />}
      {e && (
        <p className={e.state === 'entitled' ? 'state open' : 'state closed'}>
          {e.state === 'entitled' ? t('entitledThrough', { plan: t(`plan.${e.plan}`), date: formatDate(e.coveredThrough ?? '', i18n.language) }) : t('notEntitledShort')}
        </p>
      )}
      {contracts.data && (
        <ContractTable
          contracts={contracts.data.items}
          actions={(c) => (
            <button type="button" onClick={() => setPayingFor(c)}>
              {t('payments')}
            </button>
          )}
        />
      )}
      {payingFor && <Payments contract={payingFor} onClose={() => setPayingFor(null)} />}
      <h3>{t('addContract')}</h3>
      <form
        className="inline-form"
        aria-label={t('addContract')}
        onSubmit={(ev: FormEvent) => {
          ev.preventDefault();
          add.mutate();
        }}
      >
        <label htmlFor="contract-plan">{t('plan.label')}</label>
        <select id="contract-plan" value={form.plan} onChange={set('plan')}>
          <option value="standard">{t('plan.standard')}</option>
          <option value="premium">{t('plan.premium')}</option>
        </select>
        <label htmlFor="contract-start">{t('startsOn')}</label>
        <input id="contract-start" type="date" value={form.startsOn} onChange={set('startsOn')} required />
        <label htmlFor="contract-end">{t('endsOn')}</label>
        <input id="contract-end" type="date" value={form.endsOn} onChange={set('endsOn')} required />
        <label htmlFor="contract-products">{t('productsComma')}</label>
        <input id="contract-products" value={form.products} onChange={set('products')} required />
        <button type="submit" disabled={add.isPending}>
          {t('addContract')}
        </button>
        {add.isError && <ErrorNote error={add.error} />}
      </form>
    </section>
  );
}

function Payments({ contract, onClose }: { contract: Contract; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const payments = useQuery({ queryKey: ['payments', contract.id], queryFn: () => api<{ items: Payment[] }>('GET', `/api/v1/contracts/${contract.id}/payments`).then((r) => r.items) });
  const [form, setForm] = useState({ paidThrough: '', reference: '' });
  const record = useMutation({
    mutationFn: () => api('POST', `/api/v1/contracts/${contract.id}/payments`, form),
    onSuccess: () => {
      setForm({ paidThrough: '', reference: '' });
      void qc.invalidateQueries({ queryKey: ['payments', contract.id] });
      void qc.invalidateQueries({ queryKey: ['contracts', contract.organizationId] });
    },
  });
  return (
    <section className="card" aria-labelledby="payments-h">
      <h3 id="payments-h">{t('paymentsFor', { products: contract.products.join(', ') })}</h3>
      <ul>
        {payments.data?.length === 0 && <li className="muted">{t('noPayments')}</li>}
        {payments.data?.map((p) => (
          <li key={p.id}>
            {formatInstant(p.recordedAt, i18n.language)}: {p.reference} → {formatDate(p.paidThrough, i18n.language)}
          </li>
        ))}
      </ul>
      <form
        className="inline-form"
        aria-label={t('recordPayment')}
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          record.mutate();
        }}
      >
        <label htmlFor="paid-through">{t('paidThrough')}</label>
        <input id="paid-through" type="date" value={form.paidThrough} onChange={(e) => setForm((f) => ({ ...f, paidThrough: e.target.value }))} required />
        <label htmlFor="payment-ref">{t('reference')}</label>
        <input id="payment-ref" value={form.reference} onChange={(e) => setForm((f) => ({ ...f, reference: e.target.value }))} required />
        <button type="submit" disabled={record.isPending}>
          {t('recordPayment')}
        </button>
        <button type="button" onClick={onClose}>
          {t('close')}
        </button>
        {record.isError && <ErrorNote error={record.error} />}
      </form>
    </section>
  );
}

function AccountTeamEditor({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const team = useAccountTeam(organizationId);
  const staff = useStaff();
  const save = useMutation({
    mutationFn: (body: { tamUserId: string | null; accountManagerUserId: string | null }) => api('PUT', `/api/v1/organizations/${organizationId}/account-team`, body),
    onSettled: () => qc.invalidateQueries({ queryKey: ['account-team', organizationId] }),
  });
  const tam = team.data?.tam?.id ?? null;
  const am = team.data?.accountManager?.id ?? null;
  const picker = (id: string, label: string, value: string | null, onChange: (v: string | null) => void) => (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)} disabled={save.isPending || team.isPending}>
        <option value="">{t('nobody')}</option>
        {staff.data?.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name} ({u.region ?? '—'})
          </option>
        ))}
      </select>
    </>
  );
  return (
    <section aria-labelledby="team-h">
      <h2 id="team-h">{t('adminAccountTeam')}</h2>
      <div className="inline-form">
        {picker('team-tam', t('tam'), tam, (v) => save.mutate({ tamUserId: v, accountManagerUserId: am }))}
        {picker('team-am', t('accountManager'), am, (v) => save.mutate({ tamUserId: tam, accountManagerUserId: v }))}
      </div>
      {save.isError && <ErrorNote error={save.error} />}
    </section>
  );
}

function Delegations({ organization }: { organization: Organization }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const key = ['delegations', organization.id];
  const list = useDelegations(organization.id);
  const partners = useQuery({
    queryKey: ['organizations', 'partner', 'all'],
    queryFn: () => api<Page<Organization>>('GET', '/api/v1/organizations?kind=partner&limit=100').then((p) => p.items),
    enabled: organization.kind === 'customer',
  });
  const [partnerId, setPartnerId] = useState('');
  const add = useMutation({
    mutationFn: () => api('POST', `/api/v1/organizations/${organization.id}/delegations`, { partnerOrganizationId: partnerId }),
    onSettled: () => qc.invalidateQueries({ queryKey: key }),
  });
  const remove = useMutation({
    mutationFn: (d: Delegation) => api('DELETE', `/api/v1/organizations/${d.customerOrganizationId}/delegations/${d.partnerOrganizationId}`),
    onSettled: () => qc.invalidateQueries({ queryKey: key }),
  });
  return (
    <section aria-labelledby="deleg-h">
      <h2 id="deleg-h">{organization.kind === 'customer' ? t('adminPartnerAccess') : t('actsFor')}</h2>
      {list.data?.length === 0 && <p className="empty">{t('noDelegations')}</p>}
      <ul>
        {list.data?.map((d) => (
          <li key={`${d.customerOrganizationId}-${d.partnerOrganizationId}`}>
            {organization.kind === 'customer' ? d.partnerName : d.customerName}{' '}
            <button type="button" onClick={() => remove.mutate(d)} disabled={remove.isPending}>
              {t('withdrawAccess')}
            </button>
          </li>
        ))}
      </ul>
      {organization.kind === 'customer' && (
        <form
          className="inline-form"
          aria-label={t('addPartner')}
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <label htmlFor="partner-pick">{t('partner')}</label>
          <select id="partner-pick" value={partnerId} onChange={(e) => setPartnerId(e.target.value)} required>
            <option value="">—</option>
            {partners.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <button type="submit" disabled={add.isPending}>
            {t('addPartner')}
          </button>
        </form>
      )}
      {(add.isError || remove.isError) && <ErrorNote error={add.error ?? remove.error} />}
    </section>
  );
}
