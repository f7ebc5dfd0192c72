import { subscribeRequest } from '@casebook/contracts';
import { useTranslation } from 'react-i18next';
import { useConsentWording, useSubscribe } from '../api/newsletter.ts';
import { Field } from '../ui/field.tsx';
import { showServerErrors, useSchemaForm } from '../ui/form.ts';
import { LanguageChoice, TopicChoices, UpcomingEvents } from '../ui/newsletter.tsx';
import { ErrorNote } from '../ui/states.tsx';

/**
 * The public "Stay in touch" page: address, language, topics and the consent wording (fetched with
 * its version, so what is shown is what is recorded). The answer is the same whatever the address.
 */
export function StayInTouch() {
  const { t, i18n } = useTranslation();
  const { register, handleSubmit, setError, watch, formState } = useSchemaForm(subscribeRequest, { email: '', locale: i18n.language === 'fr' ? 'fr' : 'en', topics: ['best_practices'] });
  const locale = watch('locale') === 'fr' ? 'fr' : 'en';
  const wording = useConsentWording(locale);
  const subscribe = useSubscribe();
  return (
    <main>
      <h1>{t('newsletter.stayInTouch')}</h1>
      <div className="columns">
        <section className="card" aria-labelledby="subscribe-h">
          <h2 id="subscribe-h">{t('newsletter.subscribe')}</h2>
          <p>{t('newsletter.intro')}</p>
          {subscribe.isSuccess ? (
            <p role="status" className="ok">
              {t('newsletter.checkInbox')}
            </p>
          ) : (
            <form noValidate onSubmit={handleSubmit((body) => subscribe.mutate(body, { onError: (err) => showServerErrors(err, setError, ['email', 'topics', 'locale']) }))}>
              <Field label={t('newsletter.email')} error={formState.errors.email?.message}>
                {(field) => <input {...field} type="email" autoComplete="email" {...register('email')} />}
              </Field>
              <LanguageChoice register={register('locale')} />
              <TopicChoices register={register('topics')} error={formState.errors.topics?.message} />
              {wording.data && (
                <div className="consent" lang={locale}>
                  <h3>{t('newsletter.consent', { version: wording.data.version })}</h3>
                  <p>{wording.data.text}</p>
                </div>
              )}
              {subscribe.isError && <ErrorNote error={subscribe.error} />}
              <button type="submit" className="primary" disabled={subscribe.isPending}>
                {t('newsletter.subscribe')}
              </button>
            </form>
          )}
        </section>
        <UpcomingEvents />
      </div>
    </main>
  );
}
