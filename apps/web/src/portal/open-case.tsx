import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api, ApiError } from '../api/client.ts';
import { useOrganization } from '../api/queries.ts';
import type { Priority, SupportCase } from '../api/types.ts';
import { PRIORITIES } from '../api/types.ts';
import { useRegionsNow } from '../public/support-hours.tsx';
import { useSession } from '../session.tsx';
import { FileDrop, sendFiles, type PendingFile } from '../ui/file-drop.tsx';
import { PriorityLabel } from '../ui/labels.tsx';
import { useContracts } from './account.tsx';

/** The hotline of a customer's home region and whether its centre is on duty right now. */
export function useHotline(organizationId: string | undefined) {
  const org = useOrganization(organizationId);
  const regions = useRegionsNow();
  const region = regions.data?.find((r) => r.code === org.data?.region);
  return region && { phone: region.phone, open: region.status.open };
}

export function HotlineNote({ organizationId }: { organizationId: string | undefined }) {
  const { t } = useTranslation();
  const hotline = useHotline(organizationId);
  if (!hotline) return null;
  return (
    <p className="hotline" role="status">
      {t('callHotline', { phone: hotline.phone })} {hotline.open ? t('onDutyNow') : t('answeringService')}
    </p>
  );
}

/**
 * The guided case form: product, version, environment, then the priority as four cards with their
 * definitions (critical and serious reveal the hotline and whether someone is on duty now), subject
 * and description, and attachments with progress per file. A failed submit keeps everything typed.
 */
export function OpenCase() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { customerId } = useSession();
  const contracts = useContracts(customerId);
  const products = [...new Set((contracts.data?.items ?? []).filter((c) => c.active).flatMap((c) => c.products))];
  const [form, setForm] = useState({ product: '', productVersion: '', environment: 'production', priority: 'moderate' as Priority, subject: '', description: '' });
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [opened, setOpened] = useState<SupportCase | null>(null);
  const [busy, setBusy] = useState(false);
  const product = form.product || products[0] || '';

  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const updateFile = (f: PendingFile) => setFiles((list) => list.map((x) => (x.key === f.key ? f : x)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // After a failed upload the case already exists: only the files are sent again.
      const created =
        opened ??
        (await api<SupportCase>('POST', '/api/v1/cases', {
          ...form,
          product,
          productVersion: form.productVersion || undefined,
          organizationId: customerId,
        }));
      setOpened(created);
      void qc.invalidateQueries({ queryKey: ['cases'] });
      const { failed } = await sendFiles(created.id, files, 'public', updateFile);
      if (failed.length === 0) navigate(`/cases/${created.id}`);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (name: string) => (error instanceof ApiError ? error.fields[name] : undefined);
  const urgent = form.priority === 'critical' || form.priority === 'serious';
  return (
    <main className="narrow wide-form">
      <h1>{t('openACase')}</h1>
      {contracts.data && products.length === 0 && <p className="error">{t('noActiveContract')}</p>}
      <form onSubmit={submit}>
        <label htmlFor="product">{t('productLabel')}</label>
        <select id="product" value={product} onChange={set('product')} required disabled={!!opened}>
          {products.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
        <label htmlFor="version">{t('version')}</label>
        <input id="version" value={form.productVersion} onChange={set('productVersion')} maxLength={50} disabled={!!opened} />
        <label htmlFor="environment">{t('environment')}</label>
        <select id="environment" value={form.environment} onChange={set('environment')} disabled={!!opened}>
          {(['production', 'test', 'development'] as const).map((env) => (
            <option key={env} value={env}>
              {t(`environments.${env}`)}
            </option>
          ))}
        </select>
        <fieldset disabled={!!opened}>
          <legend>{t('priorityLabel')}</legend>
          <p className="muted">{t('priorityFinal')}</p>
          {PRIORITIES.map((p) => (
            <label key={p} className={`priority-card ${form.priority === p ? 'chosen' : ''}`}>
              <input type="radio" name="priority" value={p} checked={form.priority === p} onChange={() => setForm((f) => ({ ...f, priority: p }))} />
              <PriorityLabel priority={p} /> <span>{t(`priorityMeaning.${p}`)}</span>
            </label>
          ))}
        </fieldset>
        {urgent && <HotlineNote organizationId={customerId} />}
        <label htmlFor="subject">{t('subject')}</label>
        <input id="subject" value={form.subject} onChange={set('subject')} required minLength={3} maxLength={200} disabled={!!opened} aria-invalid={!!fieldError('subject')} />
        {fieldError('subject') && <p className="error">{fieldError('subject')}</p>}
        <label htmlFor="description">{t('description')}</label>
        <textarea id="description" value={form.description} onChange={set('description')} required rows={8} disabled={!!opened} aria-invalid={!!fieldError('description')} />
        {fieldError('description') && <p className="error">{fieldError('description')}</p>}
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
