/**
 * The expiry editor as its component tests open it: on the secret page's data (testing/secret-fixtures.ts),
 * against a fake BFF at the fetch boundary, inside the router (its saved step links to the audit entry), and
 * found as a person finds it: the dialog by its name, the fields by their labels.
 */
import type { ExpiryPolicy, Version } from '@csms-console/api-contract';
import { screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { ExpiryDialog } from '../features/expiry/components/expiry-dialog';
import { adminPolicy } from './expiry-policies';
import { FakeBff } from './fake-bff';
import { renderWithProviders } from './render';
import { ACCOUNT, secretDetail, sessionUser, utcDate, utcTime, versions } from './secret-fixtures';

/** The query key the editor is told to refresh; the test owns it (app/ passes the versions factory's). */
export const REFRESHES = ['secret-under-test'] as const;

export interface OpenOptions {
  policy?: ExpiryPolicy;
  /** The dialog's accessible name (`Change expiry of v4`), for a test in another language. */
  title?: string;
}

export function openExpiryEditor(version: Version, { policy = adminPolicy, title }: OpenOptions = {}) {
  const user = sessionUser(policy);
  const detail = secretDetail();
  const bff = new FakeBff(ACCOUNT, { user, detail });
  vi.stubGlobal('fetch', bff.fetch);
  const onClose = vi.fn();
  const view = renderWithProviders(
    <MemoryRouter>
      <ExpiryDialog
        account={ACCOUNT}
        secret={detail.secret}
        version={version}
        versions={versions}
        user={user}
        refreshes={REFRESHES}
        onClose={onClose}
      />
    </MemoryRouter>,
  );
  view.queryClient.setQueryData(REFRESHES, 'what the page showed');
  const dialog = screen.getByRole('dialog', { name: title ?? `Change expiry of ${version.id}` });
  const ui = within(dialog);
  const fields = {
    get date() {
      return ui.getByRole('textbox', { name: 'Date' });
    },
    get time() {
      return ui.getByRole('textbox', { name: 'Time' });
    },
  };
  /** Types an instant as UTC wall-clock time, after switching the editor to UTC. */
  const typeUtc = async (ms: number) => {
    await view.user.click(ui.getByRole('radio', { name: 'UTC' }));
    await view.user.clear(fields.date);
    await view.user.type(fields.date, utcDate(ms));
    await view.user.clear(fields.time);
    await view.user.type(fields.time, utcTime(ms));
  };
  /** Replaces Date and Time with what a person types, in the editor's zone. */
  const typeWall = async (date: string, time: string) => {
    await view.user.clear(fields.date);
    await view.user.type(fields.date, date);
    await view.user.clear(fields.time);
    await view.user.type(fields.time, time);
  };
  const reasonField = () => ui.getByRole('textbox', { name: /^Reason/ });
  /** Gives the reason the policy asks for (REQUIRE_REASON is on by default). */
  const typeReason = (text = 'CHG-1 renewal') => view.user.type(reasonField(), text);
  const refreshed = () => view.queryClient.getQueryState(REFRESHES)?.isInvalidated === true;
  return { ...view, bff, dialog, ui, fields, typeUtc, typeWall, typeReason, reasonField, onClose, refreshed };
}
