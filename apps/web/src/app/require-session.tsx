import { useQuery } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorNotice } from '../components/ui/error-notice';
import { RetryNotice } from '../components/ui/retry-notice';
import { SlowNotice } from '../components/ui/slow-notice';
import { loginPathFor } from '../features/session/next-path';
import { sessionQueries } from '../features/session/api/queries';
import { isApiError } from '../lib/api-client';
import { t } from '../lib/i18n';
import { useQueryRetry } from '../lib/retry-wait';

/**
 * Renders the pages (its child routes) for a signed-in user; otherwise sends them to sign in and back here
 * afterwards. Only a 401 means "signed out". Once the user is known, a failed re-check (a 429 from browsing
 * fast, a 503, a network blip) keeps the app as it is; before that, a 429/503 shows a notice that retries by
 * itself (lib/retry-wait.ts), a slow answer offers Cancel and Retry (lib/slow-read.ts), and any other
 * failure offers to try again. Never a dead end, and always inside the shell (header and navigation).
 */
export function RequireSession() {
  const location = useLocation();
  const user = useQuery(sessionQueries.user());
  const { wait, retryNow } = useQueryRetry(user, sessionQueries.user().queryKey);
  if (isApiError(user.error, 'unauthenticated')) return <Navigate to={loginPathFor(location)} replace />;
  if (user.data) return <Outlet />;
  if (wait?.kind === 'slow' || wait?.kind === 'cancelled') {
    return (
      <div className="page narrow">
        <SlowNotice hold={wait} onRetry={retryNow} title={t('app.session.slow')} />
      </div>
    );
  }
  if (wait) {
    return (
      <div className="page narrow">
        <RetryNotice wait={wait} onRetry={retryNow} />
      </div>
    );
  }
  if (user.isError) {
    return (
      <div className="page narrow">
        <ErrorNotice error={user.error} title={t('app.session.failed')} />
        <button type="button" className="button" onClick={retryNow}>
          {t('app.session.tryAgain')}
        </button>
      </div>
    );
  }
  return (
    <p className="page-status" role="status">
      {t('app.session.loading')}
    </p>
  );
}
