import { useQuery } from '@tanstack/react-query';
import { Link, NavLink, Outlet, useNavigate, useParams } from 'react-router';
import { accountQueries } from '../features/accounts/api/queries';
import { AccountSwitcher } from '../features/accounts/components/account-switcher';
import { sessionQueries, useLogout } from '../features/session/api/queries';
import { IdleWarning } from '../features/session/components/idle-warning';
import { useZone } from '../lib/zone';
import { LanguageSwitch } from '../components/ui/language-switch';
import { ZoneSwitch } from '../components/ui/zone-switch';
import { t } from '../lib/i18n';

/**
 * The frame of every page behind sign-in: who you are, which account, which time zone, the language, and a
 * way out. It stays while the session is checked and when a page fails (app/router.tsx); once signed in, it
 * also warns before the session idles out (features/session).
 */
export function Shell() {
  const navigate = useNavigate();
  const { account } = useParams();
  const user = useQuery(sessionQueries.user());
  // Only once signed in: a signed-out visitor goes to sign in without an extra (refused) request.
  const accounts = useQuery({ ...accountQueries.list(), enabled: user.data !== undefined });
  const logout = useLogout();
  const { choice, setChoice } = useZone();

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          {t('app.brand')}
        </Link>
        <nav aria-label={t('nav.main')}>
          {account ? (
            <>
              <NavLink to={`/accounts/${encodeURIComponent(account)}/secrets`}>{t('nav.secrets')}</NavLink>
              <NavLink to={`/accounts/${encodeURIComponent(account)}/fleet`}>{t('nav.fleet')}</NavLink>
            </>
          ) : (
            // Off an account's pages (the audit log, the all-accounts board): `/` opens the first account.
            <NavLink to="/" end>
              {t('nav.secrets')}
            </NavLink>
          )}
          {/* Needs no account: it shows them all. */}
          <NavLink to="/fleet" end>
            {t('nav.fleetAll')}
          </NavLink>
          {/* Every role reads the audit log. */}
          <NavLink to="/audit">{t('nav.audit')}</NavLink>
          <NavLink to="/notifications">{t('nav.notify')}</NavLink>
        </nav>
        {accounts.data ? (
          <AccountSwitcher
            accounts={accounts.data.accounts}
            current={account}
            onSwitch={(next) => void navigate(`/accounts/${encodeURIComponent(next)}/secrets`)}
          />
        ) : null}
        <ZoneSwitch choice={choice} onChange={setChoice} />
        <LanguageSwitch />
        {user.data ? (
          <div className="user-box">
            <span className="visually-hidden">{t('user.signedInAs')}</span>
            <span className="user-name">{user.data.name}</span>
            <span className="role-badge" title={t('user.role')}>
              {t(`role.${user.data.role}`)}
            </span>
            <button
              type="button"
              className="button"
              disabled={logout.isPending}
              onClick={() => logout.mutate(undefined, { onSettled: () => void navigate('/login') })}
            >
              {t('user.signOut')}
            </button>
          </div>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      {user.data ? <IdleWarning /> : null}
    </>
  );
}
