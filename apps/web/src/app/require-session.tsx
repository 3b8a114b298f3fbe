import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorNotice } from '../components/ui/error-notice';
import { RetryNotice } from '../components/ui/retry-notice';
import { loginPathFor } from '../features/session/next-path';
import { sessionQueries } from '../features/session/api/queries';
import { isApiError } from '../lib/api-client';
import { useQueryRetry } from '../lib/retry-wait';

/**
 * Renders its children for a signed-in user; otherwise sends them to sign in and back here afterwards. Only
 * a 401 means "signed out". Once the user is known, a failed re-check (a 429 from browsing fast, a 503, a
 * network blip) keeps the app as it is; before that, a 429/503 shows a notice that retries by itself
 * (lib/retry-wait.ts), and any other failure offers to try again. Never a dead end.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const location = useLocation();
  const user = useQuery(sessionQueries.user());
  const { wait, retryNow } = useQueryRetry(user, sessionQueries.user().queryKey);
  if (isApiError(user.error, 'unauthenticated')) return <Navigate to={loginPathFor(location)} replace />;
  if (user.data) return children;
  if (wait) {
    return (
      <main id="main" className="page narrow">
        <h1>CSMS Version Console</h1>
        <RetryNotice wait={wait} onRetry={retryNow} />
      </main>
    );
  }
  if (user.isError) {
    return (
      <main id="main" className="page narrow">
        <ErrorNotice error={user.error} title="The console could not load your session" />
        <button type="button" className="button" onClick={retryNow}>
          Try again
        </button>
      </main>
    );
  }
  return <p className="page-status">Loading…</p>;
}
