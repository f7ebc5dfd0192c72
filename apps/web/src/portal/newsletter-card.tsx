import { updateMySubscriptionRequest } from '@casebook/contracts';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useMySubscription, useUpdateMySubscription } from '../api/newsletter.ts';
import { useSchemaForm } from '../ui/form.ts';
import { TopicChoices } from '../ui/newsletter.tsx';
import { ErrorNote } from '../ui/states.tsx';

const topicsForm = updateMySubscriptionRequest.pick({ topics: true }).refine((v) => v.topics.length > 0, { path: ['topics'], message: 'required' });

/** The account page's newsletter card: the signed-in user's address is known, so one click subscribes. */
export function NewsletterCard() {
  const { t, i18n } = useTranslation();
  const mine = useMySubscription();
  const update = useUpdateMySubscription();
  const { register, handleSubmit, reset, formState } = useSchemaForm(topicsForm, { topics: ['best_practices'] });
  const s = mine.data;
  useEffect(() => {
    if (s?.status === 'confirmed') reset({ topics: s.topics });
  }, [s, reset]);
  if (!s) return null;
  const locale = i18n.language === 'fr' ? 'fr' : 'en';
  const subscribed = s.status === 'confirmed';
  return (
    <section className="card" aria-labelledby="newsletter-h">
      <h2 id="newsletter-h">{t('newsletter.card')}</h2>
      <p className="muted">{t('newsletter.cardIntro', { email: s.email })}</p>
      <p>{subscribed ? t('newsletter.cardSubscribed', { topics: s.topics.map((x) => t(`newsletter.topic.${x}`)).join(', ') }) : s.status === 'bounced' ? t('newsletter.cardBounced') : t('newsletter.cardNone')}</p>
      {s.status !== 'bounced' && (
        <form noValidate onSubmit={handleSubmit((body) => update.mutate({ locale: subscribed ? s.locale : locale, topics: body.topics }))}>
          <TopicChoices register={register('topics')} error={formState.errors.topics ? t('form.required') : undefined} />
          {update.isError && <ErrorNote error={update.error} />}
          <div className="actions">
            <button type="submit" className="primary" disabled={update.isPending}>
              {subscribed ? t('newsletter.update') : t('newsletter.subscribeOneClick')}
            </button>
            {subscribed && (
              <button type="button" disabled={update.isPending} onClick={() => update.mutate({ locale: s.locale, topics: [] })}>
                {t('newsletter.unsubscribe')}
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
