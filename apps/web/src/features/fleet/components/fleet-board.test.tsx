// @vitest-environment happy-dom
/**
 * The board as a person reads it, against a fetch that answers the scan as the BFF does (every body parsed
 * with the api-contract schema first): counts, severity order, filters in the URL, a partial scan said
 * plainly, no selection for a role that cannot edit, and a 20,000-version fleet rendered as a window.
 */
import { FleetExpirySchema, type FleetExpiry, type FleetItem } from '@csms-console/api-contract';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { adminPolicy, auditorPolicy } from '../../../testing/expiry-policies';
import { renderWithProviders } from '../../../testing/render';
import { FleetBoard } from './fleet-board';
import { VIRTUAL_FROM } from './fleet-row-parts';

const NOW = Date.UTC(2026, 11, 6, 12);
const DAY = 86_400_000;

function item(
  secret: string,
  version: string,
  stages: string[],
  days: number | null,
  bucket: FleetItem['bucket'],
  notify: FleetItem['notify'] = 'ok',
): FleetItem {
  return {
    secret,
    version,
    stages,
    expire_time: days === null ? null : NOW + days * DAY,
    secret_state: 'ENABLED',
    bucket,
    notify,
    console_notify: 'no_rule',
  };
}

const ITEMS = [
  item('alpha', 'v1', [], -3, 'expired', 'not_subscribed'),
  item('beta', 'v4', ['SYSCURRENT'], 2, '7d', 'ok'),
  item('gamma', 'v2', ['SYSCURRENT'], -1, 'expired', 'event_disabled'),
  item('delta', 'v1', ['SYSCURRENT'], null, 'none', 'unknown'),
  item('beta', 'v3', ['SYSPREVIOUS'], -10, 'expired', 'ok'),
];

function scan(overrides: Partial<FleetExpiry> = {}): FleetExpiry {
  return FleetExpirySchema.parse({
    complete: true,
    scanned_at: NOW,
    server_time: NOW,
    secrets_total: 4,
    secrets_scanned: 4,
    failed: [],
    listing_error: null,
    untold: 0,
    items: ITEMS,
    ...overrides,
  });
}

function renderBoard(answer: FleetExpiry, policy = adminPolicy, url = '/accounts/acc/fleet') {
  const fetch = vi.fn((input: string) => {
    expect(input).toBe('/api/accounts/acc/expiry?within=all');
    return Promise.resolve(
      new Response(JSON.stringify(answer), { headers: { 'Content-Type': 'application/json' } }),
    );
  });
  vi.stubGlobal('fetch', fetch);
  const router = createMemoryRouter(
    [{ path: '/accounts/:account/fleet', element: <FleetBoard accounts={['acc']} policy={policy} /> }],
    { initialEntries: [url] },
  );
  return {
    ...renderWithProviders(<RouterProvider router={router} />),
    router,
  };
}

const bodyRows = () =>
  within(screen.getByRole('table', { name: /^Versions of every secret/ }))
    .getAllByRole('row')
    .slice(1);
