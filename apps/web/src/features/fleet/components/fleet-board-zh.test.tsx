// @vitest-environment happy-dom
/**
 * The board in Chinese, as the catalogues compile it: headers, buckets, statuses and notify answers in
 * words, counts with their plural form and the locale's digit grouping, relative times from date-fns's
 * Chinese, a scan failure in the catalogue's words for its code, and the extend dialog's title.
 */
import { FleetExpirySchema, type FleetExpiry, type FleetItem } from '@csms-console/api-contract';
import { cleanup, screen, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { activateLocale } from '../../../lib/i18n';
import { adminPolicy } from '../../../testing/expiry-policies';
import { renderWithProviders } from '../../../testing/render';
import { FleetBoard } from './fleet-board';

const NOW = Date.UTC(2026, 11, 6, 12);
const DAY = 86_400_000;

function item(
  secret: string,
  days: number,
  bucket: FleetItem['bucket'],
  notify: FleetItem['notify'],
): FleetItem {
  return {
    secret,
    version: 'v1',
    stages: ['SYSCURRENT'],
    expire_time: NOW + days * DAY,
    secret_state: 'ENABLED',
    bucket,
    notify,
    console_notify: 'no_rule',
  };
}

function renderBoard(answer: FleetExpiry) {
  vi.stubGlobal(
    'fetch',
    vi.fn(() =>
      Promise.resolve(
        new Response(JSON.stringify(answer), { headers: { 'Content-Type': 'application/json' } }),
      ),
    ),
  );
  const router = createMemoryRouter(
    [{ path: '/accounts/:account/fleet', element: <FleetBoard accounts={['acc']} policy={adminPolicy} /> }],
    { initialEntries: ['/accounts/acc/fleet'] },
  );
  return renderWithProviders(<RouterProvider router={router} />);
}

beforeAll(async () => {
  await activateLocale('zh-CN');
});
afterAll(async () => {
  await activateLocale('en');
});
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('FleetBoard in Chinese', () => {
  it('says headers, buckets, statuses, counts and relative times in Chinese', async () => {
    // Past VIRTUAL_FROM rows the table is a window: give the scroll box the height a browser would.
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(700);
    const expired = Array.from({ length: 1_200 }, (_, i) => item(`s${i}`, -3, 'expired', 'event_disabled'));
    const { user } = renderBoard(
      FleetExpirySchema.parse({
        complete: true,
        scanned_at: NOW,
        server_time: NOW,
        secrets_total: 1_202,
        secrets_scanned: 1_202,
        failed: [{ secret: 'omega', code: 'upstream_unavailable', message: 'CSMS did not answer.' }],
        listing_error: null,
        untold: 3,
        items: [...expired, item('soon', 2, '7d', 'ok')],
      }),
    );
    // The count at the top, in Chinese, with its button.
    expect(await screen.findByText(/^3 个版本将在 30 天内过期，却无人会收到通知$/)).toBeTruthy();
    expect(screen.getByRole('button', { name: '只看这些' }).getAttribute('aria-pressed')).toBe('false');
    const table = await screen.findByRole('table', {
      name: /^所有凭据的版本，显示 1,201 个，最严重的排在最前$/,
    });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual([
      '',
      '凭据',
      '版本',
      '版本状态',
      '过期时间',
      '到期区间',
      '凭据状态',
      'CSMS 通知',
      '控制台预警',
    ]);
    expect(screen.getByRole('button', { name: /^1,200\s*已过期$/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: /^1\s*7 天内$/ })).toBeTruthy();
    const first = within(table)
      .getAllByRole('row')
      .find((r) => r.getAttribute('aria-rowindex') === '2')!;
    expect(first.textContent).toContain('已过期');
    expect(first.textContent).toContain('否：事件已禁用');
    expect(first.textContent).toContain('否：无规则');
    expect(first.textContent).toContain('已启用');
    expect(first.textContent).toContain('3 天前');

    // The failed secret's reason: the catalogue's Chinese for its code, not the BFF's English message.
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('1 个凭据无法读取');
    expect(alert.textContent).toContain('omega：');
    expect(alert.textContent).not.toContain('CSMS did not answer.');

    await user.click(screen.getByRole('checkbox', { name: '选择显示的全部 1,201 个版本' }));
    expect(screen.getByText('已选择 1,201 个')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '延期所选版本' }));
    const dialog = screen.getByRole('dialog', { name: '延期所选的 1,201 个版本' });
    expect(within(dialog).getByRole('radio', { name: '+90 天' })).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: '预览修改' })).toBeTruthy();
  });
});
