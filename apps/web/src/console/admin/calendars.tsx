import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { HolidayEntry } from '../../api/types.ts';
import { ErrorNote, Loading } from '../../ui/states.tsx';
import { formatDate } from '../../ui/time.tsx';
import { REGIONS } from './organizations.tsx';

/**
 * A centre's holidays and closures for a year. Closing a day moves every business-hours clock in
 * that region; removing a national holiday keeps the centre open that day.
 */
export function AdminCalendars() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [region, setRegion] = useState<(typeof REGIONS)[number]>('AMER');
  const [year, setYear] = useState(new Date().getUTCFullYear());
  const key = ['holidays', region, year, i18n.language];
  const days = useQuery({ queryKey: key, queryFn: () => api<HolidayEntry[]>('GET', `/api/v1/regions/${region}/holidays?year=${year}&lang=${i18n.language === 'fr' ? 'fr' : 'en'}`) });
  const [form, setForm] = useState({ date: '', name: '' });
  const close = useMutation({
    mutationFn: () => api('POST', `/api/v1/regions/${region}/closures`, form),
    onSuccess: () => setForm({ date: '', name: '' }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['holidays', region] }),
  });
  const remove = useMutation({
    mutationFn: (date: string) => api('DELETE', `/api/v1/regions/${region}/closures/${date}`),
    onSettled: () => qc.invalidateQueries({ queryKey: ['holidays', region] }),
  });
  return (
    <main>
      <h1>{t('calendars')}</h1>
      <div className="filters">
        <label htmlFor="cal-region">{t('region')}</label>
        <select id="cal-region" value={region} onChange={(e) => setRegion(e.target.value as typeof region)}>
          {REGIONS.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <label htmlFor="cal-year">{t('year')}</label>
        <input id="cal-year" type="number" min={2000} max={2100} value={year} onChange={(e) => setYear(Number(e.target.value) || year)} />
      </div>
      {days.isPending ? (
        <Loading />
      ) : days.isError ? (
        <ErrorNote error={days.error} />
      ) : (
        <table>
          <caption className="visually-hidden">{t('calendars')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('date')}</th>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('kind.label')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {days.data.map((d) => (
              <tr key={`${d.date}-${d.kind}`}>
                <td>{formatDate(d.date, i18n.language)}</td>
                <td>{d.name}</td>
                <td>{t(`dayKind.${d.kind}`)}</td>
                <td>
                  <button type="button" onClick={() => remove.mutate(d.date)} disabled={remove.isPending}>
                    {d.kind === 'closure' ? t('removeClosure') : t('keepOpen')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {remove.isError && <ErrorNote error={remove.error} />}
      <form
        className="inline-form"
        aria-label={t('addClosure')}
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          close.mutate();
        }}
      >
        <label htmlFor="closure-date">{t('date')}</label>
        <input id="closure-date" type="date" value={form.date} onChange={(e) => setForm((f) => ({ ...f, date: e.target.value }))} required />
        <label htmlFor="closure-name">{t('closureName')}</label>
        <input id="closure-name" value={form.name} onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))} required maxLength={200} />
        <button type="submit" disabled={close.isPending}>
          {t('addClosure')}
        </button>
        {close.isError && <ErrorNote error={close.error} />}
      </form>
    </main>
  );
}
