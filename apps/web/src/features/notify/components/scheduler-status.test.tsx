// @vitest-environment happy-dom
/**
 * The scheduler's status at the top of the notifications page, against a fetch that answers as the BFF does
 * (every status parsed with NotifyStatusSchema): the line in English and Chinese, the notices for a failed
 * last check and for a scheduler that stopped, and "Check now": an admin's click POSTs evaluate, says it was
 * queued, follows the status until the new check is recorded, then reads the log again; read-only roles have
 * no button.
 */
import { apiPaths } from '@csms-console/api-contract';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { activateLocale, loadPageMessages } from '../../../lib/i18n';
import { browserZone, formatHourMinute, formatInstant } from '../../../lib/time';
import { openPage, rulesTable, schedulerStatus } from '../../../testing/notify-page-fixtures';
import { NOW } from '../../../testing/secret-fixtures';

vi.setConfig({ testTimeout: 20_000 });

const MIN = 60_000;
const zone = () => browserZone();
const region = () => screen.getByRole('region', { name: /Scheduled checks|定时检查/ });
const line = () => region().querySelector('.notify-scheduler-text')!.textContent;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  localStorage.clear();
  sessionStorage.clear();
});
afterEach(async () => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  await activateLocale('en');
  await loadPageMessages();
});

describe('SchedulerStatus', () => {
  it('says when warnings were last checked, what was found, and when the next check is due', async () => {
    openPage(false);
    await waitFor(() => expect(line()).toContain('Last checked'));
    expect(line()).toBe(
      `Last checked 3 minutes ago (${formatHourMinute(NOW - 3 * MIN, zone())}): 2 new warnings in 1 digest · ` +
        `checks every 15 minutes, next at ${formatHourMinute(NOW + 15 * MIN, zone())}`,
    );
    expect(region().querySelector('time')!.getAttribute('title')).toBe(formatInstant(NOW - 3 * MIN, zone()));
    expect(region().querySelector('.notice')).toBeNull();
  });

  it('words a check that found nothing, one that never ran, and a schedule that is off', async () => {
    const { statuses } = openPage(false, {
      status: [schedulerStatus({ last: null, last_ok_at: null, next_at: null, every_minutes: 1 })],
    });
    await waitFor(() => expect(line()).toBe('No check has run yet · checks every minute'));
    expect(statuses).toHaveLength(1);
    cleanup();
    openPage(false, {
      status: [schedulerStatus({ last: { ...schedulerStatus().last!, events: 0, deliveries: 0 } })],
    });
    await waitFor(() => expect(line()).toContain(': no new warnings · '));
  });

  it('reads in Chinese', async () => {
    await activateLocale('zh-CN');
    await loadPageMessages();
    openPage(false);
    await waitFor(() => expect(line()).toContain('上次检查'));
    expect(line()).toBe(
      `上次检查：3 分钟前（${formatHourMinute(NOW - 3 * MIN, zone())}），2 条新预警，共 1 份摘要；` +
        `每 15 分钟检查一次，下次在 ${formatHourMinute(NOW + 15 * MIN, zone())}`,
    );
  });

  it('warns when the last check failed: when, the last good one, and the technical detail', async () => {
    openPage(false, {
      status: [
        schedulerStatus({
          last: {
            id: 'E-2',
            started_at: NOW - 5 * MIN,
            finished_at: NOW - 5 * MIN,
            events: 0,
            deliveries: 0,
            error: 'connect ECONNREFUSED 127.0.0.1:5432',
          },
          last_ok_at: NOW - 20 * MIN,
        }),
      ],
    });
    await waitFor(() => expect(line()).toContain('Last successful check 20 minutes ago'));
    const notice = region().querySelector('.notice')!;
    expect(notice.textContent).toContain(
      `The last check failed 5 minutes ago (${formatInstant(NOW - 5 * MIN, zone())}).`,
    );
    expect(notice.textContent).toContain('connect ECONNREFUSED 127.0.0.1:5432');
    expect(notice.textContent).not.toContain('scheduler may be stopped');
  });

  it('warns when no check ran for more than twice the interval, and not before', async () => {
    const at = NOW - 2 * 60 * MIN;
    const last = { ...schedulerStatus().last!, started_at: at, finished_at: at + 1000 };
    openPage(false, { status: [schedulerStatus({ last, last_ok_at: at })] });
    await waitFor(() => expect(region().textContent).toContain('the scheduler may be stopped'));
    expect(region().querySelector('.notice')!.textContent).toContain(
      `No check has run since ${formatInstant(at, zone())} (2 hours ago), though checks should run every 15 minutes`,
    );
    cleanup();
    const recent = NOW - 29 * MIN;
    openPage(false, {
      status: [
        schedulerStatus({ last: { ...last, started_at: recent, finished_at: recent }, last_ok_at: recent }),
      ],
    });
    await waitFor(() => expect(line()).toContain('29 minutes ago'));
    expect(region().querySelector('.notice')).toBeNull();
  });

  it('an admin checks now: the POST goes out, "queued" is said, then the new check and the log are read', async () => {
    const { user, writes, replies, statuses, logQueries } = openPage(true);
    await rulesTable();
    await waitFor(() => expect(line()).toContain('3 minutes ago'));
    const logReads = logQueries.length;
    replies.push({ status: 202, body: { queued: true } });
    await user.click(screen.getByRole('button', { name: 'Check now' }));
    expect(writes).toEqual([{ method: 'POST', path: apiPaths.notifyEvaluate(), body: undefined }]);
    const live = within(region()).getByRole('status');
    await waitFor(() => expect(live.textContent).toBe('Check queued. The status updates when it has run.'));
    expect(screen.getByRole('button', { name: 'Check now' })).toHaveProperty('disabled', true);
    // The evaluation is recorded: the next status read finds it.
    statuses.push(
      schedulerStatus({
        last: {
          id: 'E-NEW',
          started_at: NOW - 1000,
          finished_at: NOW,
          events: 0,
          deliveries: 0,
          error: null,
        },
        last_ok_at: NOW - 1000,
      }),
    );
    statuses.shift();
    await waitFor(() => expect(line()).toContain('Last checked just now'), { timeout: 8_000 });
    expect(live.textContent).toBe('Check finished: the status and the delivery log are up to date.');
    await waitFor(() => expect(logQueries.length).toBeGreaterThan(logReads));
    expect(screen.getByRole('button', { name: 'Check now' })).toHaveProperty('disabled', false);
  });

  it('support and auditors see the status and no "Check now"', async () => {
    openPage(false);
    await rulesTable();
    await waitFor(() => expect(line()).toContain('Last checked'));
    expect(screen.queryByRole('button', { name: 'Check now' })).toBeNull();
  });
});
