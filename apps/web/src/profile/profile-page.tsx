import { changePasswordRequest, createUserRequest, locale as localeSchema, requiredEmailKinds, type NotificationKind } from '@casebook/contracts';
import QRCode from 'qrcode';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { CreatedToken, MfaSetup } from '../api/endpoints.ts';
import { useChangePassword, useCreateToken, useEmailPreferences, useMfaSetup, useMfaVerify, useRevokeToken, useTokens, useUpdateProfile } from '../api/profile.ts';
import type { Me } from '../api/types.ts';
import { setLanguage } from '../i18n/index.ts';
import { useSession } from '../session.tsx';
import { Field } from '../ui/field.tsx';
import { showServerErrors, useSchemaForm } from '../ui/form.ts';
import { ErrorNote, Loading } from '../ui/states.tsx';
import { browserZone, knownZones, Time } from '../ui/time.tsx';

/** Everyone's own page: who they are, how they sign in, what reaches them by email, their API tokens. */
export function ProfilePage() {
  const { t } = useTranslation();
  const { me } = useSession();
  return (
    <main className="profile">
      <h1>{t('accounts.profile')}</h1>
      <Details me={me} />
      <PasswordSection />
      <TwoStep me={me} />
      <EmailPreferences me={me} />
      <Tokens />
    </main>
  );
}

/** '' in the picker: the browser's own zone (stored as null). */
const detailsForm = z.object({ name: createUserRequest.shape.name, locale: localeSchema, timeZone: z.string() });

