import { createBrowserRouter, type RouteObject } from 'react-router';
import { RequireSession } from './require-session';
import { RouteError } from './route-error';
import { HomeRoute } from './routes/home';
import { NotFoundRoute } from './routes/not-found';
import { SecretsRoute } from './routes/secrets';
import { Shell } from './shell';
import { loadPageMessages } from '../lib/i18n';

/** A page's code together with the words of the pages outside the entry (one fetch, the first time). */
async function withPageMessages<T>(page: Promise<T>): Promise<T> {
  const [module] = await Promise.all([page, loadPageMessages()]);
  return module;
}

/** The signed-in pages. */
function pages(): RouteObject[] {
  return [
    { index: true, element: <HomeRoute /> },
    { path: 'accounts/:account/secrets', element: <SecretsRoute /> },
    {
      path: 'accounts/:account/secrets/:secret',
      // The versions table and the expiry row actions; the editor itself loads later still, when opened.
      lazy: async () => ({ Component: (await withPageMessages(import('./routes/secret'))).SecretRoute }),
    },
    {
      path: 'accounts/:account/fleet',
      // The board, its table and chart libraries are a chunk of their own, loaded with the board only.
      lazy: async () => ({ Component: (await withPageMessages(import('./routes/fleet'))).FleetRoute }),
    },
    {
      path: 'fleet',
      lazy: async () => ({
        Component: (await withPageMessages(import('./routes/fleet'))).AllAccountsFleetRoute,
      }),
    },
    {
      path: 'audit',
      // The audit page is a chunk of its own too: most sessions never open it.
      lazy: async () => ({ Component: (await withPageMessages(import('./routes/audit'))).AuditRoute }),
    },
    {
      path: 'notifications',
      lazy: async () => ({
        Component: (await withPageMessages(import('./routes/notifications'))).NotificationsRoute,
      }),
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
    {
      path: '/login',
      // The sign-in form (react-hook-form, its resolver): a signed-in user's visit never needs it.
      lazy: async () => ({ Component: (await import('./routes/login')).LoginRoute }),
      errorElement: <RouteError standalone />,
    },
    {
      element: <Shell />,
      errorElement: <RouteError standalone />,
      children: [{ element: <RequireSession />, errorElement: <RouteError />, children }],
    },
  ];
}

/**
 * Every screen has an address: account, secret, filters, page and the open version live in the URL.
 *
 * Each page loads what it needs. The entry holds the shell and the secrets list (where `/` lands); every
 * other page is a chunk of its own, fetched once its path matches (the router waits for it before it
 * renders, so a deep link never shows the not-found page meanwhile). Budget: issue 13, 150 KB on the wire to
 * the secrets list, checked by e2e/tests/wire-budget.spec.ts and `pnpm bench --only web`.
 */
export function createRouter() {
  return createBrowserRouter(appRoutes());
}
