import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorNotice } from '../components/ui/error-notice';
import { loginPathFor } from '../features/session/next-path';
import { sessionQueries } from '../features/session/api/queries';
import { isApiError } from '../lib/api-client';

/** Renders its children for a signed-in user; otherwise sends them to sign in and back here afterwards. */
export function RequireSession({ children }: { children: ReactNode }) {
  const location = useLocation();
  const user = useQuery(sessionQueries.user());
  if (user.isPending) return <p className="page-status">Loading…</p>;
  if (user.isError) {
    if (isApiError(user.error, 'unauthenticated')) return <Navigate to={loginPathFor(location)} replace />;
    return (
      <main className="page narrow">
        <ErrorNotice error={user.error} title="The console could not load your session" />
      </main>
    );
  }
  return children;
}
