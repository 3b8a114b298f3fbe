import { useQuery } from '@tanstack/react-query';
import { Link, NavLink, Outlet, useNavigate, useParams } from 'react-router';
import { accountQueries } from '../features/accounts/api/queries';
import { AccountSwitcher } from '../features/accounts/components/account-switcher';
import { sessionQueries, useLogout } from '../features/session/api/queries';
import { useZone } from '../lib/zone';
import { ZoneSwitch } from '../components/ui/zone-switch';

const ROLE_LABEL = { admin: 'Security admin', support: 'Support', auditor: 'Auditor' } as const;

/** The frame of every signed-in page: who you are, which account, which time zone, and a way out. */
export function Shell() {
  const navigate = useNavigate();
  const { account } = useParams();
  const user = useQuery(sessionQueries.user());
  const accounts = useQuery(accountQueries.list());
  const logout = useLogout();
  const { choice, setChoice } = useZone();

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          CSMS Version Console
        </Link>
        <nav aria-label="Main">
          {account ? (
            <>
              <NavLink to={`/accounts/${encodeURIComponent(account)}/secrets`}>Secrets</NavLink>
              <NavLink to={`/accounts/${encodeURIComponent(account)}/fleet`}>Fleet expiry</NavLink>
            </>
          ) : (
            // Off an account's pages (the audit log, the all-accounts board): `/` opens the first account.
            <NavLink to="/" end>
              Secrets
            </NavLink>
          )}
          {/* Needs no account: it shows them all. */}
          <NavLink to="/fleet" end>
            Fleet, all accounts
          </NavLink>
          {/* Every role reads the audit log. */}
          <NavLink to="/audit">Audit</NavLink>
        </nav>
        {accounts.data ? (
          <AccountSwitcher
            accounts={accounts.data.accounts}
            current={account}
            onSwitch={(next) => void navigate(`/accounts/${encodeURIComponent(next)}/secrets`)}
          />
        ) : null}
        <ZoneSwitch choice={choice} onChange={setChoice} />
        {user.data ? (
          <div className="user-box">
            <span className="visually-hidden">Signed in as</span>
            <span className="user-name">{user.data.name}</span>
            <span className="role-badge" title="Your role">
              {ROLE_LABEL[user.data.role]}
            </span>
            <button
              type="button"
              className="button"
              disabled={logout.isPending}
              onClick={() => logout.mutate(undefined, { onSettled: () => void navigate('/login') })}
            >
              Sign out
            </button>
          </div>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
