import { SearchBox } from './ui/search-box.tsx';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Link, NavLink, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { casePagesQuery } from './api/cases.ts';
import { ApiError } from './api/client.ts';
import { endpoints } from './api/endpoints.ts';
import { meKeys } from './api/keys.ts';
import { meQuery, useMe } from './api/me.ts';
import type { Me } from './api/types.ts';
import { isAdvisor, isPartner, isStaff } from './api/types.ts';
import { setLanguage } from './i18n/index.ts';
import { Home, homeSearch } from './portal/home.tsx';
import { SignIn } from './public/sign-in.tsx';
import { SupportHours } from './public/support-hours.tsx';
import { SessionProvider, useSession } from './session.tsx';
import { Loading } from './ui/states.tsx';
import { formatDate, setViewerZone } from './ui/time.tsx';

// Pages beyond the first one load on demand, so the portal's first page parses only what it shows.
const CasePage = lazy(() => import('./case/case-page.tsx').then((m) => ({ default: m.CasePage })));
const OpenCase = lazy(() => import('./portal/open-case.tsx').then((m) => ({ default: m.OpenCase })));
const Account = lazy(() => import('./portal/account.tsx').then((m) => ({ default: m.Account })));
const Queues = lazy(() => import('./console/queues.tsx').then((m) => ({ default: m.Queues })));
const Dashboard = lazy(() => import('./console/dashboard.tsx').then((m) => ({ default: m.Dashboard })));
const AdminOrganizations = lazy(() => import('./console/admin/organizations.tsx').then((m) => ({ default: m.AdminOrganizations })));
const AdminOrganization = lazy(() => import('./console/admin/organization.tsx').then((m) => ({ default: m.AdminOrganization })));
const AdminCalendars = lazy(() => import('./console/admin/calendars.tsx').then((m) => ({ default: m.AdminCalendars })));
const AdminSlaTargets = lazy(() => import('./console/admin/sla-targets.tsx').then((m) => ({ default: m.AdminSlaTargets })));
// The notifications popover brings the popover primitive with it; the sign-in page never needs it.
const Notifications = lazy(() => import('./ui/notifications.tsx').then((m) => ({ default: m.Notifications })));
const AdminOnDuty = lazy(() => import('./console/admin/on-duty.tsx').then((m) => ({ default: m.AdminOnDuty })));
// The page email's acknowledge link opens this, signed in or not.
const AcknowledgePage = lazy(() => import('./public/acknowledge-page.tsx').then((m) => ({ default: m.AcknowledgePage })));
const ProfilePage = lazy(() => import('./profile/profile-page.tsx').then((m) => ({ default: m.ProfilePage })));
const ForgotPassword = lazy(() => import('./public/account-links.tsx').then((m) => ({ default: m.ForgotPassword })));
const ResetPassword = lazy(() => import('./public/account-links.tsx').then((m) => ({ default: m.ResetPassword })));
const AcceptInvitation = lazy(() => import('./public/account-links.tsx').then((m) => ({ default: m.AcceptInvitation })));
const CannedReplies = lazy(() => import('./console/canned-replies.tsx').then((m) => ({ default: m.CannedReplies })));
const AdminNewsletter = lazy(() => import('./console/admin/newsletter.tsx').then((m) => ({ default: m.AdminNewsletter })));
const AdminCampaign = lazy(() => import('./console/admin/newsletter.tsx').then((m) => ({ default: m.AdminCampaign })));
// The newsletter's public pages: the form, and the confirmation and preferences links of its mail.
const StayInTouch = lazy(() => import('./public/stay-in-touch.tsx').then((m) => ({ default: m.StayInTouch })));
const NewsletterConfirm = lazy(() => import('./public/newsletter-links.tsx').then((m) => ({ default: m.NewsletterConfirm })));
const NewsletterPreferences = lazy(() => import('./public/newsletter-links.tsx').then((m) => ({ default: m.NewsletterPreferences })));
const AdvisorConsole = lazy(() => import('./advisor/advisor-console.tsx').then((m) => ({ default: m.AdvisorConsole })));
const Marketplace = lazy(() => import('./portal/marketplace.tsx').then((m) => ({ default: m.Marketplace })));
const MarketplaceItemPage = lazy(() => import('./portal/marketplace.tsx').then((m) => ({ default: m.MarketplaceItemPage })));
const PhoneLine = lazy(() => import('./console/phone-line.tsx').then((m) => ({ default: m.PhoneLine })));
const AdminAudit = lazy(() => import('./console/admin/audit.tsx').then((m) => ({ default: m.AdminAudit })));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 15_000, retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2, refetchOnWindowFocus: true },
  },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <Shell />
      </BrowserRouter>
    </QueryClientProvider>
  );
}

