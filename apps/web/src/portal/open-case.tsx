import { createCaseRequest } from '@casebook/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useOpenCase } from '../api/cases.ts';
import { ApiError } from '../api/client.ts';
import { useContracts } from '../api/contracts.ts';
import type { SupportCase } from '../api/types.ts';
import { PRIORITIES } from '../api/types.ts';
import { useSession } from '../session.tsx';
import { Field } from '../ui/field.tsx';
import { FileDrop, sendFiles, type PendingFile } from '../ui/file-drop.tsx';
import { HotlineNote } from '../ui/hotline.tsx';
import { showServerErrors, useSchemaForm } from '../ui/form.ts';
import { PriorityLabel } from '../ui/labels.tsx';

/**
 * The guided case form: product, version, environment, then the priority as four cards with their
 * definitions (critical and serious reveal the hotline and whether someone is on duty now), subject
 * and description, and attachments with progress per file. The shared `createCaseRequest` schema
 * checks it before sending; a failed submit keeps everything typed and shows the server's field
 * errors next to their fields.
 */
export function OpenCase() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { customerId } = useSession();
  const contracts = useContracts(customerId);
  const products = [...new Set((contracts.data?.items ?? []).filter((c) => c.active).flatMap((c) => c.products))];
  const form = useSchemaForm(createCaseRequest, { product: '', productVersion: '', environment: 'production', priority: 'moderate', subject: '', description: '' });
  const { register, handleSubmit, setValue, getValues, watch, setError, formState } = form;
  const errors = formState.errors;
  const create = useOpenCase();
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [error, setFailure] = useState<ApiError | Error | null>(null);
  const [opened, setOpened] = useState<SupportCase | null>(null);
  const [busy, setBusy] = useState(false);
  const productList = products.join('\n');
  // The first product the customer is covered for is the default, and a product they lost is dropped.
  useEffect(() => {
    const list = productList ? productList.split('\n') : [];
    if (!list.includes(getValues('product'))) setValue('product', list[0] ?? '');
  }, [productList, getValues, setValue]);

  const updateFile = (f: PendingFile) => setFiles((list) => list.map((x) => (x.key === f.key ? f : x)));

  /** After a failed upload the case already exists: only the files are sent again. */
  async function sendTo(created: SupportCase) {
    const { failed } = await sendFiles(created.id, files, 'public', updateFile);
    if (failed.length === 0) navigate(`/cases/${created.id}`);
  }

  async function run(step: () => Promise<void>) {
    setBusy(true);
    setFailure(null);
    try {
      await step();
    } catch (err) {
      setFailure(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  }

  const submit = opened
    ? (e: FormEvent) => {
        e.preventDefault();
        void run(() => sendTo(opened));
      }
    : handleSubmit((values) =>
        run(async () => {
          try {
            const created = await create.mutateAsync({ ...values, productVersion: values.productVersion || undefined, organizationId: customerId });
            setOpened(created);
            await sendTo(created);
          } catch (err) {
            showServerErrors(err, setError, ['product', 'productVersion', 'environment', 'priority', 'subject', 'description']);
            throw err;
          }
        }),
      );

  const priority = watch('priority');
  const urgent = priority === 'critical' || priority === 'serious';
  return (
    <main className="narrow wide-form">
      <h1>{t('openACase')}</h1>
      {contracts.data && products.length === 0 && <p className="error">{t('noActiveContract')}</p>}
      <form onSubmit={submit} noValidate>
        <Field label={t('productLabel')} error={errors.product?.message}>
          {(field) => (
            <select {...field} {...register('product')} disabled={!!opened}>
              {products.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('version')} error={errors.productVersion?.message}>
          {(field) => <input {...field} {...register('productVersion')} disabled={!!opened} />}
        </Field>
        <Field label={t('environment')} error={errors.environment?.message}>
          {(field) => (
            <select {...field} {...register('environment')} disabled={!!opened}>
              {createCaseRequest.shape.environment.unwrap().options.map((env) => (
                <option key={env} value={env}>
                  {t(`environments.${env}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset disabled={!!opened}>
          <legend>{t('priorityLabel')}</legend>
          <p className="muted">{t('priorityFinal')}</p>
          {PRIORITIES.map((p) => (
            <label key={p} className={`priority-card ${priority === p ? 'chosen' : ''}`}>
              <input type="radio" value={p} {...register('priority')} />
              <PriorityLabel priority={p} /> <span>{t(`priorityMeaning.${p}`)}</span>
            </label>
          ))}
        </fieldset>
        {urgent && <HotlineNote organizationId={customerId} />}
        <Field label={t('subject')} error={errors.subject?.message}>
          {(field) => <input {...field} {...register('subject')} disabled={!!opened} />}
        </Field>
        <Field label={t('description')} error={errors.description?.message}>
          {(field) => <textarea {...field} {...register('description')} rows={8} disabled={!!opened} />}
        </Field>
        <FileDrop files={files} onChange={setFiles} label={t('attachments')} />
        {error && (
          <p role="alert" className="error">
            {error instanceof ApiError && error.status > 0 && error.status < 500 ? error.message : t('error')}
          </p>
        )}
        {opened && files.some((f) => f.error) && (
          <p role="alert" className="error">
            {t('caseOpenedFilesFailed', { number: opened.number })} <Link to={`/cases/${opened.id}`}>{t('goToCase')}</Link>
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || products.length === 0}>
          {opened ? t('retryUploads') : t('openCase')}
        </button>
      </form>
    </main>
  );
}
