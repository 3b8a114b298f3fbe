import { createBrowserRouter, type RouteObject } from 'react-router';
import { RequireSession } from './require-session';
import { RouteError } from './route-error';
import { HomeRoute } from './routes/home';
import { LoginRoute } from './routes/login';
import { NotFoundRoute } from './routes/not-found';
import { SecretRoute } from './routes/secret';
import { SecretsRoute } from './routes/secrets';
import { Shell } from './shell';

/** The signed-in pages. */
function pages(): RouteObject[] {
  return [
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
  ];
}

/**
 * The route tree around the pages: the shell (header, navigation) on top, the session check inside it, and
 * the pages inside that. A page that throws, or whose code fails to load (a chunk gone after a deploy), is
 * replaced by RouteError in the shell's main area, so the header and navigation stay; only a failure of the
 * shell itself (or of the sign-in page) takes the whole screen, still with a way to reload.
 */
export function appRoutes(children: RouteObject[] = pages()): RouteObject[] {
  return [
    { path: '/login', element: <LoginRoute />, errorElement: <RouteError standalone /> },
    {
      element: <Shell />,
      errorElement: <RouteError standalone />,
      children: [{ element: <RequireSession />, errorElement: <RouteError />, children }],
    },
  ];
}

/** Every screen has an address: account, secret, filters, page and the open version live in the URL. */
export function createRouter() {
  return createBrowserRouter(appRoutes());
}
