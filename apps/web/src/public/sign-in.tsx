import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client.ts';
import type { Me } from '../api/types.ts';

/** One question per field, the error next to the form, typed text kept on failure. */
export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [needOtp, setNeedOtp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ user: Me }>('POST', '/api/v1/auth/login', { email, password, ...(needOtp && { otp }) });
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
        <label htmlFor="email">{t('email')}</label>
        <input id="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        <label htmlFor="password">{t('password')}</label>
        <input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        {needOtp && (
          <>
            <label htmlFor="otp">{t('otp')}</label>
            <input id="otp" inputMode="numeric" autoComplete="one-time-code" value={otp} onChange={(e) => setOtp(e.target.value)} />
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
        <a href="/support-hours">{t('supportHoursLink')}</a>
      </p>
    </main>
  );
}