// Asked for as soon as the script runs (index.html preloads it), and a customer's case list right
// after, without waiting for React to render the page that shows it.
void queryClient.prefetchQuery(meQuery).then(() => {
  const me = queryClient.getQueryData<Me | null>(meKeys.me());
  if (me && (me.role === 'customer_admin' || me.role === 'customer_user') && me.entitlement?.state !== 'lapsed') {
    void queryClient.prefetchInfiniteQuery(casePagesQuery(homeSearch({})));
  }
});

function Shell() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const me = useMe();
  // A language picked before signing in wins over the one saved on the user, and is saved.
  const chosenSignedOut = useRef<'en' | 'fr' | null>(null);
  const user = me.data ?? null;
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  // A link followed from the menu closes it.
  useEffect(() => setMenuOpen(false), [location.pathname]);

  function signedIn(u: Me) {
    const chosen = chosenSignedOut.current;
    chosenSignedOut.current = null;
    if (chosen && chosen !== u.locale) {
      qc.setQueryData(meKeys.me(), { ...u, locale: chosen });
      void endpoints.users.update(u.id, { locale: chosen });
    } else {
      setLanguage(u.locale);
      qc.setQueryData(meKeys.me(), u);
    }
  }

  async function switchTo(lang: 'en' | 'fr') {
    setLanguage(lang);
    if (!user) {
      chosenSignedOut.current = lang;
      return;
    }
    qc.setQueryData(meKeys.me(), { ...user, locale: lang });
    await endpoints.users.update(user.id, { locale: lang });
  }

  async function signOut() {
    setViewerZone(null);
    await endpoints.auth.logout().catch(() => undefined);
    qc.clear();
    qc.setQueryData(meKeys.me(), null);
  }

  const languages = (
    <span role="group" aria-label={t('language')}>
      <button type="button" lang="en" aria-pressed={i18n.language === 'en'} onClick={() => void switchTo('en')}>
        EN
      </button>
      <button type="button" lang="fr" aria-pressed={i18n.language === 'fr'} onClick={() => void switchTo('fr')}>
        FR
      </button>
    </span>
  );
  const header = (
    <header className="topbar">
      <Link to="/" className="brand">
        {t('product')}
      </Link>
      {user ? (
        <>
          {/* On a phone the navigation, the person and the language fold into a menu; notifications and sign-out stay in reach. */}
          <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="topbar-menu" onClick={() => setMenuOpen(!menuOpen)}>
            {t('menu')}
          </button>
          <div id="topbar-menu" className={menuOpen ? 'menu open' : 'menu'}>
            <MainNav me={user} />
            <div className="who">
              <PersonBadge me={user} />
              {languages}
            </div>
          </div>
          <SearchBox />
          <div className="right">
            <Suspense fallback={<NotificationsPlaceholder />}>
              <Notifications />
            </Suspense>
            <button type="button" onClick={() => void signOut()}>
              {t('signOut')}
            </button>
          </div>
        </>
      ) : (
        <div className="right">{languages}</div>
      )}
    </header>
  );

  if (me.isPending) return header;
  if (!user) {
    return (
      <>
        {header}
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/support-hours" element={<SupportHours />} />
            <Route path="/pages/:id/acknowledge" element={<AcknowledgePage />} />
            <Route path="/forgot-password" element={<ForgotPassword />} />
            <Route path="/reset-password" element={<ResetPassword />} />
            <Route path="/accept-invitation" element={<AcceptInvitation />} />
            <Route path="/stay-in-touch" element={<StayInTouch />} />
            <Route path="/newsletter/confirm" element={<NewsletterConfirm />} />
            <Route path="/newsletter/preferences" element={<NewsletterPreferences />} />
            <Route path="*" element={<SignIn onSignedIn={signedIn} />} />
          </Routes>
        </Suspense>
      </>
    );
  }
  return <SignedIn me={user} header={header} />;
}

