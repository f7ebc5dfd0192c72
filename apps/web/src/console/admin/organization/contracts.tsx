import { createContractRequest, recordPaymentRequest } from '@casebook/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddContract, useContracts, usePayments, useRecordPayment } from '../../../api/contracts.ts';
import type { Contract } from '../../../api/types.ts';
import { ContractTable, entitlementText } from '../../../ui/account.tsx';
import { Dialog } from '../../../ui/dialog.tsx';
import { Field } from '../../../ui/field.tsx';
import { showServerErrors, useSchemaForm } from '../../../ui/form.ts';
import { ErrorNote } from '../../../ui/states.tsx';
import { formatDate, formatInstant } from '../../../ui/time.tsx';

/** "PAM, Vault" as typed, as the list of products the schema checks. */
const productList = (typed: unknown) =>
  String(typed ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);

/** A customer's contracts with their payments, and (`canManage`) a form that adds a contract. */
export function ContractsSection({ organizationId, canManage }: { organizationId: string; canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const contracts = useContracts(organizationId);
  const add = useAddContract(organizationId);
  const { register, handleSubmit, reset, setError, formState } = useSchemaForm(createContractRequest, { plan: 'standard', startsOn: '', endsOn: '', products: [] });
  const errors = formState.errors;
  const e = contracts.data?.entitlement;
  return (
    <section aria-labelledby="contracts-h">
      <h2 id="contracts-h">{t('contracts')}</h2>
      {contracts.isError && <ErrorNote error={contracts.error} />}
      {e && <p className={e.state === 'entitled' ? 'state open' : 'state closed'}>{entitlementText(t, e, i18n.language, 'notEntitledShort')}</p>}
      {contracts.data && <ContractTable contracts={contracts.data.items} actions={(c) => <PaymentsDialog contract={c} canManage={canManage} />} />}
      {canManage && (
        <>
          <h3>{t('addContract')}</h3>
          <form
            className="inline-form"
            aria-label={t('addContract')}
            noValidate
            onSubmit={handleSubmit((body) => add.mutate(body, { onSuccess: () => reset(), onError: (err) => showServerErrors(err, setError, ['plan', 'startsOn', 'endsOn', 'products']) }))}
          >
            <Field label={t('plan.label')} error={errors.plan?.message}>
              {(field) => (
                <select {...field} {...register('plan')}>
                  {createContractRequest.shape.plan.options.map((p) => (
                    <option key={p} value={p}>
                      {t(`plan.${p}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('startsOn')} error={errors.startsOn?.message}>
              {(field) => <input {...field} type="date" {...register('startsOn')} />}
            </Field>
            <Field label={t('endsOn')} error={errors.endsOn?.message}>
              {(field) => <input {...field} type="date" {...register('endsOn')} />}
            </Field>
            <Field label={t('productsComma')} error={errors.products?.message ?? errors.products?.[0]?.message}>
              {(field) => <input {...field} {...register('products', { setValueAs: productList })} />}
            </Field>
            <button type="submit" disabled={add.isPending}>
              {t('addContract')}
            </button>
            {add.isError && <ErrorNote error={add.error} />}
          </form>
        </>
      )}
    </section>
  );
}

/** A contract's payments in a dialog, with the form that records one (and may extend the contract). */
function PaymentsDialog({ contract, canManage }: { contract: Contract; canManage: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      trigger={<button type="button">{t('payments')}</button>}
      title={t('paymentsFor', { products: contract.products.join(', ') })}
    >
      <Payments contract={contract} canManage={canManage} />
    </Dialog>
  );
}

function Payments({ contract, canManage }: { contract: Contract; canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const payments = usePayments(contract.id);
  const record = useRecordPayment(contract);
  const { register, handleSubmit, reset, setError, formState } = useSchemaForm(recordPaymentRequest, { paidThrough: '', reference: '' });
  return (
    <>
      <ul>
        {payments.data?.length === 0 && <li className="muted">{t('noPayments')}</li>}
        {payments.data?.map((p) => (
          <li key={p.id}>
            {formatInstant(p.recordedAt, i18n.language)}: {p.reference} → {formatDate(p.paidThrough, i18n.language)}
          </li>
        ))}
      </ul>
      {canManage && (
        <form
          className="inline-form"
          aria-label={t('recordPayment')}
          noValidate
          onSubmit={handleSubmit((body) => record.mutate(body, { onSuccess: () => reset(), onError: (err) => showServerErrors(err, setError, ['paidThrough', 'reference']) }))}
        >
          <Field label={t('paidThrough')} error={formState.errors.paidThrough?.message}>
            {(field) => <input {...field} type="date" {...register('paidThrough')} />}
          </Field>
          <Field label={t('reference')} error={formState.errors.reference?.message}>
            {(field) => <input {...field} {...register('reference')} />}
          </Field>
          <button type="submit" disabled={record.isPending}>
            {t('recordPayment')}
          </button>
          {record.isError && <ErrorNote error={record.error} />}
        </form>
      )}
    </>
  );
}
