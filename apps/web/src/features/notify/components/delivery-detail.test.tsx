// @vitest-environment happy-dom
/**
 * A delivery's detail, opened from its row of the log: `GET /api/notifications/deliveries/:id` read through
 * the contract's DeliveryDetailSchema, its warnings each linking to the secret page, its dates written by
 * lib/time; a test delivery says it carried none. English and Chinese.
 */
import type { DeliveryDetail } from '@csms-console/api-contract';
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { activateLocale, loadPageMessages } from '../../../lib/i18n';
import { formatInstant } from '../../../lib/time';
import { delivery, openPage, registerNotifyPageHooks } from '../../../testing/notify-page-fixtures';
import { NOW } from '../../../testing/secret-fixtures';

vi.setConfig({ testTimeout: 20_000 });

const DAY = 86_400_000;
const digest = delivery({ id: 'd-digest', event_count: 2 });
const test = delivery({ id: 'd-test', kind: 'test', event_count: 0, created_at: NOW - 60_000 });
const failed = delivery({
  id: 'd-failed',
  kind: 'test',
  event_count: 0,
  created_at: NOW - 120_000,
  status: 'failed',
  error: { code: 'receiver_status', message: 'hooks.example.com answered HTTP 404 (no_service).' },
});
const event = (over: Partial<DeliveryDetail['events'][number]>) => ({
  id: 'e-1',
  account: 'prod',
  secret: 'db password',
  version: 'v3',
  expire_time: NOW + 7 * DAY,
  lead_days: 7,
  crossed_at: NOW - 3_600_000,
  ...over,
});
const details: Record<string, DeliveryDetail> = {
  'd-digest': {
    delivery: digest,
    events: [
      event({}),
      event({
        id: 'e-2',
        account: 'acc',
        secret: 'api-key',
        version: 'v1',
        expire_time: NOW - DAY,
        lead_days: 0,
      }),
    ],
  },
  'd-test': { delivery: test, events: [] },
  'd-failed': { delivery: failed, events: [] },
};
const log = { '': { items: [test, digest, failed], next_cursor: null } };

registerNotifyPageHooks();

const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

describe('DeliveryDetail', () => {
  it('lists the warnings a digest carried, each linking to its secret', async () => {
    const { user, fetch } = openPage(false, { log, details });
    await screen.findByRole('table', { name: /deliver/ });
    await user.click(
      screen.getByRole('button', {
        name: `Details of the delivery to Ops hook at ${formatInstant(digest.created_at, zone())}`,
      }),
    );
    const box = within(screen.getByRole('dialog', { name: 'Delivery details' }));
    const table = await box.findByRole('table', { name: '2 warnings carried' });
    expect(fetch).toHaveBeenCalledWith('/api/notifications/deliveries/d-digest', expect.anything());
    const [first, second] = within(table).getAllByRole('row').slice(1);
    const link = within(first!).getByRole('link', { name: 'prod / db password' });
    expect(link.getAttribute('href')).toBe('/accounts/prod/secrets/db%20password');
    expect(first!.textContent).toContain('v3');
    expect(first!.textContent).toContain(formatInstant(NOW + 7 * DAY, zone()));
    expect(first!.textContent).toContain('7 days before expiry');
    expect(within(second!).getByRole('link').getAttribute('href')).toBe('/accounts/acc/secrets/api-key');
    expect(second!.textContent).toContain('Has expired');
    expect(box.getByText('Sent')).toBeTruthy();

    await user.click(box.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it("shows a failed delivery's reason in words and the BFF's technical detail (host, HTTP status)", async () => {
    const { user } = openPage(false, { log, details });
    await screen.findByRole('table', { name: /deliver/ });
    await user.click(
      screen.getByRole('button', {
        name: `Details of the delivery to Ops hook at ${formatInstant(failed.created_at, zone())}`,
      }),
    );
    const box = within(screen.getByRole('dialog', { name: 'Delivery details' }));
    expect(await box.findByText('Technical detail')).toBeTruthy();
    expect(box.getByText(/answered HTTP 404 \(no_service\)/)).toBeTruthy();
    expect(box.getByText('receiver_status')).toBeTruthy();
  });

  it('says a test delivery carried no warnings, in Chinese too', async () => {
    await activateLocale('zh-CN');
    await loadPageMessages();
    const { user } = openPage(false, { log, details });
    await screen.findByRole('table', { name: /投递/ });
    await user.click(
      screen.getByRole('button', {
        name: `${formatInstant(test.created_at, zone())} 发往 Ops hook 的投递详情`,
      }),
    );
    const box = within(screen.getByRole('dialog', { name: '投递详情' }));
    expect(await box.findByText('测试投递不携带任何提醒。')).toBeTruthy();
    expect(box.queryByRole('table')).toBeNull();
    await user.click(box.getByRole('button', { name: '关闭' }));

    await user.click(
      screen.getByRole('button', {
        name: `${formatInstant(digest.created_at, zone())} 发往 Ops hook 的投递详情`,
      }),
    );
    const digestBox = within(screen.getByRole('dialog', { name: '投递详情' }));
    const table = await digestBox.findByRole('table', { name: '携带 2 条提醒' });
    expect(table.textContent).toContain('到期前 7 天');
    expect(table.textContent).toContain('已到期');
  });
});
