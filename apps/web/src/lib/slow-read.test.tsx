// @vitest-environment happy-dom
/**
 * A read that takes long says so after SLOW_READ_MS in place of its loading text, through the notice every
 * page already shows for a 429/503 (useQueryRetry + RetryNotice): Cancel aborts the request itself (its
 * AbortSignal) and leaves "cancelled" with Retry; Retry starts a new request; data on screen being refreshed
 * never raises it. The query client is the app's own.
 */
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RetryNotice } from '../components/ui/retry-notice';
import { renderWithProviders } from '../testing/render';
import { ApiError } from './api-client';
import { I18nRoot } from './i18n';
import { useQueryRetry } from './retry-wait';
import { SLOW_READ_MS } from './slow-read';

interface Call {
  signal: AbortSignal;
  answer: (value: string) => void;
  fail: (error: unknown) => void;
}

let calls: Call[];
const readOptions = queryOptions({
  queryKey: ['slow-test'] as const,
  queryFn: ({ signal }) =>
    new Promise<string>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      calls.push({ signal, answer: resolve, fail: reject });
    }),
});

function Reader() {
  const query = useQuery(readOptions);
  const { wait, retryNow } = useQueryRetry(query, readOptions.queryKey);
  return (
    <div>
      {wait ? <RetryNotice wait={wait} onRetry={retryNow} /> : null}
      {query.data ?? (wait ? null : <p>Loading…</p>)}
    </div>
  );
}

beforeEach(() => {
  calls = [];
  vi.useFakeTimers();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));
/** An answer arrives; react-query hands it on in a timer of its own. */
const settle = async (fn: () => void) => {
  fn();
  await advance(0);
};
// fireEvent: user-event's own timers do not run under the fake clock.
const click = (element: HTMLElement) => act(() => void fireEvent.click(element));
const show = () =>
  renderWithProviders(
    <I18nRoot>
      <Reader />
    </I18nRoot>,
  );

describe('a slow read', () => {
  it('says CSMS is slow after SLOW_READ_MS, not before', async () => {
    show();
    await advance(SLOW_READ_MS - 100);
    expect(screen.getByText('Loading…')).toBeTruthy();
    expect(screen.queryByText('CSMS is slow to answer')).toBeNull();
    await advance(100);
    const notice = screen.getByRole('status');
    expect(notice.textContent).toContain('CSMS is slow to answer');
    expect(screen.queryByText('Loading…')).toBeNull();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
    // It answers after all: the data replaces the notice.
    await settle(() => calls[0]!.answer('the rows'));
    expect(screen.getByText('the rows')).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('Cancel aborts the request and leaves a clear state; Retry asks again and shows the answer', async () => {
    show();
    await advance(SLOW_READ_MS);
    click(screen.getByRole('button', { name: 'Cancel' }));
    await advance(0);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(screen.getByRole('status').textContent).toContain('Loading cancelled');
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
    const retry = screen.getByRole('button', { name: 'Retry' });
    expect(document.activeElement).toBe(retry);
    // Nothing loads by itself afterwards.
    await advance(60_000);
    expect(calls).toHaveLength(1);
    expect(screen.getByRole('status').textContent).toContain('Loading cancelled');

    click(retry);
    await advance(0);
    expect(calls).toHaveLength(2);
    expect(screen.queryByText('Loading cancelled')).toBeNull();
    await settle(() => calls[1]!.answer('the rows'));
    expect(screen.getByText('the rows')).toBeTruthy();
  });

  it('Retry while slow drops the pending request, starts another and counts again from there', async () => {
    show();
    await advance(SLOW_READ_MS);
    click(screen.getByRole('button', { name: 'Retry' }));
    await advance(0);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(calls[1]!.signal.aborted).toBe(false);
    expect(screen.queryByText('CSMS is slow to answer')).toBeNull();
    await advance(SLOW_READ_MS);
    expect(screen.getByText('CSMS is slow to answer')).toBeTruthy();
  });

  it('a 429 with Retry-After is the wait notice, not the slow one', async () => {
    show();
    await settle(() => calls[0]!.fail(new ApiError(429, 'rate_limited', 'slow down', 'r1', {}, 20_000)));
    await advance(SLOW_READ_MS + 1_000);
    expect(screen.getByRole('status').textContent).toContain('The server asked us to slow down');
    expect(screen.queryByText('CSMS is slow to answer')).toBeNull();
  });

  it('a slow refresh of data already on screen raises nothing', async () => {
    const { queryClient } = show();
    await settle(() => calls[0]!.answer('the rows'));
    act(() => {
      void queryClient.invalidateQueries({ queryKey: readOptions.queryKey });
    });
    await advance(SLOW_READ_MS * 3);
    expect(calls).toHaveLength(2);
    expect(screen.getByText('the rows')).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
  });
});
