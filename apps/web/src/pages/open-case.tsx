import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, ApiError } from '../api.ts';
import type { Me } from '../session.tsx';

const PRIORITIES = ['critical', 'serious', 'moderate', 'minor'] as const;
type Priority = (typeof PRIORITIES)[number];

interface Hotline {
  phone: string;
  open: boolean;
}

/**
 * The guided case form: product, version, environment, then the priority as four cards with their
 * definitions (critical and serious reveal the hotline and whether someone is on duty now), and
 * subject and description last. A failed submit keeps everything typed.
 */
export function OpenCase({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [products, setProducts] = useState<string[]>([]);
  const [hotline, setHotline] = useState<Hotline | null>(null);
  const [form, setForm] = useState({ product: '', productVersion: '', environment: 'production', priority: 'moderate' as Priority, subject: '', description: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    (async () => {
      const contracts = await api<{ items: { products: string[]; active: boolean }[] }>('GET', `/api/v1/organizations/${me.organizationId}/contracts`);
      const names = [...new Set(contracts.items.filter((c) => c.active).flatMap((c) => c.products))];
      setProducts(names);
      setForm((f) => ({ ...f, product: f.product || names[0] || '' }));
      const org = await api<{ region: string }>('GET', `/api/v1/organizations/${me.organizationId}`);
      const regions = await api<{ code: string; phone: string }[]>('GET', '/api/v1/regions');
      const status = await api<{ open: boolean }>('GET', `/api/v1/regions/${org.region}/status`);
      setHotline({ phone: regions.find((r) => r.code === org.region)?.phone ?? '', open: status.open });
    })().catch(() => setError(t('error')));
  }, [me.organizationId, t]);

  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/api/v1/cases', { ...form, productVersion: form.productVersion || undefined });
      navigate('/');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('error'));
    } finally {
      setBusy(false);
    }
  }

  const urgent = form.priority === 'critical' || form.priority === 'serious';
  return (
    <main className="narrow wide-form">
      <h1>{t('openCase')}</h1>
      <form onSubmit={submit}>
        <label htmlFor="product">{t('productLabel')}</label>
        <select id="product" value={form.product} onChange={set('product')} required>
          {products.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
        <label htmlFor="version">{t('version')}</label>
        <input id="version" value={form.productVersion} onChange={set('productVersion')} />
        <label htmlFor="environment">{t('environment')}</label>
        <select id="environment" value={form.environment} onChange={set('environment')}>
          {(['production', 'test', 'development'] as const).map((env) => (
            <option key={env} value={env}>
              {t(`environments.${env}`)}
            </option>
          ))}
        </select>
        <fieldset>
          <legend>{t('priorityLabel')}</legend>
          {PRIORITIES.map((p) => (
            <label key={p} className={`priority-card ${form.priority === p ? 'chosen' : ''}`}>
              <input type="radio" name="priority" value={p} checked={form.priority === p} onChange={() => setForm((f) => ({ ...f, priority: p }))} />
              <span className={`priority ${p}`}>{t(`priority.${p}`)}</span> <span>{t(`priorityMeaning.${p}`)}</span>
            </label>
          ))}
        </fieldset>
        {urgent && hotline && (
          <p className="hotline" role="status">
            {t('callHotline', { phone: hotline.phone })} {hotline.open ? t('onDutyNow') : t('answeringService')}
          </p>
        )}
        <label htmlFor="subject">{t('subject')}</label>
        <input id="subject" value={form.subject} onChange={set('subject')} required minLength={3} maxLength={200} />
        <label htmlFor="description">{t('description')}</label>
        <textarea id="description" value={form.description} onChange={set('description')} required rows={8} />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('openCase')}
        </button>
      </form>
    </main>
  );
}
