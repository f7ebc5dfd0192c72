import { createOrganizationRequest, regionCode } from '@casebook/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LapseLine } from '../../ui/lapse-line.tsx';
import { Link, useNavigate } from 'react-router-dom';
import { useCreateOrganization, useOrganizationPages } from '../../api/organizations.ts';
import { Field } from '../../ui/field.tsx';
import { showServerErrors, useSchemaForm } from '../../ui/form.ts';
import { ErrorNote, Loading } from '../../ui/states.tsx';

/** Every customer and partner, newest first, with a form to add one. */
export function AdminOrganizations() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'' | 'customer' | 'partner'>('');
  const orgs = useOrganizationPages(kind);
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
                      {o.lapsedSince && (
                        <>
                          {' '}
                          <LapseLine organization={o} />
                        </>
                      )}
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

/** The language names stay in their own language, whatever the interface speaks. */
const LANGUAGE_NAMES = { en: 'English', fr: 'Français' } as const;

function NewOrganization() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateOrganization();
  const { register, handleSubmit, setError, formState } = useSchemaForm(createOrganizationRequest, { name: '', kind: 'customer', region: 'AMER', locale: 'en' });
  const errors = formState.errors;
  return (
    <form
      className="card"
      aria-labelledby="new-org-h"
      noValidate
      onSubmit={handleSubmit((body) => create.mutate(body, { onSuccess: (o) => navigate(`/admin/organizations/${o.id}`), onError: (err) => showServerErrors(err, setError, ['name', 'kind', 'region', 'locale']) }))}
    >
      <h2 id="new-org-h">{t('newOrganization')}</h2>
      <Field label={t('name')} error={errors.name?.message}>
        {(field) => <input {...field} {...register('name')} />}
      </Field>
      <Field label={t('kind.label')} error={errors.kind?.message}>
        {(field) => (
          <select {...field} {...register('kind')}>
            {createOrganizationRequest.shape.kind.options.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('region')} error={errors.region?.message}>
        {(field) => (
          <select {...field} {...register('region')}>
            {regionCode.options.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('language')} error={errors.locale?.message}>
        {(field) => (
          <select {...field} {...register('locale')}>
            {Object.entries(LANGUAGE_NAMES).map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {create.isError && <ErrorNote error={create.error} />}
      <button type="submit" className="primary" disabled={create.isPending}>
        {t('create')}
      </button>
    </form>
  );
}
