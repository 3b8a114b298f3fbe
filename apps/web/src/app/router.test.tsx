// @vitest-environment happy-dom
/**
 * The route tree keeps the shell on every page failure: a page that throws while rendering, and a page whose
 * code cannot be loaded (a chunk gone after a deploy), are each replaced by a notice with Reload inside the
 * shell, whose header (who is signed in, the navigation, sign-out) stays and still leads elsewhere.
 */
import { AccountListSchema, apiPaths, SessionUserSchema } from '@csms-console/api-contract';
import { act, cleanup, screen, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { I18nRoot } from '../lib/i18n';
import { adminPolicy } from '../testing/expiry-policies';
import { renderWithProviders } from '../testing/render';
import { sessionUser } from '../testing/secret-fixtures';
import { isChunkLoadError } from './route-error';
import { appRoutes } from './router';

function Boom(): never {
  throw new Error('kaboom');
}

const CHUNK_GONE = 'Failed to fetch dynamically imported module: http://127.0.0.1/assets/fleet-3f9a.js';

function fetchStub(input: RequestInfo | URL): Promise<Response> {
  const path = typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url;
  if (path === apiPaths.user())
    return Promise.resolve(Response.json(SessionUserSchema.parse(sessionUser(adminPolicy))));
  if (path === apiPaths.accounts())
    return Promise.resolve(
      Response.json(
        AccountListSchema.parse({
          accounts: [{ name: 'acc', region: 'cn-north-4', project_id: 'p1', emulated: true }],
        }),
      ),
    );
  return Promise.resolve(new Response(null, { status: 404 }));
}

function open(path: string) {
  vi.stubGlobal('fetch', fetchStub);
  const router = createMemoryRouter(
    appRoutes([
      { path: 'ok', element: <p>A working page</p> },
      { path: 'boom', element: <Boom /> },
      { path: 'gone', lazy: () => Promise.reject(new TypeError(CHUNK_GONE)) },
    ]),
    { initialEntries: [path] },
  );
  renderWithProviders(
    <I18nRoot>
      <RouterProvider router={router} />
    </I18nRoot>,
  );
  return router;
}

async function expectShell() {
  const header = await screen.findByRole('banner');
  expect(await within(header).findByText('Ada')).toBeTruthy();
  expect(within(header).getByRole('navigation', { name: 'Main' })).toBeTruthy();
  expect(within(header).getByRole('button', { name: 'Sign out' })).toBeTruthy();
}

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('a page that fails keeps the shell', () => {
  it('a render error: the page says so in place, with Reload and a way on; the header stays', async () => {
    const router = open('/boom');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Something went wrong on this page');
    expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to the secrets list' })).toBeTruthy();
    await expectShell();
    expect(screen.getByRole('main').contains(alert)).toBe(true);

    // Another page works again, in the same shell.
    await act(() => router.navigate('/ok'));
    expect(await screen.findByText('A working page')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a page whose code cannot be loaded (after a deploy): says a reload gets the current version', async () => {
    open('/gone');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This page could not be loaded');
    expect(alert.textContent).toContain('Reload to get the current version');
    await expectShell();
  });
});

describe('isChunkLoadError', () => {
  it.each([
    CHUNK_GONE,
    'error loading dynamically imported module: https://x/assets/audit-1.js',
    'Importing a module script failed.',
    'Unable to preload CSS for /assets/fleet-2.css',
  ])('%s', (message) => {
    expect(isChunkLoadError(new TypeError(message))).toBe(true);
  });

  it('not an ordinary error', () => {
    expect(isChunkLoadError(new Error('kaboom'))).toBe(false);
    expect(isChunkLoadError('Failed to fetch dynamically imported module')).toBe(false);
  });
});
