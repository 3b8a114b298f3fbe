// @vitest-environment happy-dom
/**
 * The secret page as app/ composes it (versions page + expiry row actions and editor), against a fake BFF at
 * the fetch boundary: the editor opens from a row and from `?edit=`, and a save refreshes the page through
 * the versions feature's query factory, so the table shows what CSMS stores once the dialog closes.
 */
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExpiryPolicy, SecretState } from '@csms-console/api-contract';
import { adminPolicy, auditorPolicy, supportPolicy } from '../../testing/expiry-policies';
import { FakeBff, saved } from '../../testing/fake-bff';
import { renderWithProviders } from '../../testing/render';
import {
  ACCOUNT,
  BROWSER_ZONE,
  NOW,
  SECRET,
  previous,
  secretDetail,
  sessionUser,
  utcDate,
  utcText,
  utcTime,
} from '../../testing/secret-fixtures';
import { SecretRoute } from './secret';

vi.setConfig({ testTimeout: 20_000 });

let savedTz: string | undefined;
beforeAll(() => {
  savedTz = process.env.TZ;
  process.env.TZ = BROWSER_ZONE;
});
afterAll(() => {
  process.env.TZ = savedTz;
});
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  localStorage.clear();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const PAGE = `/accounts/${ACCOUNT}/secrets/${SECRET}`;

function openPage(
  policy: ExpiryPolicy,
  { search = '', state = 'ENABLED' }: { search?: string; state?: SecretState } = {},
) {
  const bff = new FakeBff(ACCOUNT, { user: sessionUser(policy), detail: secretDetail(state) });
  vi.stubGlobal('fetch', bff.fetch);
  const router = createMemoryRouter(
    [{ path: 'accounts/:account/secrets/:secret', element: <SecretRoute /> }],
    {
      initialEntries: [PAGE + search],
    },
  );
  const view = renderWithProviders(<RouterProvider router={router} />);
  const detailReads = () =>
    bff.gets.filter((path) => path === PAGE.replace('/accounts', '/api/accounts')).length;
  return { ...view, bff, router, detailReads };
}

const changeButton = (id: string) => screen.getByRole('button', { name: `Change expiry of ${id}` });
const describedText = (element: HTMLElement) =>
  (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

describe('secret page', () => {
  it('an admin changes v4 from its row; once saved and closed, the table shows what CSMS stores', async () => {
    const { user, bff, router, detailReads } = openPage(adminPolicy);
    await screen.findByRole('table', { name: 'Versions' });
    expect(detailReads()).toBe(1);

    await user.click(changeButton('v4'));
    // The editor is a lazy chunk: its first load (and transform, here) may take a while.
    const dialog = await screen.findByRole('dialog', { name: 'Change expiry of v4' }, { timeout: 10_000 });
    expect(router.state.location.search).toBe('?edit=v4');
    const ui = within(dialog);
    const next = Date.UTC(2027, 0, 31, 13, 30, 0);
    await user.click(ui.getByRole('radio', { name: 'UTC' }));
    await user.clear(ui.getByRole('textbox', { name: 'Date' }));
    await user.type(ui.getByRole('textbox', { name: 'Date' }), utcDate(next));
    await user.clear(ui.getByRole('textbox', { name: 'Time' }));
    await user.type(ui.getByRole('textbox', { name: 'Time' }), utcTime(next));
    await user.type(ui.getByRole('textbox', { name: 'Reason (required)' }), 'CHG-1 renewal');
    await user.click(ui.getByRole('button', { name: 'Review change' }));
    bff.answerNextPut(saved({ version: { ...previous, expire_time: next }, audit_id: 'aud-1' }));
    await user.click(await ui.findByRole('button', { name: 'Save' }));
    await ui.findByText(/^Saved: CSMS now stores this expiry for v4/);

    // The mutation refreshed the page's query (no callback of the page did): a second read of the secret.
    await waitFor(() => expect(detailReads()).toBe(2));
    await user.click(ui.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(router.state.location.search).toBe('');
    const row = changeButton('v4').closest('tr')!;
    expect(row.textContent).toContain(utcText(next));
    await waitFor(() => expect(document.activeElement).toBe(changeButton('v4')));
  });

  it('`?edit=` naming no version says so; Dismiss clears it', async () => {
    const { user, router } = openPage(adminPolicy, { search: '?edit=v9' });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This secret has no version v9.');
    await user.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(router.state.location.search).toBe('');
  });

  it('support: a version outside the window has its button disabled, with the reason beside it', async () => {
    openPage(supportPolicy);
    await screen.findByRole('table', { name: 'Versions' });
    expect(changeButton('v4')).toHaveProperty('disabled', false);
    expect(changeButton('v5')).toHaveProperty('disabled', true);
    expect(describedText(changeButton('v5'))).toContain(
      'This version expires in 30 days; your role can only change versions that are expired or expire within 7 days.',
    );
  });

  it('a secret that is not ENABLED: every button disabled, pointing at the one notice that says why', async () => {
    openPage(adminPolicy, { state: 'DISABLED' });
    await screen.findByRole('table', { name: 'Versions' });
    for (const id of ['v4', 'v5']) {
      expect(changeButton(id)).toHaveProperty('disabled', true);
      const described = describedText(changeButton(id));
      expect(described).toContain('Not editable while the secret is DISABLED (see the notice above).');
      expect(described).toContain('This secret is disabled (DISABLED): no expiry can be changed');
    }
  });

  it('a read-only role sees no Change expiry button, and is told why', async () => {
    openPage(auditorPolicy);
    await screen.findByRole('table', { name: 'Versions' });
    expect(screen.queryByRole('button', { name: /^Change expiry of/ })).toBeNull();
    expect(screen.getByText(/Your role is read-only/)).toBeTruthy();
  });

  it('each version links to its own history in the audit log, for every role', async () => {
    openPage(auditorPolicy);
    await screen.findByRole('table', { name: 'Versions' });
    expect(screen.getByRole('link', { name: 'History of v4' }).getAttribute('href')).toBe(
      `/audit?account=${ACCOUNT}&secret=${SECRET}&version=v4`,
    );
    expect(screen.getByRole('link', { name: 'History of v5' }).getAttribute('href')).toBe(
      `/audit?account=${ACCOUNT}&secret=${SECRET}&version=v5`,
    );
  });
});
