import { createUserRequest, regionCode, updateUserRequest } from '@casebook/contracts';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { useAddUser, useSetPhone, useToggleUserActive, useUsers } from '../api/organizations.ts';
import type { Organization, Role, User } from '../api/types.ts';
import { Field } from './field.tsx';
import { showServerErrors, useSchemaForm } from './form.ts';
import { ErrorNote } from './states.tsx';

/** The roles an organisation's users can have, by its kind. */
const ROLES: Record<Organization['kind'], Role[]> = { vendor: ['admin', 'engineer', 'advisor'], partner: ['partner_user'], customer: ['customer_admin', 'customer_user'] };

/** An organisation's users and, when the caller may manage them, (de)activation and a form that invites a new one. */
export function UsersSection({ organization, canManage }: { organization: Organization; canManage: boolean }) {
  const { t } = useTranslation();
  const users = useUsers(organization.id);
  const roles = ROLES[organization.kind];
  const vendor = organization.kind === 'vendor';
  const { register, handleSubmit, resetField, setError, formState } = useSchemaForm(createUserRequest, { name: '', email: '', role: roles[roles.length - 1], region: organization.region });
  const errors = formState.errors;
  const add = useAddUser(organization.id);
  const setActive = useToggleUserActive(organization.id);
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
            {vendor && <th scope="col">{t('phone')}</th>}
            {canManage && <th scope="col">{t('actions')}</th>}
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
              {vendor && <td>{canManage ? <PhoneForm user={u} organizationId={organization.id} /> : (u.phone ?? '—')}</td>}
              {canManage && (
                <td>
                  <button type="button" onClick={() => setActive.mutate(u)} disabled={setActive.isPending}>
                    {u.active ? t('deactivate') : t('reactivate')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {setActive.isError && <ErrorNote error={setActive.error} />}
      {canManage && (
        <>
          <h3>{t('addUser')}</h3>
          <form
            className="inline-form"
            aria-label={t('addUser')}
            noValidate
            onSubmit={handleSubmit((values) =>
              add.mutate(
                // Only staff work in a regional centre.
                { ...values, region: vendor ? values.region : undefined },
                {
                  onSuccess: () => {
                    resetField('name');
                    resetField('email');
                  },
                  onError: (err) => showServerErrors(err, setError, ['name', 'email', 'role', 'region']),
                },
              ),
            )}
          >
            <Field label={t('name')} error={errors.name?.message}>
              {(field) => <input {...field} {...register('name')} />}
            </Field>
            <Field label={t('email')} error={errors.email?.message}>
              {(field) => <input {...field} type="email" {...register('email')} />}
            </Field>
            <Field label={t('role.label')} error={errors.role?.message}>
              {(field) => (
                <select {...field} {...register('role')}>
                  {roles.map((r) => (
                    <option key={r} value={r}>
                      {t(`role.${r}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {vendor && (
              <Field label={t('region')} error={errors.region?.message}>
                {(field) => (
                  <select {...field} {...register('region')}>
                    {regionCode.options.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            <button type="submit" disabled={add.isPending}>
              {t('inviteUser')}
            </button>
            {add.isError && <ErrorNote error={add.error} />}
          </form>
        </>
      )}
    </section>
  );
}

/** A staff member's phone (E.164, as the shared schema checks it); emptied, it is removed. */
const phoneForm = z.object({ phone: updateUserRequest.shape.phone.unwrap() });

function PhoneForm({ user, organizationId }: { user: User; organizationId: string }) {
  const { t } = useTranslation();
  const save = useSetPhone(organizationId);
  const { register, handleSubmit, setError, formState } = useSchemaForm(phoneForm, { phone: user.phone });
  return (
    <form
      className="inline"
      noValidate
      aria-label={t('phoneOf', { name: user.name })}
      onSubmit={handleSubmit((v) => save.mutate({ userId: user.id, phone: v.phone }, { onError: (err) => showServerErrors(err, setError, ['phone']) }))}
    >
      <Field label={<span className="visually-hidden">{t('phoneOf', { name: user.name })}</span>} error={formState.errors.phone?.message}>
        {(field) => <input {...field} type="tel" size={16} placeholder="+442071234567" {...register('phone', { setValueAs: (v: string | null) => (v ? v.trim() || null : null) })} />}
      </Field>
      <button type="submit" disabled={save.isPending} aria-label={t('savePhoneOf', { name: user.name })}>
        {t('save')}
      </button>
      {save.isError && <ErrorNote error={save.error} />}
    </form>
  );
}
