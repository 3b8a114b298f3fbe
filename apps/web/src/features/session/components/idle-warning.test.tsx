// @vitest-environment happy-dom
/**
 * The warning before the session ends, against a fake BFF at the fetch boundary that keeps the session's
 * idle end as the real one does (every signed-in request but `GET /bff/session` moves it; past it, 401), on
 * a fake clock shared by both sides. The warning shows only once the server confirms the end is near, so
 * another tab's use (the server's end moved, unseen here) neither warns early nor signs anyone out.
 */
import { apiPaths, ErrorBodySchema, SessionTimesSchema, type SessionTimes } from '@csms-console/api-contract';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, onUnauthenticated } from '../../../lib/api-client';
import { I18nRoot } from '../../../lib/i18n';
import { renderWithProviders } from '../../../testing/render';
import { clearSessionDeadline, recordSessionTimes } from '../utils/session-deadline';
import { IdleWarning } from './idle-warning';

const MIN = 60_000;
const START = Date.UTC(2026, 4, 4, 9, 0, 0);

/** The BFF's session as far as this test needs it: idle end, absolute end, and who asked what. */
class FakeSession {
  idleAt: number;
  readonly calls: string[] = [];
  constructor(
    readonly idleMs: number,
    readonly absoluteAt = START + 12 * 60 * MIN,
  ) {
    this.idleAt = START + idleMs;
  }

  times(now = Date.now()): SessionTimes {
    const ends = Math.min(this.idleAt, this.absoluteAt);
    return SessionTimesSchema.parse({
      session_expires_in: Math.max(0, Math.floor((ends - now) / 1000)),
      session_expires_at: ends,
      idle_expires_at: this.idleAt,
      absolute_expires_at: this.absoluteAt,
      idle_timeout_s: this.idleMs / 1000,
      server_time: now,
    });
  }

  /** Another tab (or this one) used the session at `at`. */
  use(at = Date.now()): void {
    this.idleAt = Math.max(this.idleAt, at + this.idleMs);
  }

  readonly fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const path = typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url;
    const method = init?.method ?? 'GET';
    this.calls.push(`${method} ${path}`);
    const now = Date.now();
    if (now >= Math.min(this.idleAt, this.absoluteAt)) {
      const body = ErrorBodySchema.parse({
        error: { code: 'unauthenticated', message: 'Sign in.', requestId: 'r1' },
      });
      return Promise.resolve(Response.json(body, { status: 401 }));
    }
    if (path === apiPaths.session()) return Promise.resolve(Response.json(this.times(now)));
    this.use(now);
    if (path === apiPaths.keepalive()) return Promise.resolve(Response.json(this.times(now)));
    if (path === apiPaths.logout()) return Promise.resolve(new Response(null, { status: 204 }));
    return Promise.resolve(Response.json({ ok: true }));
  };
}

let session: FakeSession;

function show(idleMs = 30 * MIN, absoluteAt?: number) {
  session = new FakeSession(idleMs, absoluteAt);
  vi.stubGlobal('fetch', session.fetch);
  recordSessionTimes(session.times(), Date.now()); // as sign-in does
  const router = createMemoryRouter(
    [
      { path: '/', element: <IdleWarning /> },
      { path: '/login', element: <p>Sign-in page</p> },
    ],
    { initialEntries: ['/'] },
  );
  return renderWithProviders(
    <I18nRoot>
      <RouterProvider router={router} />
    </I18nRoot>,
  );
}

