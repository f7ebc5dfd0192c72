import { createDelegationRequest } from '@casebook/contracts';
import { useTranslation } from 'react-i18next';
import { useAddDelegation, useDelegations, usePartners, useWithdrawDelegation } from '../../../api/organizations.ts';
import type { Organization } from '../../../api/types.ts';
import { Field } from '../../../ui/field.tsx';
import { showServerErrors, useSchemaForm } from '../../../ui/form.ts';
import { ErrorNote } from '../../../ui/states.tsx';

/** A customer's partners (with a form to add one when the caller may), or the customers a partner acts for. */
export function PartnersSection({ organization, canManage }: { organization: Organization; canManage: boolean }) {
  const { t } = useTranslation();
  const customer = organization.kind === 'customer';
  const list = useDelegations(organization.id);
  const partners = usePartners(customer && canManage);
  const add = useAddDelegation(organization.id);
  const remove = useWithdrawDelegation();
  const { register, handleSubmit, setError, formState } = useSchemaForm(createDelegationRequest, { partnerOrganizationId: '' });
  return (
    <section aria-labelledby="deleg-h">
      <h2 id="deleg-h">{customer ? t('adminPartnerAccess') : t('actsFor')}</h2>
      {list.data?.length === 0 && <p className="empty">{t('noDelegations')}</p>}
      <ul>
        {list.data?.map((d) => (
          <li key={`${d.customerOrganizationId}-${d.partnerOrganizationId}`}>
            {customer ? d.partnerName : d.customerName}{' '}
            {canManage && (
              <button type="button" onClick={() => remove.mutate(d)} disabled={remove.isPending}>
                {t('withdrawAccess')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {customer && canManage && (
        <form
          className="inline-form"
          aria-label={t('addPartner')}
          noValidate
          onSubmit={handleSubmit((body) => add.mutate(body, { onError: (err) => showServerErrors(err, setError, ['partnerOrganizationId']) }))}
        >
          <Field label={t('partner')} error={formState.errors.partnerOrganizationId?.message}>
            {(field) => (
              <select {...field} {...register('partnerOrganizationId')}>
                <option value="">—</option>
                {partners.data?.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" disabled={add.isPending}>
            {t('addPartner')}
          </button>
        </form>
      )}
      {(add.isError || remove.isError) && <ErrorNote error={add.error ?? remove.error} />}
    </section>
  );
}
