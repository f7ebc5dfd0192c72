import { updatePreferencesRequest } from '@casebook/contracts';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client.ts';
import { useConfirmSubscription, usePreferences, useUpdatePreferences } from '../api/newsletter.ts';
import { useSchemaForm } from '../ui/form.ts';
import { LanguageChoice, TopicChoices } from '../ui/newsletter.tsx';
import { ErrorNote, Loading } from '../ui/states.tsx';

/** The token of a newsletter link: after `#token=`, so it never reaches a server log or a Referer. */
function tokenOfLink(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

/**
 * The confirmation link. Opening it changes nothing (mail scanners follow links): the button
 * confirms. A used, replaced or expired link says so.
 */
export function NewsletterConfirm() {
  const { t } = useTranslation();
  const token = tokenOfLink();
  const confirm = useConfirmSubscription();
  const invalid = confirm.error instanceof ApiError && confirm.error.status < 500;
  return (
    <main className="narrow">
      <h1>{t('newsletter.confirmTitle')}</h1>
      {confirm.isSuccess ? (
        <p role="status" className="ok">
          {t('newsletter.confirmed')}
        </p>
      ) : invalid ? (
        <p role="alert" className="error">
          {t('newsletter.confirmInvalid')} <Link to="/stay-in-touch">{t('newsletter.stayInTouch')}</Link>
        </p>
      ) : (
        <>
          <p>{t('newsletter.confirmExplained')}</p>
          {confirm.isError && <ErrorNote error={confirm.error} />}
          <button type="button" className="primary" disabled={confirm.isPending || !token} onClick={() => confirm.mutate(token)}>
            {t('newsletter.confirmButton')}
          </button>
        </>
      )}
    </main>
  );
}

const preferencesForm = updatePreferencesRequest.omit({ token: true, subscribed: true });

/** The preferences page of every newsletter mail: topics, language, or unsubscribe from all; no sign-in. */
export function NewsletterPreferences() {
  const { t } = useTranslation();
  const token = tokenOfLink();
  const prefs = usePreferences(token);
  const update = useUpdatePreferences(token);
  const { register, handleSubmit, reset, formState } = useSchemaForm(preferencesForm, { locale: 'en', topics: [] });
  useEffect(() => {
    if (prefs.data) reset({ locale: prefs.data.locale, topics: prefs.data.subscribed ? prefs.data.topics : ['best_practices'] });
  }, [prefs.data, reset]);
  if (!token || (prefs.error instanceof ApiError && prefs.error.status < 500)) {
    return (
      <main className="narrow">
        <h1>{t('newsletter.preferencesTitle')}</h1>
        <p role="alert" className="error">
          {t('newsletter.preferencesInvalid')}
        </p>
      </main>
    );
  }
  if (prefs.isPending) return <Loading />;
  if (prefs.isError) return <ErrorNote error={prefs.error} />;
  const p = prefs.data;
  return (
    <main className="narrow">
      <h1>{t('newsletter.preferencesTitle')}</h1>
      <p>{t('newsletter.preferencesFor', { email: p.email })}</p>
      {!p.subscribed && (
        <p role="status" className="ok">
          {t('newsletter.unsubscribed')}
        </p>
      )}
      <form noValidate onSubmit={handleSubmit((body) => update.mutate({ ...body, subscribed: true }))}>
        <TopicChoices register={register('topics')} error={formState.errors.topics?.message} />
        <LanguageChoice register={register('locale')} />
        {update.isError && <ErrorNote error={update.error} />}
        {update.isSuccess && p.subscribed && (
          <p role="status" className="ok">
            {t('newsletter.saved')}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={update.isPending}>
            {p.subscribed ? t('newsletter.save') : t('newsletter.resubscribe')}
          </button>
          {p.subscribed && (
            <button type="button" disabled={update.isPending} onClick={() => update.mutate({ locale: p.locale, topics: p.topics, subscribed: false })}>
              {t('newsletter.unsubscribeAll')}
            </button>
          )}
        </div>
      </form>
    </main>
  );
}
