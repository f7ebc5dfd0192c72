import { newsletterTopic } from '@casebook/contracts';
import { useTranslation } from 'react-i18next';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { useUpcomingEvents } from '../api/newsletter.ts';
import { formatInstant } from './time.tsx';

/** The three topics as checkboxes, their values from the shared schema. */
export function TopicChoices({ register, error }: { register: UseFormRegisterReturn; error?: string | undefined }) {
  const { t } = useTranslation();
  return (
    <fieldset aria-invalid={!!error}>
      <legend>{t('newsletter.topics')}</legend>
      {newsletterTopic.options.map((topic) => (
        <label key={topic} className="choice">
          <input type="checkbox" value={topic} {...register} /> {t(`newsletter.topic.${topic}`)}
        </label>
      ))}
      {error && <p className="error field-error">{error}</p>}
    </fieldset>
  );
}

/** English or French, as radio buttons. */
export function LanguageChoice({ register }: { register: UseFormRegisterReturn }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('newsletter.language')}</legend>
      {(['en', 'fr'] as const).map((l) => (
        <label key={l} className="choice" lang={l}>
          <input type="radio" value={l} {...register} /> {t(`newsletter.languages.${l}`)}
        </label>
      ))}
    </fieldset>
  );
}

/** Upcoming events and webinars, in the viewer's time zone. */
export function UpcomingEvents() {
  const { t, i18n } = useTranslation();
  const events = useUpcomingEvents();
  const lang = i18n.language === 'fr' ? 'fr' : 'en';
  return (
    <section aria-labelledby="events-h" className="card">
      <h2 id="events-h">{t('newsletter.upcoming')}</h2>
      {events.data?.length === 0 && <p className="empty">{t('newsletter.noEvents')}</p>}
      <ul className="plain">
        {events.data?.map((e) => (
          <li key={e.id}>
            <strong>{e.title[lang]}</strong> ({t(`newsletter.kind.${e.kind}`)})
            <br />
            <time dateTime={e.startsAt}>{formatInstant(e.startsAt, lang)}</time>, {t('newsletter.minutes', { count: e.durationMinutes })} ·{' '}
            <a href={e.registrationUrl} rel="noopener noreferrer">
              {t('newsletter.register')}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