const rowNames = () =>
  bodyRows().map(
    (r) =>
      within(r).getByRole('rowheader').textContent + ' ' + within(r).getAllByRole('cell')[1]?.textContent,
  );

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('FleetBoard', () => {
  it('counts at the top the versions expiring within 30 days with no one to tell, and filters to exactly them', async () => {
    const told = (
      secret: string,
      days: number,
      notify: FleetItem['notify'],
      console: FleetItem['console_notify'],
    ) => ({
      ...item(secret, 'v1', ['SYSCURRENT'], days, days <= 7 ? '7d' : '30d', notify),
      console_notify: console,
    });
    const items = [
      told('nobody-a', 3, 'not_subscribed', 'no_rule'),
      told('nobody-b', 20, 'records_failing', 'channel_failing'),
      told('csms-tells', 5, 'ok', 'no_rule'),
      told('console-tells', 6, 'event_disabled', 'ok'),
      told('later', 40, 'not_subscribed', 'no_rule'),
      { ...item('gone', 'v1', [], -2, 'expired', 'not_subscribed'), console_notify: 'no_rule' as const },
    ];
    const { user, router } = renderBoard(scan({ items, untold: 2 }));
    await screen.findByRole('table', { name: /^Versions of every secret/ });
    expect(screen.getByText('2 versions expire within 30 days with no one to tell')).toBeTruthy();
    const show = screen.getByRole('button', { name: 'Show them' });
    expect(show.getAttribute('aria-pressed')).toBe('false');
    expect(bodyRows()).toHaveLength(6);

    await user.click(show);
    expect(router.state.location.search).toBe('?untold=1');
    expect(rowNames().sort()).toEqual(['nobody-a v1', 'nobody-b v1']);
    const all = screen.getByRole('button', { name: 'Show every version' });
    expect(all.getAttribute('aria-pressed')).toBe('true');
    await user.click(all);
    expect(router.state.location.search).toBe('');
    expect(bodyRows()).toHaveLength(6);
  });

  it('shows no count when nothing expiring soon is untold', async () => {
    renderBoard(scan({ untold: 0 }));
    await screen.findByRole('table', { name: /^Versions of every secret/ });
    expect(screen.queryByRole('button', { name: 'Show them' })).toBeNull();
    expect(screen.queryByText(/with no one to tell/)).toBeNull();
  });

  it("says in each row, next to CSMS's answer, whether the console warns: yes, channels failing, no rule", async () => {
    const items = (['ok', 'channel_failing', 'no_rule'] as const).map((c, i) => ({
      ...item(`s${i}`, 'v1', ['SYSCURRENT'], 10 + i, '30d', 'ok'),
      console_notify: c,
    }));
    const { user } = renderBoard(scan({ items }));
    const table = await screen.findByRole('table', { name: /^Versions of every secret/ });
    const headers = within(table).getAllByRole('columnheader');
    const csms = headers.findIndex((h) => /CSMS notifies/.test(h.textContent ?? ''));
    const header = within(table).getByRole('columnheader', { name: /Console warns/ });
    const column = [...header.parentElement!.children].indexOf(header);
    expect(column).toBe([...header.parentElement!.children].indexOf(headers[csms]!) + 1);
    const cells = () =>
      bodyRows().map(
        (r) => `${within(r).getByRole('rowheader').textContent}: ${r.children[column]?.textContent}`,
      );
    expect(cells()).toEqual(['s0: ✔ Yes', 's1: ⚠ No: channels failing', 's2: ⚠ No: no rule']);
    await user.click(within(header).getByRole('button'));
    expect(cells()).toEqual(['s2: ⚠ No: no rule', 's1: ⚠ No: channels failing', 's0: ✔ Yes']);
  });

  it('counts each bucket and lists the most severe first: expired SYSCURRENT first, expired unlabelled last of the expired', async () => {
    renderBoard(scan());
    await screen.findByRole('table', { name: /^Versions of every secret/ });
    expect(screen.getByRole('button', { name: /^3\s*Expired/ }).getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByRole('button', { name: /^1\s*Within 7 days/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: /^1\s*No expiry/ })).toBeTruthy();
    expect(rowNames()).toEqual(['gamma v2', 'beta v3', 'alpha v1', 'beta v4', 'delta v1']);
    expect(within(bodyRows()[0]!).getByRole('link', { name: 'gamma' }).getAttribute('href')).toBe(
      '/accounts/acc/secrets/gamma',
    );
    expect(within(bodyRows()[0]!).getByRole('link', { name: 'v2' }).getAttribute('href')).toBe(
      '/audit?account=acc&secret=gamma&version=v2',
    );
  });

  it('filters by bucket toggle and stage, keeping the filters in the URL', async () => {
    const { user, router } = renderBoard(scan());
    await screen.findByRole('table', { name: /^Versions of every secret/ });
    await user.click(screen.getByRole('button', { name: /Expired/ }));
    await user.selectOptions(screen.getByLabelText('Stage'), 'current');
    expect(rowNames()).toEqual(['gamma v2']);
    expect(router.state.location.search).toBe('?bucket=expired&stage=current');
  });

  it('says in each row whether CSMS notifies, and why not; sorts and filters by it', async () => {
    const { user, router } = renderBoard(scan());
    const table = await screen.findByRole('table', { name: /^Versions of every secret/ });
    // The column's cell in each row: the same position as its header among the header row's cells.
    const header = within(table).getByRole('columnheader', { name: /CSMS notifies/ });
    const column = [...header.parentElement!.children].indexOf(header);
    const notifyOf = () =>
      bodyRows().map(
        (r) =>
          `${within(r).getByRole('rowheader').textContent} ${
            within(r)
              .getAllByRole('cell')
              .find((c) => /^v\d+$/.test(c.textContent ?? ''))?.textContent
          }: ` + r.children[column]?.textContent,
      );
    expect(notifyOf()).toEqual([
      'gamma v2: ⚠ No: event disabled',
      'beta v3: ✔ Yes',
      'alpha v1: ⚠ No: not subscribed',
      'beta v4: ✔ Yes',
      'delta v1: ? Unknown: event not read',
    ]);
    // The icon is a second cue only: what a screen reader reads is the words.
    const cell = within(bodyRows()[0]!).getByText('No: event disabled', { exact: false });
    expect(within(cell).getByText('⚠').getAttribute('aria-hidden')).toBe('true');

    await user.click(screen.getByRole('button', { name: /CSMS notifies/ }));
    expect(screen.getByRole('columnheader', { name: /CSMS notifies/ }).getAttribute('aria-sort')).toBe(
      'ascending',
    );
    expect(notifyOf().map((r) => r.split(': ').slice(1).join(': '))).toEqual([
      '⚠ No: not subscribed',
      '⚠ No: event disabled',
      '? Unknown: event not read',
      '✔ Yes',
      '✔ Yes',
    ]);
    expect(router.state.location.search).toBe('?sort=notify');

    await user.selectOptions(screen.getByLabelText('CSMS notifies'), 'no');
    expect(rowNames()).toEqual(['alpha v1', 'gamma v2']);
    expect(router.state.location.search).toBe('?notify=no&sort=notify');
    await user.selectOptions(screen.getByLabelText('CSMS notifies'), 'yes');
    expect(rowNames()).toEqual(['beta v3', 'beta v4']);
  });

  it('opens a shared link with its filters and sort', async () => {
    renderBoard(scan(), adminPolicy, '/accounts/acc/fleet?name=beta&sort=-version');
    await screen.findByRole('table', { name: /^Versions of every secret/ });
    expect(rowNames()).toEqual(['beta v4', 'beta v3']);
    expect(screen.getByRole('columnheader', { name: /Version/ }).getAttribute('aria-sort')).toBe(
      'descending',
    );
  });

  it('says which secrets are missing from a partial scan, and why', async () => {
    renderBoard(
      scan({
        complete: false,
        secrets_total: 5,
        secrets_scanned: 3,
        failed: [{ secret: 'omega', code: 'upstream_unavailable', message: 'CSMS did not answer.' }],
      }),
    );
    expect(await screen.findByText(/3 of 5 secrets read so far/)).toBeTruthy();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('1 secret could not be read');
    // The reason in the catalogue's words for its code (the BFF's message stays English, for logs).
    expect(alert.textContent).toContain('omega: CSMS cannot be reached right now. (upstream_unavailable)');
    expect(alert.textContent).not.toContain('CSMS did not answer.');
  });

  it('offers no selection to a role that cannot change expiries', async () => {
    renderBoard(scan(), auditorPolicy);
    await screen.findByRole('table', { name: /^Versions of every secret/ });
    expect(screen.queryAllByRole('checkbox')).toEqual([]);
  });

  it('keeps 20,000 versions in the DOM as a window, with the true row count', async () => {
    // happy-dom lays nothing out: give the scroll box the height a browser would (700 px).
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(700);
    const many = Array.from({ length: 20_000 }, (_, i) =>
      item(`s${i}`, 'v1', ['SYSCURRENT'], 100 + i, 'later'),
    );
    renderBoard(scan({ items: many, secrets_total: 20_000, secrets_scanned: 20_000 }));
    const table = await screen.findByRole('table', { name: /^Versions of every secret/ });
    expect(table.getAttribute('aria-rowcount')).toBe('20001');
    const rows = bodyRows().filter((r) => r.getAttribute('aria-hidden') !== 'true');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(VIRTUAL_FROM);
    await waitFor(() => expect(rows[0]!.getAttribute('aria-rowindex')).toBe('2'));
  });
});
