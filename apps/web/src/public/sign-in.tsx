import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client.ts';
import { endpoints } from '../api/endpoints.ts';
import type { Me } from '../api/types.ts';
import { Field } from '../ui/field.tsx';

/**
 * One question per field, the error next to the form, typed text kept on failure. A plain form, not
 * react-hook-form and zod: this is the first page a signed-out person loads, and it checks nothing
 * the server does not answer at once.
 */
export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [needOtp, setNeedOtp] = useState(false);
  const [useRecovery, setUseRecovery] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await endpoints.auth.login({ email, password, ...(needOtp && (useRecovery ? { recoveryCode: otp } : { otp })) });
      onSignedIn(res.user);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'otp_required') setNeedOtp(true);
      setError(err instanceof ApiError && err.status !== 0 ? err.message : t('error'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="narrow">
      <h1>{t('signIn')}</h1>
      <form onSubmit={submit} noValidate>
        <Field label={t('email')}>{(field) => <input {...field} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />}</Field>
        <Field label={t('password')}>
          {(field) => <input {...field} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />}
        </Field>
        {needOtp && (
          <>
            <Field label={useRecovery ? t('accounts.recoveryCode') : t('otp')}>
              {(field) => <input {...field} inputMode={useRecovery ? 'text' : 'numeric'} autoComplete="one-time-code" value={otp} onChange={(e) => setOtp(e.target.value)} />}
            </Field>
            <button type="button" className="link" onClick={() => (setUseRecovery(!useRecovery), setOtp(''))}>
              {useRecovery ? t('accounts.useApp') : t('accounts.useRecovery')}
            </button>
          </>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('signIn')}
        </button>
      </form>
      <p>
        <Link to="/forgot-password">{t('accounts.forgotLink')}</Link>
      </p>
      <p>
        <a href="/support-hours">{t('supportHoursLink')}</a>
      </p>
      <p>
        <a href="/stay-in-touch">{t('newsletter.stayInTouch')}</a>
      </p>
    </main>
  );
}
