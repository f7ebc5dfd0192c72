import { closureRequest, holidaysQuery, regionCode, type RegionCode } from '@casebook/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddClosure, useHolidays, useRemoveClosure } from '../../api/regions.ts';
import { Field } from '../../ui/field.tsx';
import { showServerErrors, useSchemaForm } from '../../ui/form.ts';
import { ErrorNote, Loading } from '../../ui/states.tsx';
import { formatDate } from '../../ui/time.tsx';

/** The years the holiday calendar covers, from the shared query schema. */
const YEARS = holidaysQuery.shape.year;

/**
 * A centre's holidays and closures for a year. Closing a day moves every business-hours clock in
 * that region; removing a national holiday keeps the centre open that day.
 */
export function AdminCalendars() {
  const { t, i18n } = useTranslation();
  const [region, setRegion] = useState<RegionCode>('AMER');
  const [year, setYear] = useState(new Date().getUTCFullYear());
  const days = useHolidays(region, year, i18n.language === 'fr' ? 'fr' : 'en');
  const { register, handleSubmit, reset, setError, formState } = useSchemaForm(closureRequest, { date: '', name: '' });
  const close = useAddClosure(region);
  const remove = useRemoveClosure(region);
  return (
    <main>
      <h1>{t('calendars')}</h1>
      <div className="filters">
        <label htmlFor="cal-region">{t('region')}</label>
        <select id="cal-region" value={region} onChange={(e) => setRegion(regionCode.parse(e.target.value))}>
          {regionCode.options.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <label htmlFor="cal-year">{t('year')}</label>
        <input id="cal-year" type="number" min={YEARS.minValue ?? undefined} max={YEARS.maxValue ?? undefined} value={year} onChange={(e) => setYear(Number(e.target.value) || year)} />
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
        noValidate
        onSubmit={handleSubmit((body) => close.mutate(body, { onSuccess: () => reset(), onError: (err) => showServerErrors(err, setError, ['date', 'name']) }))}
      >
        <Field label={t('date')} error={formState.errors.date?.message}>
          {(field) => <input {...field} type="date" {...register('date')} />}
        </Field>
        <Field label={t('closureName')} error={formState.errors.name?.message}>
          {(field) => <input {...field} {...register('name')} />}
        </Field>
        <button type="submit" disabled={close.isPending}>
          {t('addClosure')}
        </button>
        {close.isError && <ErrorNote error={close.error} />}
      </form>
    </main>
  );
}
