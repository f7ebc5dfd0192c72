import type { TFunction } from 'i18next';
import { recordCallRequest } from '@casebook/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ApiError } from '../api/client.ts';
import { useIntakeSearch, useMyCalls, useRecordCall } from '../api/phone.ts';
import type { IntakeCard, RecordCallResponse } from '../api/types.ts';
import { PRIORITIES } from '../api/types.ts';
import { Field } from '../ui/field.tsx';
import { showServerErrors, useSchemaForm } from '../ui/form.ts';
import { PriorityLabel } from '../ui/labels.tsx';
import { formatDate, formatInstant } from '../ui/time.tsx';

type CallForm = z.input<typeof recordCallRequest>;
const CALL_FIELDS = ['callerName', 'callerPhone', 'callerEmail', 'product', 'problem', 'impact', 'proposedPriority', 'receivedAt', 'contactUserId'] as const;

/** A `datetime-local` value ("2026-12-02T10:05") for an instant, on the viewer's clock. */
function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function startOfToday(): string {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.toISOString();
}

/**
 * The answering service's console: the search box first; the organisation's card with its
 * entitlement in words, its centre open or closed and who is on duty; the call form; after
 * recording, what happens next and the script to read to the caller; today's calls.
 */
export function AdvisorConsole() {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  const [chosen, setChosen] = useState<IntakeCard | null>(null);
  const [result, setResult] = useState<RecordCallResponse | null>(null);
  const search = useIntakeSearch(q.trim());
  const items = search.data?.items ?? [];

  function choose(card: IntakeCard) {
    setChosen(card);
    setResult(null);
  }

  return (
    <main className="advisor">
      <h1>{t('advisor.title')}</h1>
      <section aria-labelledby="intake-heading">
        <h2 id="intake-heading" className="visually-hidden">
          {t('advisor.searchHeading')}
        </h2>
        <label htmlFor="intake-search">{t('advisor.search')}</label>
        <p id="intake-hint" className="muted">
          {t('advisor.searchHint')}
        </p>
        <input id="intake-search" type="search" autoFocus aria-describedby="intake-hint" value={q} onChange={(e) => setQ(e.target.value)} />
        {q.trim().length >= 2 && search.isSuccess && items.length === 0 && <p className="empty">{t('advisor.noMatch')}</p>}
        {items.length > 0 && (
          <ul className="intake-results" aria-label={t('advisor.results')}>
            {items.map((card) => (
              <li key={card.id}>
                <button type="button" aria-pressed={chosen?.id === card.id} onClick={() => choose(card)}>
                  {card.name} ({card.region}) — {entitlementWords(t, i18n.language, card, 'short')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {chosen && <OrganizationCard card={chosen} />}
      {chosen && !result && <CallFormSection key={chosen.id} card={chosen} onRecorded={setResult} />}
      {result && <CallResult result={result} onNext={() => (setResult(null), setChosen(null), setQ(''))} />}
      <TodaysCalls />
    </main>
  );
}

type T = TFunction;

function entitlementWords(t: T, lang: string, card: IntakeCard, form: 'short' | 'long'): string {
  const e = card.entitlement;
  if (e.state === 'lapsed') {
    const date = formatDate(e.lapsedSince ?? '', lang);
    return form === 'long' ? t('advisor.lapsedLong', { date }) : t('advisor.lapsed', { date });
  }
  if (e.state === 'not_entitled') return form === 'long' ? t('advisor.notEntitledLong') : t('advisor.notEntitled');
  return e.cover24x7 ? t('advisor.premium') : t('advisor.standard');
}

function OrganizationCard({ card }: { card: IntakeCard }) {
  const { t, i18n } = useTranslation();
  const refused = card.entitlement.state !== 'entitled';
  return (
    <section className="card" aria-labelledby="org-card-heading">
      <h2 id="org-card-heading">{card.name}</h2>
      <p className={refused ? 'error' : 'state open'}>{entitlementWords(t, i18n.language, card, 'long')}</p>
      <p>
        {t('advisor.region', { region: card.region })}{' '}
        <span className={card.regionOpen ? 'state open' : 'state closed'}>{card.regionOpen ? t('open') : t('closed')}</span>
        {' — '}
        {card.onDutyNow ? t('advisor.onDuty') : t('advisor.nobodyOnDuty')}
      </p>
      <p>
        {t('advisor.accountTeam', { tam: card.accountTeam.tam ?? t('advisor.none'), am: card.accountTeam.accountManager ?? t('advisor.none') })}
      </p>
    </section>
  );
}

function CallFormSection({ card, onRecorded }: { card: IntakeCard; onRecorded: (r: RecordCallResponse) => void }) {
  const { t } = useTranslation();
  const record = useRecordCall();
  const [failure, setFailure] = useState<string | null>(null);
  const [callTime, setCallTime] = useState(() => localInput(new Date()));
  const form = useSchemaForm(recordCallRequest, {
    organizationId: card.id,
    callerName: '',
    callerPhone: '',
    problem: '',
    impact: '',
    productionDown: false,
    proposedPriority: 'moderate',
    receivedAt: new Date().toISOString(),
  } satisfies Partial<CallForm>);
  const { register, handleSubmit, setValue, setError, watch, formState } = form;
  const errors = formState.errors;
  const priority = watch('proposedPriority');
  const refused = card.entitlement.state !== 'entitled';

  useEffect(() => {
    const at = new Date(callTime);
    if (!Number.isNaN(at.getTime())) setValue('receivedAt', at.toISOString());
  }, [callTime, setValue]);

  function pickContact(id: string) {
    const contact = card.contacts.find((c) => c.id === id);
    setValue('contactUserId', contact?.id);
    if (contact) {
      setValue('callerName', contact.name);
      setValue('callerEmail', contact.email);
      if (contact.phone) setValue('callerPhone', contact.phone);
    }
  }

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      onRecorded(await record.mutateAsync({ ...values, callerEmail: values.callerEmail || undefined, product: values.product || undefined }));
    } catch (err) {
      if (!showServerErrors(err, setError, CALL_FIELDS)) setFailure(err instanceof ApiError && err.status > 0 && err.status < 500 ? err.message : t('error'));
    }
  });

  return (
    <section className="card" aria-labelledby="call-heading">
      <h2 id="call-heading">{t('advisor.callHeading')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {card.contacts.length > 0 && (
          <Field label={t('advisor.contact')}>
            {(field) => (
              <select {...field} defaultValue="" onChange={(e) => pickContact(e.target.value)}>
                <option value="">{t('advisor.someoneElse')}</option>
                {card.contacts.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({c.email})
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t('advisor.callerName')} error={errors.callerName?.message}>
          {(field) => <input {...field} {...register('callerName')} autoComplete="off" />}
        </Field>
        <Field label={t('advisor.callerPhone')} error={errors.callerPhone?.message}>
          {(field) => <input {...field} {...register('callerPhone')} type="tel" autoComplete="off" />}
        </Field>
        <Field label={t('advisor.callerEmail')} error={errors.callerEmail?.message}>
          {(field) => <input {...field} {...register('callerEmail', { setValueAs: (v: string) => v || undefined })} type="email" autoComplete="off" />}
        </Field>
        <Field label={t('productLabel')} error={errors.product?.message}>
          {(field) => <input {...field} {...register('product', { setValueAs: (v: string) => v || undefined })} />}
        </Field>
        <Field label={t('advisor.problem')} error={errors.problem?.message}>
          {(field) => <textarea {...field} {...register('problem')} rows={4} />}
        </Field>
        <Field label={t('advisor.impact')} hint={t('advisor.impactHint')} error={errors.impact?.message}>
          {(field) => <textarea {...field} {...register('impact')} rows={3} />}
        </Field>
        <label className="checkbox">
          <input type="checkbox" {...register('productionDown')} /> {t('advisor.productionDown')}
        </label>
        <fieldset>
          <legend>{t('advisor.proposedPriority')}</legend>
          {PRIORITIES.map((p) => (
            <label key={p} className={`priority-card ${priority === p ? 'chosen' : ''}`}>
              <input type="radio" value={p} {...register('proposedPriority')} />
              <PriorityLabel priority={p} /> <span>{t(`priorityMeaning.${p}`)}</span>
            </label>
          ))}
        </fieldset>
        <Field label={t('advisor.callTime')} error={errors.receivedAt?.message}>
          {(field) => <input {...field} type="datetime-local" value={callTime} onChange={(e) => setCallTime(e.target.value)} />}
        </Field>
        {failure && (
          <p role="alert" className="error">
            {failure}
          </p>
        )}
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {refused ? t('advisor.recordRefused') : t('advisor.record')}
        </button>
      </form>
    </section>
  );
}

function CallResult({ result, onNext }: { result: RecordCallResponse; onNext: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="result-heading" role="status">
      <h2 id="result-heading">{t('advisor.recorded')}</h2>
      <p>{result.nextStep}</p>
      <h3>{t('advisor.script')}</h3>
      <blockquote lang={result.scriptLocale} className="script">
        {result.script}
      </blockquote>
      <button type="button" onClick={onNext}>
        {t('advisor.nextCall')}
      </button>
    </section>
  );
}

function TodaysCalls() {
  const { t, i18n } = useTranslation();
  const [since] = useState(startOfToday);
  const calls = useMyCalls(since);
  const items = calls.data?.items ?? [];
  return (
    <section aria-labelledby="calls-heading">
      <h2 id="calls-heading">{t('advisor.todaysCalls')}</h2>
      {calls.isSuccess && items.length === 0 && <p className="empty">{t('advisor.noCalls')}</p>}
      {items.length > 0 && (
        <ul className="call-list">
          {items.map((c) => (
            <li key={c.id}>
              <time dateTime={c.receivedAt}>{formatInstant(c.receivedAt, i18n.language)}</time> · {c.callerName} · {c.organizationName ?? t('advisor.unknownOrganization')} · <PriorityLabel priority={c.proposedPriority} /> ·{' '}
              {c.caseNumber ?? t(`advisor.outcome.${c.outcome}`)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
