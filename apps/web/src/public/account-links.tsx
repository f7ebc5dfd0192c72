import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client.ts';
import { endpoints } from '../api/endpoints.ts';
import { Field } from '../ui/field.tsx';

/** The token a mailed link carries after `#token=` (in the fragment, so it never reaches a server log). */
function tokenFromLink(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

const messageOf = (err: unknown, fallback: string) => (err instanceof ApiError && err.status !== 0 && err.status < 500 ? err.message : fallback);

/** "Forgot password?": one field; the answer is the same whether the address has an account or not. */
export function ForgotPassword() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!email.trim()) return setError(t('form.required'));
    setBusy(true);
    setError(null);
    try {
      await endpoints.auth.forgotPassword(email.trim());
      setSent(true);
    } catch (err) {
      setError(messageOf(err, t('error')));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="narrow">
      <h1>{t('accounts.forgotTitle')}</h1>
      {sent ? (
        <p role="status">{t('accounts.forgotSent', { email: email.trim() })}</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <p>{t('accounts.forgotExplained')}</p>
          <Field label={t('email')} error={error ?? undefined}>
            {(f) => <input {...f} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />}
          </Field>
          <button type="submit" className="primary" disabled={busy}>
            {t('accounts.sendLink')}
          </button>
        </form>
      )}
      <p>
        <Link to="/sign-in">{t('accounts.backToSignIn')}</Link>
      </p>
    </main>
  );
}

/** Choosing a password from a mailed link: a reset link, or an invitation. */
function ChoosePassword({ kind }: { kind: 'reset' | 'invitation' }) {
  const { t } = useTranslation();
  const [token] = useState(tokenFromLink);
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (password.length < 12) return setError(t('form.tooShort', { count: 12 }));
    setBusy(true);
    setError(null);
    try {
      if (kind === 'reset') await endpoints.auth.resetPassword(token, password);
      else await endpoints.auth.acceptInvitation(token, password);
      setDone(true);
    } catch (err) {
      setError(messageOf(err, t('error')));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="narrow">
      <h1>{kind === 'reset' ? t('accounts.resetTitle') : t('accounts.welcomeTitle')}</h1>
      {!token ? (
        <p role="alert" className="error">
          {t('accounts.linkMissing')}
        </p>
      ) : done ? (
        <p role="status">
          {t('accounts.passwordSet')} <Link to="/sign-in">{t('signIn')}</Link>
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          <Field label={t('accounts.newPassword')} hint={t('accounts.newPasswordHint')} error={error ?? undefined}>
            {(f) => <input {...f} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
          </Field>
          <button type="submit" className="primary" disabled={busy}>
            {t('accounts.setPassword')}
          </button>
        </form>
      )}
    </main>
  );
}

export const ResetPassword = () => <ChoosePassword kind="reset" />;
export const AcceptInvitation = () => <ChoosePassword kind="invitation" />;
