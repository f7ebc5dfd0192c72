import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Link, Navigate, Route, Routes } from 'react-router-dom';
import { api } from './api.ts';
import { setLanguage } from './i18n.ts';
import { Cases } from './pages/cases.tsx';
import { OpenCase } from './pages/open-case.tsx';
import { SignIn } from './pages/sign-in.tsx';
import { SupportHours } from './pages/support-hours.tsx';
import type { Me } from './session.tsx';

export function App() {
  const { t, i18n } = useTranslation();
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  useEffect(() => {
    api<Me>('GET', '/api/v1/me')
      .then((m) => {
        setMe(m);
        setLanguage(m.locale);
      })
      .catch(() => setMe(null));
  }, []);

  /** The language switch; remembered on the user when signed in. */
  async function switchTo(lang: 'en' | 'fr') {
    setLanguage(lang);
    if (me) setMe(await api<Me>('PATCH', `/api/v1/users/${me.id}`, { locale: lang }).then(() => ({ ...me, locale: lang })));
  }

  async function signOut() {
    await api('POST', '/api/v1/auth/logout');
    setMe(null);
  }

  return (
    <BrowserRouter>
      <header className="topbar">
        <Link to="/" className="brand">
          {t('product')}
        </Link>
        <nav aria-label="Main">
          {me && (me.role === 'customer_admin' || me.role === 'customer_user') && <Link to="/cases/new">{t('openCase')}</Link>}
          <Link to="/support-hours">{t('supportHours')}</Link>
        </nav>
        <div className="right">
          {me && <span>{t('signedInAs', { name: me.name })}</span>}
          <span role="group" aria-label={t('language')}>
            <button type="button" aria-pressed={i18n.language === 'en'} onClick={() => void switchTo('en')}>
              EN
            </button>
            <button type="button" aria-pressed={i18n.language === 'fr'} onClick={() => void switchTo('fr')}>
              FR
            </button>
          </span>
          {me && (
            <button type="button" onClick={() => void signOut()}>
              {t('signOut')}
            </button>
          )}
        </div>
      </header>
      {me === undefined ? (
        <p>{t('loading')}</p>
      ) : (
        <Routes>
          <Route path="/support-hours" element={<SupportHours />} />
          <Route path="/cases/new" element={me ? <OpenCase me={me} /> : <Navigate to="/sign-in" replace />} />
          <Route path="/sign-in" element={me ? <Navigate to="/" replace /> : <SignIn onSignedIn={setMe} />} />
          <Route path="*" element={me ? <Cases /> : <Navigate to="/sign-in" replace />} />
        </Routes>
      )}
    </BrowserRouter>
  );
}