function SignedIn({ me, header }: { me: Me; header: React.ReactNode }) {
  // Every time below is shown in the person's chosen zone (set before the pages render, so none flickers).
  setViewerZone(me.timeZone);
  // The user's saved language applies once per sign-in; the switch changes it afterwards.
  useEffect(() => {
    setLanguage(me.locale);
  }, [me.id]);
  return (
    <SessionProvider me={me}>
      {header}
      <Suspense fallback={<Loading />}>{me.entitlement?.state === 'lapsed' ? <Lapsed /> : isAdvisor(me) ? <AdvisorRoutes /> : isStaff(me) ? <ConsoleRoutes me={me} /> : <PortalRoutes />}</Suspense>
    </SessionProvider>
  );
}

function PortalRoutes() {
  return (
    <Routes>
      <Route path="/support-hours" element={<SupportHours />} />
      <Route path="/pages/:id/acknowledge" element={<AcknowledgePage />} />
      <Route path="/stay-in-touch" element={<StayInTouch />} />
      <Route path="/newsletter/confirm" element={<NewsletterConfirm />} />
      <Route path="/newsletter/preferences" element={<NewsletterPreferences />} />
      <Route path="/cases/new" element={<OpenCase />} />
      <Route path="/cases/:id" element={<CasePage />} />
      <Route path="/account" element={<Account />} />
      <Route path="/profile" element={<ProfilePage />} />
      <Route path="/marketplace" element={<Marketplace />} />
      <Route path="/marketplace/:slug" element={<MarketplaceItemPage />} />
      <Route path="/sign-in" element={<Navigate to="/" replace />} />
      <Route path="*" element={<Home />} />
    </Routes>
  );
}

/** The answering service: its console and the public pages, nothing of the cases. */
function AdvisorRoutes() {
  return (
    <Routes>
      <Route path="/support-hours" element={<SupportHours />} />
      <Route path="/calls" element={<AdvisorConsole />} />
      <Route path="*" element={<Navigate to="/calls" replace />} />
    </Routes>
  );
}

function ConsoleRoutes({ me }: { me: Me }) {
  const admin = me.role === 'admin';
  return (
    <Routes>
      <Route path="/support-hours" element={<SupportHours />} />
      <Route path="/pages/:id/acknowledge" element={<AcknowledgePage />} />
      <Route path="/cases/:id" element={<CasePage />} />
      <Route path="/dashboard" element={<Dashboard />} />
      <Route path="/phone" element={<PhoneLine me={me} />} />
      <Route path="/stay-in-touch" element={<StayInTouch />} />
      <Route path="/newsletter/confirm" element={<NewsletterConfirm />} />
      <Route path="/newsletter/preferences" element={<NewsletterPreferences />} />
      <Route path="/marketplace" element={<Marketplace />} />
      <Route path="/marketplace/:slug" element={<MarketplaceItemPage />} />
      <Route path="/queues/:queue" element={<Queues />} />
      <Route path="/profile" element={<ProfilePage />} />
      {me.role !== 'advisor' && <Route path="/canned-replies" element={<CannedReplies />} />}
      {admin && <Route path="/admin/organizations" element={<AdminOrganizations />} />}
      {admin && <Route path="/admin/organizations/:id" element={<AdminOrganization />} />}
      {admin && <Route path="/admin/calendars" element={<AdminCalendars />} />}
      {admin && <Route path="/admin/sla" element={<AdminSlaTargets />} />}
      {admin && <Route path="/admin/audit" element={<AdminAudit />} />}
      {admin && <Route path="/admin/on-duty" element={<AdminOnDuty />} />}
      {admin && <Route path="/admin/newsletter" element={<AdminNewsletter />} />}
      {admin && <Route path="/admin/newsletter/:id" element={<AdminCampaign />} />}
      <Route path="*" element={<Navigate to="/queues/mine" replace />} />
    </Routes>
  );
}