function Details({ me }: { me: Me }) {
  const { t } = useTranslation();
  const save = useUpdateProfile(me);
  const [saved, setSaved] = useState(false);
  const { register, handleSubmit, setError, formState } = useSchemaForm(detailsForm, { name: me.name, locale: me.locale, timeZone: me.timeZone ?? '' });
  const zones = knownZones();
  return (
    <section aria-labelledby="details-h">
      <h2 id="details-h">{t('accounts.details')}</h2>
      <form
        noValidate
        onSubmit={handleSubmit((v) => {
          setSaved(false);
          save.mutate(
            { name: v.name, locale: v.locale, timeZone: v.timeZone || null },
            {
              onSuccess: () => {
                setSaved(true);
                setLanguage(v.locale);
              },
              onError: (err) => showServerErrors(err, setError, ['name', 'locale', 'timeZone']),
            },
          );
        })}
      >
        <Field label={t('name')} error={formState.errors.name?.message}>
          {(f) => <input {...f} autoComplete="name" {...register('name')} />}
        </Field>
        <Field label={t('language')} error={formState.errors.locale?.message}>
          {(f) => (
            <select {...f} {...register('locale')}>
              <option value="en" lang="en">
                English
              </option>
              <option value="fr" lang="fr">
                Français
              </option>
            </select>
          )}
        </Field>
        <Field label={t('accounts.timeZone')} hint={t('accounts.timeZoneHint')} error={formState.errors.timeZone?.message}>
          {(f) => (
            <select {...f} {...register('timeZone')}>
              <option value="">{t('accounts.browserZone', { zone: browserZone })}</option>
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('save')}
        </button>
        {saved && <p role="status">{t('accounts.saved')}</p>}
        {save.isError && <ErrorNote error={save.error} />}
      </form>
    </section>
  );
}

function PasswordSection() {
  const { t } = useTranslation();
  const change = useChangePassword();
  const { register, handleSubmit, setError, reset, formState } = useSchemaForm(changePasswordRequest, { currentPassword: '', newPassword: '' });
  return (
    <section aria-labelledby="password-h">
      <h2 id="password-h">{t('accounts.password')}</h2>
      <form
        noValidate
        onSubmit={handleSubmit((v) =>
          change.mutate(v, {
            onSuccess: () => reset(),
            onError: (err) => showServerErrors(err, setError, ['currentPassword', 'newPassword']),
          }),
        )}
      >
        <Field label={t('accounts.currentPassword')} error={formState.errors.currentPassword?.message}>
          {(f) => <input {...f} type="password" autoComplete="current-password" {...register('currentPassword')} />}
        </Field>
        <Field label={t('accounts.newPassword')} hint={t('accounts.newPasswordHint')} error={formState.errors.newPassword?.message}>
          {(f) => <input {...f} type="password" autoComplete="new-password" {...register('newPassword')} />}
        </Field>
        <button type="submit" disabled={change.isPending}>
          {t('accounts.changePassword')}
        </button>
        {change.isSuccess && <p role="status">{t('accounts.passwordChanged')}</p>}
        {change.isError && !formState.errors.currentPassword && <ErrorNote error={change.error} />}
      </form>
    </section>
  );
}

/** TOTP: a QR code and the secret to type, confirmed with a code; then ten recovery codes, shown once. */
function TwoStep({ me }: { me: Me }) {
  const { t } = useTranslation();
  const setup = useMfaSetup();
  const verify = useMfaVerify();
  const [otp, setOtp] = useState('');
  const [qr, setQr] = useState<string | null>(null);
  const pending: MfaSetup | undefined = setup.data;
  useEffect(() => {
    if (pending) void QRCode.toDataURL(pending.otpauthUrl, { margin: 1, width: 200 }).then(setQr);
  }, [pending]);

  function confirm(e: FormEvent) {
    e.preventDefault();
    verify.mutate(otp);
  }

  return (
    <section aria-labelledby="mfa-h">
      <h2 id="mfa-h">{t('accounts.twoStep')}</h2>
      {verify.data ? (
        <>
          <p role="status">{t('accounts.mfaOn')}</p>
          <p>{t('accounts.recoveryExplained')}</p>
          <ul className="recovery-codes" aria-label={t('accounts.recoveryCodes')}>
            {verify.data.recoveryCodes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </>
      ) : me.mfaEnabled ? (
        <p>{t('accounts.mfaOnWithCodes', { count: me.recoveryCodesLeft })}</p>
      ) : pending ? (
        <form onSubmit={confirm} noValidate>
          <p>{t('accounts.scan')}</p>
          {qr && <img src={qr} alt={t('accounts.qrAlt')} width={200} height={200} />}
          <p>
            {t('accounts.orType')} <code className="secret">{pending.secret}</code>
          </p>
          <Field label={t('accounts.codeFromApp')} error={verify.isError ? verify.error.message : undefined}>
            {(f) => <input {...f} inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={otp} onChange={(e) => setOtp(e.target.value.trim())} />}
          </Field>
          <button type="submit" className="primary" disabled={verify.isPending}>
            {t('accounts.confirmMfa')}
          </button>
        </form>
      ) : (
        <>
          <p>{t('accounts.mfaOff')}</p>
          <button type="button" onClick={() => setup.mutate()} disabled={setup.isPending}>
            {t('accounts.setUpMfa')}
          </button>
          {setup.isError && <ErrorNote error={setup.error} />}
        </>
      )}
    </section>
  );
}

function EmailPreferences({ me }: { me: Me }) {
  const { t } = useTranslation();
  const save = useEmailPreferences();
  const kinds = Object.keys(me.emailPreferences) as NotificationKind[];
  return (
    <section aria-labelledby="email-h">
      <h2 id="email-h">{t('accounts.emailPreferences')}</h2>
      <fieldset>
        <legend>{t('accounts.emailMe')}</legend>
        {kinds.map((k) => {
          const required = requiredEmailKinds.includes(k);
          return (
            <label key={k} className="check">
              <input type="checkbox" checked={me.emailPreferences[k] ?? true} disabled={required || save.isPending} onChange={(e) => save.mutate({ [k]: e.target.checked })} />{' '}
              {t(`accounts.kind.${k.replace('.', '_')}` as 'accounts.kind.case_staff_reply')}
              {required && <span className="muted"> · {t('accounts.alwaysSent')}</span>}
            </label>
          );
        })}
      </fieldset>
      {save.isError && <ErrorNote error={save.error} />}
    </section>
  );
}

const EXPIRY_CHOICES = [30, 90, 365] as const;

function Tokens() {
  const { t } = useTranslation();
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [nameError, setNameError] = useState<string | undefined>();

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      setNameError(t('form.required'));
      return;
    }
    setNameError(undefined);
    create.mutate({ name: name.trim(), ...(days && { expiresInDays: Number(days) }) }, { onSuccess: (tk) => (setCreated(tk), setName('')) });
  }

  return (
    <section aria-labelledby="tokens-h">
      <h2 id="tokens-h">{t('accounts.tokens')}</h2>
      <p className="muted">{t('accounts.tokensExplained')}</p>
      {created && (
        <div className="token-once" role="status">
          <p>
            <strong>{t('accounts.tokenOnce', { name: created.name })}</strong>
          </p>
          <code className="secret" aria-label={t('accounts.tokenSecret')}>
            {created.token}
          </code>
        </div>
      )}
      {tokens.isPending ? (
        <Loading />
      ) : tokens.isError ? (
        <ErrorNote error={tokens.error} />
      ) : tokens.data.length === 0 ? (
        <p className="empty">{t('accounts.noTokens')}</p>
      ) : (
        <ul className="tokens">
          {tokens.data.map((tk) => (
            <li key={tk.id}>
              <strong>{tk.name}</strong>{' '}
              <span className="muted">
                {t('accounts.created')} <Time at={tk.createdAt} /> · {tk.expiresAt ? <>{t('accounts.expires')} <Time at={tk.expiresAt} /></> : t('accounts.noExpiry')} ·{' '}
                {tk.lastUsedAt ? <>{t('accounts.lastUsed')} <Time at={tk.lastUsedAt} /></> : t('accounts.neverUsed')}
              </span>{' '}
              <button type="button" onClick={() => revoke.mutate(tk.id)} disabled={revoke.isPending} aria-label={t('accounts.revokeNamed', { name: tk.name })}>
                {t('accounts.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} noValidate aria-label={t('accounts.newToken')}>
        <Field label={t('accounts.tokenName')} error={nameError}>
          {(f) => <input {...f} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('accounts.expiry')}>
          {(f) => (
            <select {...f} value={days} onChange={(e) => setDays(e.target.value)}>
              {EXPIRY_CHOICES.map((d) => (
                <option key={d} value={String(d)}>
                  {t('accounts.days', { count: d })}
                </option>
              ))}
              <option value="">{t('accounts.noExpiry')}</option>
            </select>
          )}
        </Field>
        <button type="submit" disabled={create.isPending}>
          {t('accounts.createToken')}
        </button>
        {create.isError && <ErrorNote error={create.error} />}
        {revoke.isError && <ErrorNote error={revoke.error} />}
      </form>
    </section>
  );
}
