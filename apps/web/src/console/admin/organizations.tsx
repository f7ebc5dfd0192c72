import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api, query } from '../../api/client.ts';
import type { Organization, Page } from '../../api/types.ts';
import { ErrorNote, Loading } from '../../ui/states.tsx';

const REGIONS = ['AMER', 'EMEA', 'APJ', 'IL'] as const;

/** Every customer and partner, newest first, with a form to add one. */
export function AdminOrganizations() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'' | 'customer' | 'partner'>('');
  const orgs = useInfiniteQuery({
    queryKey: ['organizations', kind],
    queryFn: ({ pageParam }) => api<Page<Organization>>('GET', `/api/v1/organizations${query({ kind: kind || undefined, cursor: pageParam || undefined, limit: 50 })}`),
    initialPageParam: '',
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
  const list = orgs.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <main>
      <h1>{t('organizations')}</h1>
      <div className="columns">
        <section>
          <label htmlFor="org-kind">{t('kind.label')}</label>{' '}
          <select id="org-kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            <option value="">{t('kind.all')}</option>
            <option value="customer">{t('kind.customer')}</option>
            <option value="partner">{t('kind.partner')}</option>
          </select>
          {orgs.isPending ? (
            <Loading />
          ) : orgs.isError ? (
            <ErrorNote error={orgs.error} />
          ) : (
            <table>
              <caption className="visually-hidden">{t('organizations')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('name')}</th>
                  <th scope="col">{t('kind.label')}</th>
                  <th scope="col">{t('region')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((o) => (
                  <tr key={o.id}>
                    <td>
                      <Link to={`/admin/organizations/${o.id}`}>{o.name}</Link>
                    </td>
                    <td>{t(`kind.${o.kind}`)}</td>
                    <td>{o.region}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {orgs.hasNextPage && (
            <button type="button" onClick={() => void orgs.fetchNextPage()}>
              {t('showMore')}
            </button>
          )}
        </section>
        <NewOrganization />
      </div>
    </main>
  );
}

function NewOrganization() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState({ name: '', kind: 'customer', region: 'AMER', locale: 'en' });
  const create = useMutation({
    mutationFn: () => api<Organization>('POST', '/api/v1/organizations', form),
    onSuccess: (o) => {
      void qc.invalidateQueries({ queryKey: ['organizations'] });
      navigate(`/admin/organizations/${o.id}`);
    },
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  return (
    <form
      className="card"
      aria-labelledby="new-org-h"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <h2 id="new-org-h">{t('newOrganization')}</h2>
      <label htmlFor="new-org-name">{t('name')}</label>
      <input id="new-org-name" value={form.name} onChange={set('name')} required maxLength={200} />
      <label htmlFor="new-org-kind">{t('kind.label')}</label>
      <select id="new-org-kind" value={form.kind} onChange={set('kind')}>
        <option value="customer">{t('kind.customer')}</option>
        <option value="partner">{t('kind.partner')}</option>
      </select>
      <label htmlFor="new-org-region">{t('region')}</label>
      <select id="new-org-region" value={form.region} onChange={set('region')}>
        {REGIONS.map((r) => (
          <option key={r}>{r}</option>
        ))}
      </select>
      <label htmlFor="new-org-locale">{t('language')}</label>
      <select id="new-org-locale" value={form.locale} onChange={set('locale')}>
        <option value="en">English</option>
        <option value="fr">Français</option>
      </select>
      {create.isError && <ErrorNote error={create.error} />}
      <button type="submit" className="primary" disabled={create.isPending}>
        {t('create')}
      </button>
    </form>
  );
}

export { REGIONS };