/** A lapsed customer sees why, until the date, and whom to call; nothing else is reachable. */
function Lapsed() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  return (
    <main className="narrow">
      <h1>{t('lapsedTitle')}</h1>
      <p>{t('lapsedBody', { since: me.entitlement?.since ? formatDate(me.entitlement.since, i18n.language) : '' })}</p>
      <p>
        <Link to="/support-hours">{t('supportHours')}</Link>
      </p>
    </main>
  );
}

function MainNav({ me }: { me: Me }) {
  const { t } = useTranslation();
  if (isAdvisor(me)) {
    return (
      <nav aria-label={t('mainNav')}>
        <NavLink to="/calls">{t('advisor.nav')}</NavLink>
        <NavLink to="/support-hours">{t('supportHours')}</NavLink>
      </nav>
    );
  }
  if (isStaff(me)) {
    return (
      <nav aria-label={t('mainNav')}>
        <NavLink to="/queues/mine">{t('queues')}</NavLink>
        <NavLink to="/dashboard">{t('dashboard')}</NavLink>
        <NavLink to="/phone">{t('phoneLine.nav')}</NavLink>
        {me.role !== 'advisor' && <NavLink to="/canned-replies">{t('teamday.canned.manage')}</NavLink>}
        <NavLink to="/marketplace">{t('diagnostics.marketplace')}</NavLink>
        {me.role === 'admin' && (
          <>
            <NavLink to="/admin/organizations">{t('organizations')}</NavLink>
            <NavLink to="/admin/on-duty">{t('onDuty.title')}</NavLink>
            <NavLink to="/admin/calendars">{t('calendars')}</NavLink>
            <NavLink to="/admin/sla">{t('slaTargets')}</NavLink>
            <NavLink to="/admin/audit">{t('auditLog')}</NavLink>
            <NavLink to="/admin/newsletter">{t('newsletter.campaigns')}</NavLink>
          </>
        )}
        <NavLink to="/profile">{t('accounts.profile')}</NavLink>
      </nav>
    );
  }
  return (
    <nav aria-label={t('mainNav')}>
      <NavLink to="/" end>
        {t('yourCases')}
      </NavLink>
      <NavLink to="/cases/new">{t('openACase')}</NavLink>
      <NavLink to="/account">{t('account')}</NavLink>
      <NavLink to="/marketplace">{t('diagnostics.marketplace')}</NavLink>
      <NavLink to="/support-hours">{t('supportHours')}</NavLink>
      <NavLink to="/profile">{t('accounts.profile')}</NavLink>
    </nav>
  );
}

/** Holds the notifications button's place while its code loads. */
function NotificationsPlaceholder() {
  const { t } = useTranslation();
  return (
    <div className="notifications">
      <button type="button" disabled>
        {t('notifications.title')}
      </button>
    </div>
  );
}

/** The person and organisation; partners also pick the customer they act for. */
function PersonBadge({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { organization, delegations, customerId, setActingFor } = useSession();
  return (
    <>
      <span className="person">
        {t(/^[aeiouyàâéèêîïôû]/i.test(me.name) ? 'signedInAsElided' : 'signedInAs', { name: me.name })}
        {/* The organisation once, even when the person's name already carries it ("Anne (Northwind)"). */}
        {organization && !me.name.includes(organization.name) && <span className="muted-on-dark"> · {organization.name}</span>}
      </span>
      {isPartner(me) && delegations.length > 0 && (
        <label>
          {t('actingFor')}{' '}
          <select value={customerId ?? ''} onChange={(e) => setActingFor(e.target.value)}>
            {delegations.map((d) => (
              <option key={d.customerOrganizationId} value={d.customerOrganizationId}>
                {d.customerName}
              </option>
            ))}
          </select>
        </label>
      )}
    </>
  );
}

