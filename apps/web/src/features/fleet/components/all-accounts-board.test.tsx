// @vitest-environment happy-dom
/**
 * The all-accounts board (`/fleet`) against a fetch that answers each account's scan as the BFF does (every
 * body parsed with its api-contract schema first): the accounts' versions on one board with an Account
 * column, links to each row's own account, an account filter in the URL, and an account that cannot be read
 * named while the other still shows, its partial scan said per account.
 */
import {
  ErrorBodySchema,
  FleetExpirySchema,
  type FleetExpiry,
  type FleetItem,
} from '@csms-console/api-contract';
import { cleanup, screen, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { adminPolicy } from '../../../testing/expiry-policies';
import { renderWithProviders } from '../../../testing/render';
import { FleetBoard } from './fleet-board';

const NOW = Date.UTC(2026, 11, 6, 12);
const DAY = 86_400_000;

function item(secret: string, version: string, days: number, bucket: FleetItem['bucket']): FleetItem {
  return {
    secret,
    version,
    stages: ['SYSCURRENT'],
    expire_time: NOW + days * DAY,
    secret_state: 'ENABLED',
    bucket,
    notify: 'ok',
    console_notify: 'no_rule',
  };
}

function scan(items: FleetItem[], overrides: Partial<FleetExpiry> = {}): FleetExpiry {
  return FleetExpirySchema.parse({
    complete: true,
    scanned_at: NOW,
    server_time: NOW,
    secrets_total: items.length,
    secrets_scanned: items.length,
    failed: [],
    listing_error: null,
    untold: 0,
    items,
    ...overrides,
  });
}

type Answer = { status: number; body: unknown };

function renderBoard(answers: Record<string, Answer>, url = '/fleet') {
  const asked: string[] = [];
  const fetch = vi.fn((input: string) => {
    asked.push(input);
    const account = /^\/api\/accounts\/([a-z0-9-]+)\/expiry\?within=all$/.exec(input)?.[1];
    const answer = account === undefined ? undefined : answers[account];
    if (!answer) throw new Error(`unexpected GET ${input}`);
    return Promise.resolve(
      new Response(JSON.stringify(answer.body), {
        status: answer.status,
        headers: { 'Content-Type': 'application/json' },
      }),
    );
  });
  vi.stubGlobal('fetch', fetch);
  const accounts = Object.keys(answers);
  const router = createMemoryRouter(
    [{ path: '/fleet', element: <FleetBoard accounts={accounts} allAccounts policy={adminPolicy} /> }],
    { initialEntries: [url] },
  );
  return {
    ...renderWithProviders(<RouterProvider router={router} />),
    router,
    asked,
  };
}

const ok = (body: FleetExpiry): Answer => ({ status: 200, body });

const table = () => screen.getByRole('table', { name: /^Versions of every secret/ });
const bodyRows = () => within(table()).getAllByRole('row').slice(1);
/** `account secret version` per row (cells: select, account, version, ...). */
const rowNames = () =>
  bodyRows().map((r) => {
    const cells = within(r).getAllByRole('cell');
    return `${cells[1]?.textContent} ${within(r).getByRole('rowheader').textContent} ${cells[2]?.textContent}`;
  });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the all-accounts board', () => {
  it('shows both accounts on one board, each row linking to its own account, filterable by account', async () => {
    const { user, router, asked } = renderBoard({
      prod: ok(scan([item('db', 'v2', -1, 'expired'), item('api', 'v1', 20, '30d')])),
      staging: ok(scan([item('db', 'v2', 3, '7d')])),
    });
    await screen.findByRole('table', { name: /^Versions of every secret/ });
    expect(asked.sort()).toEqual([
      '/api/accounts/prod/expiry?within=all',
      '/api/accounts/staging/expiry?within=all',
    ]);
    expect(screen.getByRole('columnheader', { name: 'Account' })).toBeTruthy();
    // The same secret and version in two accounts: two rows, most severe first across accounts.
    expect(rowNames()).toEqual(['prod db v2', 'staging db v2', 'prod api v1']);
    expect(within(bodyRows()[1]!).getByRole('link', { name: 'db' }).getAttribute('href')).toBe(
      '/accounts/staging/secrets/db',
    );
    expect(within(bodyRows()[0]!).getByRole('link', { name: 'db' }).getAttribute('href')).toBe(
      '/accounts/prod/secrets/db',
    );
    // The counts cover every account's rows.
    expect(screen.getByRole('button', { name: /^1\s*Expired/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: /^1\s*Within 7 days/ })).toBeTruthy();

    // Selecting one account's row selects that row only, not its namesake in the other account.
    await user.click(screen.getByRole('checkbox', { name: 'Select staging db v2' }));
    expect(screen.getByText('1 selected')).toBeTruthy();

    await user.selectOptions(screen.getByLabelText('Account'), 'staging');
    expect(rowNames()).toEqual(['staging db v2']);
    expect(router.state.location.search).toBe('?account=staging');
    expect(screen.getByRole('button', { name: /^0\s*Expired/ })).toBeTruthy();
  });

  it('ignores an account in a shared link that is not configured, or not an account name', async () => {
    renderBoard(
      {
        prod: ok(scan([item('db', 'v2', -1, 'expired')])),
        staging: ok(scan([item('db', 'v2', 3, '7d')])),
      },
      '/fleet?account=nope&sort=account',
    );
    await screen.findByRole('table', { name: /^Versions of every secret/ });
    expect(rowNames()).toEqual(['prod db v2', 'staging db v2']);
    expect(screen.getByLabelText<HTMLSelectElement>('Account').value).toBe('');
  });

  it('names the account that failed entirely and the secrets a partial scan missed, and shows the rest', async () => {
    renderBoard({
      prod: ok(
        scan([item('db', 'v2', -1, 'expired')], {
          secrets_total: 2,
          secrets_scanned: 2,
          failed: [{ secret: 'omega', code: 'upstream_unavailable', message: 'CSMS did not answer.' }],
        }),
      ),
      staging: {
        status: 502,
        body: ErrorBodySchema.parse({
          error: {
            code: 'upstream_auth',
            message: 'CSMS refused the console’s credentials for this account.',
            requestId: 'req-1',
          },
        }),
      },
    });
    // The failing account's read is retried once (any 5xx) before it is reported; meanwhile the other shows.
    await screen.findByRole('table', { name: /^Versions of every secret/ });
    expect(screen.getByText('Reading account staging…')).toBeTruthy();
    expect(rowNames()).toEqual(['prod db v2']);
    const failure = await screen.findByText(/^Account staging could not be read/, undefined, {
      timeout: 6_000,
    });
    const alert = failure.closest('[role="alert"]')!;
    expect(alert.textContent).toContain(
      "The console's credentials for this account were refused by Huawei Cloud. Ask an operator to check them.",
    );
    expect(alert.textContent).not.toContain('CSMS refused the console’s credentials for this account.');
    expect(alert.textContent).toContain('upstream_auth');
    const partial = screen
      .getAllByRole('alert')
      .find((a) => a.textContent?.includes('1 secret of account prod could not be read'));
    expect(partial?.textContent).toContain('omega: CSMS cannot be reached right now.');
    expect(rowNames()).toEqual(['prod db v2']);
  });
});
