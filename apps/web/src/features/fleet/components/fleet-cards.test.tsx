// @vitest-environment happy-dom
/**
 * The board on a phone: the same versions, in the same order, as cards (each value under its column's name,
 * the secret as the heading, a named checkbox and links), a "Sort by" menu in place of the sort headers, and
 * a 20,000-version fleet still rendered as a window. The screen is a phone because `matchMedia` says so.
 */
import { FleetExpirySchema, type FleetExpiry, type FleetItem } from '@csms-console/api-contract';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { adminPolicy, auditorPolicy } from '../../../testing/expiry-policies';
import { renderWithProviders } from '../../../testing/render';
import { PHONE_QUERY } from '../utils/use-phone-layout';
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
];

function scan(items: FleetItem[] = ITEMS): FleetExpiry {
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
  });
}

function renderBoard(answer: FleetExpiry, policy = adminPolicy) {
  vi.stubGlobal(
    'fetch',
    vi.fn(() =>
      Promise.resolve(
        new Response(JSON.stringify(answer), { headers: { 'Content-Type': 'application/json' } }),
      ),
    ),
  );
  const router = createMemoryRouter(
    [{ path: '/accounts/:account/fleet', element: <FleetBoard accounts={['acc']} policy={policy} /> }],
    { initialEntries: ['/accounts/acc/fleet'] },
  );
  return {
    ...renderWithProviders(<RouterProvider router={router} />),
    router,
  };
}

const cards = () =>
  within(screen.getByRole('list', { name: /^Versions of every secret/ })).getAllByRole('listitem');
const titles = () => cards().map((c) => within(c).getByRole('heading').textContent);
/** A card's values by their labels: `{ Version: 'v2', Expiry: '…', … }`. */
function facts(card: HTMLElement): Record<string, string> {
  const terms = within(card).getAllByRole('term');
  return Object.fromEntries(terms.map((dt) => [dt.textContent, dt.nextElementSibling?.textContent ?? '']));
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  vi.spyOn(window, 'matchMedia').mockImplementation(
    (query: string) =>
      ({
        matches: query === PHONE_QUERY,
        media: query,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
      }) as unknown as MediaQueryList,
  );
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('FleetBoard on a phone', () => {
  it('shows each version as a card with its values named, most severe first, and no table', async () => {
    renderBoard(scan());
    await screen.findByRole('list', { name: /^Versions of every secret, 4 shown, most severe first/ });
    expect(screen.queryByRole('table', { name: /^Versions of every secret/ })).toBeNull();
    expect(titles()).toEqual(['gamma', 'alpha', 'beta', 'delta']);

    const gamma = cards()[0]!;
    expect(within(gamma).getByRole('article', { name: 'gamma' })).toBeTruthy();
    const values = facts(gamma);
    expect(Object.keys(values)).toEqual([
      'Version',
      'Stages',
      'Expiry',
      'Bucket',
      'Secret state',
      'CSMS notifies',
      'Console warns',
    ]);
    expect(values.Version).toBe('v2');
    // Absolute (the day before NOW, in any zone within 11 h of UTC) and relative.
    expect(values.Expiry).toMatch(/^2026-12-05 \d\d:00:00 UTC.*24 hours ago$/);
    expect(values.Bucket).toBe('Expired');
    expect(values['CSMS notifies']).toBe('⚠ No: event disabled');
    expect(values['Console warns']).toBe('⚠ No: no rule');
    expect(within(gamma).getByRole('link', { name: 'Open secret gamma' }).getAttribute('href')).toBe(
      '/accounts/acc/secrets/gamma',
    );
    expect(within(gamma).getByRole('link', { name: 'Audit history of gamma v2' })).toBeTruthy();
  });

  it('selects a card by its named checkbox and opens Extend selected for it', async () => {
    const { user } = renderBoard(scan());
    await screen.findByRole('list', { name: /^Versions of every secret/ });
    const extend = screen.getByRole('button', { name: 'Extend selected' });
    expect(extend).toHaveProperty('disabled', true);
    await user.click(screen.getByRole('checkbox', { name: 'Select gamma v2' }));
    expect(screen.getByText('1 selected')).toBeTruthy();
    await user.click(extend);
    expect(screen.getByRole('dialog', { name: 'Extend 1 selected version' })).toBeTruthy();
  });

  it('selects every shown card at once, and offers no checkbox to a role that cannot edit', async () => {
    const { user } = renderBoard(scan());
    await screen.findByRole('list', { name: /^Versions of every secret/ });
    await user.click(screen.getByRole('checkbox', { name: 'Select all 4 shown versions' }));
    expect(screen.getByText('4 selected')).toBeTruthy();
    cleanup();
    renderBoard(scan(), auditorPolicy);
    await screen.findByRole('list', { name: /^Versions of every secret/ });
    expect(screen.queryAllByRole('checkbox')).toEqual([]);
  });

  it('sorts by a column from the "Sort by" menu, in the URL as the headers do', async () => {
    const { user, router } = renderBoard(scan());
    await screen.findByRole('list', { name: /^Versions of every secret/ });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'Secret, descending');
    await waitFor(() => expect(router.state.location.search).toBe('?sort=-secret'));
    expect(titles()).toEqual(['gamma', 'delta', 'beta', 'alpha']);
    expect(screen.getByRole('list', { name: /sorted by Secret descending$/ })).toBeTruthy();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'Most severe first');
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(titles()).toEqual(['gamma', 'alpha', 'beta', 'delta']);
  });

  it('keeps 20,000 versions in the DOM as a window of cards, with the true size', async () => {
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    const many = Array.from({ length: 20_000 }, (_, i) =>
      item(`s${i}`, 'v1', ['SYSCURRENT'], 100 + i, 'later'),
    );
    renderBoard(scan(many));
    await screen.findByRole('list', { name: /^Versions of every secret, 20,000 shown/ });
    const shown = cards();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(VIRTUAL_FROM);
    expect(shown[0]!.getAttribute('aria-setsize')).toBe('20000');
    expect(shown[0]!.getAttribute('aria-posinset')).toBe('1');
  });
});
