import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import { loginPathFor } from '../features/session/next-path';
import { clearSessionDeadline } from '../features/session/utils/session-deadline';
import { onUnauthenticated } from '../lib/api-client';
import { I18nRoot, useLocale } from '../lib/i18n';
import { createQueryClient } from '../lib/query-client';
import { ZoneProvider } from '../lib/zone';
import { createRouter } from './router';

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createRouter);

  // A session that ends while a page is open (idle timeout, revoked): drop what was cached under it and go
  // to sign in, remembering the page so the user lands back on it.
  useEffect(
    () =>
      onUnauthenticated(() => {
        if (router.state.location.pathname === '/login') return;
        clearSessionDeadline();
        queryClient.clear();
        void router.navigate(loginPathFor(router.state.location), { replace: true });
      }),
    [queryClient, router],
  );

  return (
    <I18nRoot>
      <QueryClientProvider client={queryClient}>
        <ZoneProvider>
          <Routes router={router} />
        </ZoneProvider>
      </QueryClientProvider>
    </I18nRoot>
  );
}

/**
 * The pages, redrawn whole when the language changes: every string is read while rendering (`t`), and a
 * page need not subscribe to the language itself. The router (URL, loaders) and the query cache stay, so
 * nothing is fetched again; an editor's draft is kept in session storage and comes back.
 */
function Routes({ router }: { router: ReturnType<typeof createRouter> }) {
  const locale = useLocale();
  return <RouterProvider key={locale} router={router} />;
}
