import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import { loginPathFor } from '../features/session/next-path';
import { onUnauthenticated } from '../lib/api-client';
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
        queryClient.clear();
        void router.navigate(loginPathFor(router.state.location), { replace: true });
      }),
    [queryClient, router],
  );

  return (
    <QueryClientProvider client={queryClient}>
      <ZoneProvider>
        <RouterProvider router={router} />
      </ZoneProvider>
    </QueryClientProvider>
  );
}
