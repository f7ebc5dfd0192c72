import { createCampaignRequest, createNewsletterEventRequest, newsletterTopic } from '@casebook/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { Campaign } from '../../api/types.ts';
import { useCampaign, useCampaignPreview, useCampaigns, useCreateCampaign, useCreateEvent, useRemoveEvent, useSendCampaign, useTestSend, useUpcomingEvents, useUpdateCampaign } from '../../api/newsletter.ts';
import { Field } from '../../ui/field.tsx';
import { showServerErrors, useSchemaForm } from '../../ui/form.ts';
import { ErrorNote, Loading } from '../../ui/states.tsx';
import { formatInstant } from '../../ui/time.tsx';

/** Admins: campaigns with their counts, and the events and webinars campaigns and the public page show. */
export function AdminNewsletter() {
  const { t, i18n } = useTranslation();
  const campaigns = useCampaigns();
  const items = campaigns.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <main>
      <h1>{t('newsletter.campaigns')}</h1>
      <p>
        <Link to="/admin/newsletter/new" className="button primary">
          {t('newsletter.newCampaign')}
        </Link>
      </p>
      {campaigns.isPending ? <Loading /> : campaigns.isError ? <ErrorNote error={campaigns.error} /> : items.length === 0 ? <p className="empty">{t('newsletter.noCampaigns')}</p> : null}
      <ul className="plain campaign-list">
        {items.map((c) => (
          <li key={c.id} className="card">
            <h2>
              <Link to={`/admin/newsletter/${c.id}`}>{c.subject[i18n.language === 'fr' ? 'fr' : 'en']}</Link>
            </h2>
            <p>
              <span className="label">{t(`newsletter.status.${c.status}`)}</span> {t(`newsletter.topic.${c.topic}`)}
              {c.scheduledAt && c.status === 'scheduled' && <> · {formatInstant(c.scheduledAt, i18n.language)}</>}
            </p>
            <CampaignStats campaign={c} />
          </li>
        ))}
      </ul>
      {campaigns.hasNextPage && (
        <button type="button" onClick={() => void campaigns.fetchNextPage()}>
          {t('showMore')}
        </button>
      )}
      <EventsSection />
    </main>
  );
}

