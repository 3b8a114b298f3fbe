import { createBrowserRouter } from 'react-router';
import { RequireSession } from './require-session';
import { HomeRoute } from './routes/home';
import { LoginRoute } from './routes/login';
import { NotFoundRoute } from './routes/not-found';
import { SecretRoute } from './routes/secret';
import { SecretsRoute } from './routes/secrets';
import { Shell } from './shell';

/** Every screen has an address: account, secret, filters, page and the open version live in the URL. */
export function createRouter() {
  return createBrowserRouter([
    { path: '/login', element: <LoginRoute /> },
    {
      element: (
        <RequireSession>
          <Shell />
        </RequireSession>
      ),
      children: [
        { index: true, element: <HomeRoute /> },
        { path: 'accounts/:account/secrets', element: <SecretsRoute /> },
        { path: 'accounts/:account/secrets/:secret', element: <SecretRoute /> },
        {
          path: 'accounts/:account/fleet',
          // The board, its table and chart libraries are a chunk of their own, loaded with the board only.
          lazy: async () => ({ Component: (await import('./routes/fleet')).FleetRoute }),
        },
        {
          path: 'fleet',
          lazy: async () => ({ Component: (await import('./routes/fleet')).AllAccountsFleetRoute }),
        },
        {
          path: 'audit',
          // The audit page is a chunk of its own too: most sessions never open it.
          lazy: async () => ({ Component: (await import('./routes/audit')).AuditRoute }),
        },
        { path: '*', element: <NotFoundRoute /> },
      ],
    },
  ]);
}