const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));
const at = async (ms: number) => advance(START + ms - Date.now());
const dialog = () => screen.queryByRole('alertdialog');
const checks = () => session.calls.filter((c) => c === `GET ${apiPaths.session()}`).length;
const click = (name: string) => act(() => void fireEvent.click(screen.getByRole('button', { name })));

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
  clearSessionDeadline();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('the idle warning', () => {
  it('shows 2 minutes before the idle end, once the server confirms it, without extending the session', async () => {
    show();
    await at(28 * MIN - 1_000);
    expect(dialog()).toBeNull();
    expect(checks()).toBe(0);
    await at(28 * MIN + 100);
    expect(checks()).toBe(1);
    const warning = dialog()!;
    expect(warning).not.toBeNull();
    expect(warning.getAttribute('aria-labelledby')).toBeTruthy();
    expect(screen.getByRole('alertdialog', { name: 'Your session is about to end' })).toBe(warning);
    const description = document.getElementById(warning.getAttribute('aria-describedby')!)!;
    expect(description.textContent).toMatch(/signed out in (2:00|1:5\d)\./);
    // The countdown is a timer that is not announced every second.
    const timer = screen.getByRole('timer');
    expect(timer.getAttribute('aria-live')).toBe('off');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Stay signed in' }));
    await advance(30_000);
    expect(timer.textContent).toMatch(/^1:[23]\d$/);
    // Asking was not use: the server's idle end is where it was.
    expect(session.idleAt).toBe(START + 30 * MIN);
  });

  it('another tab used the session: the server says later, so no warning until then', async () => {
    show();
    await at(10 * MIN);
    session.use(); // elsewhere: this tab sees nothing of it
    await at(28 * MIN + 100);
    expect(checks()).toBe(1);
    expect(dialog()).toBeNull();
    await at(38 * MIN - 1_000);
    expect(dialog()).toBeNull();
    await at(38 * MIN + 100);
    expect(checks()).toBe(2);
    expect(dialog()).not.toBeNull();
  });

  it('while it shows, another tab staying signed in closes it at the next check', async () => {
    show();
    await at(28 * MIN + 100);
    expect(dialog()).not.toBeNull();
    session.use();
    await advance(15_000);
    expect(dialog()).toBeNull();
  });

  it('"Stay signed in" extends the session on the server and closes the warning', async () => {
    show();
    await at(28 * MIN + 100);
    click('Stay signed in');
    await advance(0);
    expect(session.calls).toContain(`POST ${apiPaths.keepalive()}`);
    expect(session.idleAt).toBe(START + 58 * MIN + 100);
    expect(dialog()).toBeNull();
    // The next warning comes a whole idle period later.
    await at(56 * MIN);
    expect(dialog()).toBeNull();
    await at(56 * MIN + 200);
    expect(dialog()).not.toBeNull();
  });

  it('Escape means "stay signed in" too', async () => {
    show();
    await at(28 * MIN + 100);
    act(() => void fireEvent(dialog()!, new Event('cancel', { cancelable: true })));
    await advance(0);
    expect(session.calls).toContain(`POST ${apiPaths.keepalive()}`);
    expect(dialog()).toBeNull();
  });

  it('a request of this tab while it shows means the session was used: it closes', async () => {
    show();
    await at(28 * MIN + 100);
    await act(() => api.get('/api/accounts', z.object({ ok: z.boolean() })));
    expect(dialog()).toBeNull();
  });

  it('left alone, the session ends: the server says 401 and the app is told to go to sign in', async () => {
    const signedOut = vi.fn();
    const stop = onUnauthenticated(signedOut);
    try {
      show();
      await at(28 * MIN + 100);
      expect(signedOut).not.toHaveBeenCalled();
      await at(30 * MIN + 100);
      expect(signedOut).toHaveBeenCalledTimes(1);
      expect(session.calls.at(-1)).toBe(`GET ${apiPaths.session()}`);
    } finally {
      stop();
    }
  });

  it('"Sign out" signs out and goes to the sign-in page', async () => {
    show();
    await at(28 * MIN + 100);
    click('Sign out');
    await advance(0);
    expect(session.calls).toContain(`POST ${apiPaths.logout()}`);
    expect(screen.getByText('Sign-in page')).toBeTruthy();
  });

  it('a short idle timeout (1 min) warns half-way, 30 s before the end', async () => {
    show(MIN);
    await at(30_000 - 1_000);
    expect(dialog()).toBeNull();
    await at(30_000 + 100);
    expect(dialog()).not.toBeNull();
  });

  it('the absolute limit cannot be extended: it says so, without "Stay signed in", and can be put away', async () => {
    show(30 * MIN, START + 20 * MIN);
    await at(18 * MIN + 100);
    expect(screen.getByRole('alertdialog', { name: 'Your session ends soon' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Stay signed in' })).toBeNull();
    click('Continue');
    expect(dialog()).toBeNull();
    await advance(30_000);
    expect(dialog()).toBeNull();
  });
});