function CampaignStats({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  return <p className="muted">{t('newsletter.stats', campaign.stats)}</p>;
}

/** One campaign: its draft form (while a draft), the preview in either language, test send and send. */
export function AdminCampaign() {
  const { id = '' } = useParams();
  const isNew = id === 'new';
  const campaign = useCampaign(isNew ? '' : id);
  const { t } = useTranslation();
  if (!isNew && campaign.isPending) return <Loading />;
  if (!isNew && campaign.isError) return <ErrorNote error={campaign.error} />;
  const c = campaign.data;
  return (
    <main>
      <p>
        <Link to="/admin/newsletter">{t('newsletter.back')}</Link>
      </p>
      <h1>{isNew ? t('newsletter.newCampaign') : c?.subject.en}</h1>
      {c && (
        <>
          <p>
            <span className="label">{t(`newsletter.status.${c.status}`)}</span>
          </p>
          <CampaignStats campaign={c} />
        </>
      )}
      <div className="columns">
        {(isNew || c?.status === 'draft') && <CampaignForm campaign={c} />}
        {c && <CampaignPreview campaign={c} />}
      </div>
    </main>
  );
}

function CampaignForm({ campaign }: { campaign: Campaign | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateCampaign();
  const update = useUpdateCampaign(campaign?.id ?? '');
  const save = campaign ? update : create;
  const { register, handleSubmit, setError, formState } = useSchemaForm(createCampaignRequest, {
    topic: campaign?.topic ?? 'best_practices',
    subject: campaign?.subject ?? { en: '', fr: '' },
    body: campaign?.body ?? { en: '', fr: '' },
    includeEvents: campaign?.includeEvents ?? false,
  });
  const e = formState.errors;
  return (
    <form
      noValidate
      className="card"
      onSubmit={handleSubmit((body) =>
        save.mutate(body, {
          onSuccess: (saved) => !campaign && navigate(`/admin/newsletter/${saved.id}`, { replace: true }),
          onError: (err) => showServerErrors(err, setError, ['topic']),
        }),
      )}
    >
      <Field label={t('newsletter.topic.label')} error={e.topic?.message}>
        {(field) => (
          <select {...field} {...register('topic')}>
            {newsletterTopic.options.map((o) => (
              <option key={o} value={o}>
                {t(`newsletter.topic.${o}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {(['en', 'fr'] as const).map((l) => (
        <fieldset key={l} lang={l}>
          <legend>{l === 'en' ? t('newsletter.inEnglish') : t('newsletter.inFrench')}</legend>
          <Field label={t('newsletter.subject')} error={e.subject?.[l]?.message}>
            {(field) => <input {...field} {...register(`subject.${l}`)} />}
          </Field>
          <Field label={t('newsletter.body')} error={e.body?.[l]?.message}>
            {(field) => <textarea {...field} rows={8} {...register(`body.${l}`)} />}
          </Field>
        </fieldset>
      ))}
      <label className="choice">
        <input type="checkbox" {...register('includeEvents')} /> {t('newsletter.includeEvents')}
      </label>
      {save.isError && <ErrorNote error={save.error} />}
      <button type="submit" className="primary" disabled={save.isPending}>
        {t('newsletter.saveDraft')}
      </button>
    </form>
  );
}

function CampaignPreview({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const [locale, setLocale] = useState<'en' | 'fr'>('en');
  const preview = useCampaignPreview(campaign.id, locale);
  const test = useTestSend(campaign.id);
  const send = useSendCampaign(campaign.id);
  const [at, setAt] = useState('');
  return (
    <section className="card" aria-labelledby="preview-h">
      <h2 id="preview-h">{t('newsletter.preview')}</h2>
      <span role="group" aria-label={t('newsletter.previewIn')}>
        {(['en', 'fr'] as const).map((l) => (
          <button key={l} type="button" aria-pressed={locale === l} onClick={() => setLocale(l)}>
            {t(`newsletter.languages.${l}`)}
          </button>
        ))}
      </span>
      {preview.data && (
        <>
          <p>
            <strong>{preview.data.subject}</strong>
          </p>
          {/* The HTML is sanitised by the server; the sandbox keeps its styles and links out of the console. */}
          <iframe className="mail-preview" title={t('newsletter.previewFrame')} sandbox="" srcDoc={preview.data.html} />
          <details>
            <summary>{t('newsletter.textVersion')}</summary>
            <pre className="mail-text">{preview.data.text}</pre>
          </details>
        </>
      )}
      <div className="actions">
        <button type="button" onClick={() => test.mutate()} disabled={test.isPending}>
          {t('newsletter.testSend')}
        </button>
        {campaign.status === 'draft' && (
          <button type="button" className="primary" onClick={() => send.mutate(undefined)} disabled={send.isPending}>
            {t('newsletter.sendNow')}
          </button>
        )}
      </div>
      {test.isSuccess && (
        <p role="status" className="ok">
          {t('newsletter.testSent')}
        </p>
      )}
      {campaign.status === 'draft' && (
        <form
          noValidate
          onSubmit={(ev) => {
            ev.preventDefault();
            if (at) send.mutate(new Date(at).toISOString());
          }}
        >
          <label htmlFor="schedule-at">{t('newsletter.scheduleAt')}</label>
          <input id="schedule-at" type="datetime-local" value={at} onChange={(ev) => setAt(ev.target.value)} />
          <button type="submit" disabled={!at || send.isPending}>
            {t('newsletter.schedule')}
          </button>
        </form>
      )}
      {(test.isError || send.isError) && <ErrorNote error={test.error ?? send.error} />}
    </section>
  );
}

/** Upcoming events and webinars: added with titles in both languages and a start in the admin's own time. */
function EventsSection() {
  const { t, i18n } = useTranslation();
  const events = useUpcomingEvents();
  const create = useCreateEvent();
  const remove = useRemoveEvent();
  const [startsLocal, setStartsLocal] = useState('');
  const { register, handleSubmit, setValue, reset, formState } = useSchemaForm(createNewsletterEventRequest, { kind: 'webinar', title: { en: '', fr: '' }, startsAt: '', durationMinutes: 60, registrationUrl: '' });
  useEffect(() => {
    setValue('startsAt', startsLocal ? new Date(startsLocal).toISOString() : '');
  }, [startsLocal, setValue]);
  const e = formState.errors;
  const lang = i18n.language === 'fr' ? 'fr' : 'en';
  return (
    <section aria-labelledby="admin-events-h">
      <h2 id="admin-events-h">{t('newsletter.events')}</h2>
      <ul className="plain">
        {events.data?.map((ev) => (
          <li key={ev.id}>
            <strong>{ev.title[lang]}</strong> ({t(`newsletter.kind.${ev.kind}`)}), {formatInstant(ev.startsAt, lang)}, {t('newsletter.minutes', { count: ev.durationMinutes })}{' '}
            <button type="button" onClick={() => remove.mutate(ev.id)} disabled={remove.isPending}>
              {t('newsletter.remove')}
            </button>
          </li>
        ))}
      </ul>
      <form
        noValidate
        className="card"
        onSubmit={handleSubmit((body) =>
          create.mutate(body, {
            onSuccess: () => {
              reset();
              setStartsLocal('');
            },
          }),
        )}
      >
        <h3>{t('newsletter.addEvent')}</h3>
        <Field label={t('newsletter.eventKind')}>
          {(field) => (
            <select {...field} {...register('kind')}>
              <option value="webinar">{t('newsletter.kind.webinar')}</option>
              <option value="event">{t('newsletter.kind.event')}</option>
            </select>
          )}
        </Field>
        <Field label={`${t('newsletter.eventTitle')} (${t('newsletter.languages.en')})`} error={e.title?.en?.message}>
          {(field) => <input {...field} lang="en" {...register('title.en')} />}
        </Field>
        <Field label={`${t('newsletter.eventTitle')} (${t('newsletter.languages.fr')})`} error={e.title?.fr?.message}>
          {(field) => <input {...field} lang="fr" {...register('title.fr')} />}
        </Field>
        <Field label={t('newsletter.startsAt')} error={e.startsAt?.message}>
          {(field) => <input {...field} type="datetime-local" value={startsLocal} onChange={(ev) => setStartsLocal(ev.target.value)} />}
        </Field>
        <Field label={t('newsletter.duration')} error={e.durationMinutes?.message}>
          {(field) => <input {...field} type="number" {...register('durationMinutes', { valueAsNumber: true })} />}
        </Field>
        <Field label={t('newsletter.registrationUrl')} error={e.registrationUrl?.message}>
          {(field) => <input {...field} type="url" {...register('registrationUrl')} />}
        </Field>
        {create.isError && <ErrorNote error={create.error} />}
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('newsletter.addEvent')}
        </button>
      </form>
    </section>
  );
}
