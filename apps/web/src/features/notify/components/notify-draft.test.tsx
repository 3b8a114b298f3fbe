// @vitest-environment happy-dom
/**
 * The admin's half-filled rule or channel form survives the page going away without the form being closed
 * (the session ended, the app went to sign in): the page mounted again opens that form with what was typed.
 * A channel's credentials are never written to sessionStorage (asserted on its contents) and come back
 * blank, the form saying to type them again. Saving or cancelling ends the draft; a draft for a rule or
 * channel that is gone meanwhile is dropped with a note. The page goes away here as it does when the app
 * navigates to sign in: unmounted, not closed.
 */
import { apiPaths, ChannelSchema, RuleSchema } from '@csms-console/api-contract';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { activateLocale, loadPageMessages } from '../../../lib/i18n';
import {
  channelsTable,
  dialog,
  feishu,
  hook,
  HOOK,
  openPage,
  rule,
  RULE,
  rulesTable,
} from '../../../testing/notify-page-fixtures';
import { NOW } from '../../../testing/secret-fixtures';

vi.setConfig({ testTimeout: 20_000 });

const URL_TYPED = 'https://hooks.example.com/T0KEN-in-the-path';
const KEY_TYPED = 'signing-key-0123456789abcdef';
const KEY = 'csms-console.notify-draft/u1';

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

/** The page goes away without the form being closed; then it is opened again (same tab, same user). */
function reopen(opts: Parameters<typeof openPage>[1] = {}) {
  cleanup();
  vi.unstubAllGlobals();
  return openPage(true, opts);
}

/** Everything in this tab's sessionStorage, as one string. */
const everythingStored = () =>
  Object.keys(sessionStorage)
    .map((k) => `${k}=${sessionStorage.getItem(k)}`)
    .join('\n');

const field = (label: string) => within(dialog()).getByLabelText<HTMLInputElement>(label);

async function typeNewChannel(user: ReturnType<typeof openPage>['user']) {
  await user.click(screen.getByRole('button', { name: 'New channel' }));
  await user.type(field('Name'), 'Pager hook');
  await user.type(field('Webhook URL'), URL_TYPED);
  await user.type(field('Signing key'), KEY_TYPED);
}

describe('a kept notifications form', () => {
  it('a new rule comes back with what was typed, saying so; saving it sends that and ends the draft', async () => {
    const first = openPage(true);
    await rulesTable();
    await first.user.click(screen.getByRole('button', { name: 'New rule' }));
    await first.user.type(field('Name'), 'Staging soon');
    await first.user.clear(field('Days before expiry'));
    await first.user.type(field('Days before expiry'), '14, 2');
    await first.user.click(within(dialog()).getByRole('checkbox', { name: 'Ops hook' }));
    await first.user.click(within(dialog()).getByRole('radio', { name: /Every version/ }));
    expect(sessionStorage.getItem(KEY)).toContain('Staging soon');

    const again = reopen();
    await waitFor(() => expect(screen.getByRole('dialog')).toBeTruthy());
    expect(within(dialog()).getByRole('heading', { name: 'New rule' })).toBeTruthy();
    expect(within(dialog()).getByText('Your unsaved rule is back. Check it, then save.')).toBeTruthy();
    expect(field('Name').value).toBe('Staging soon');
    expect(field('Days before expiry').value).toBe('14, 2');
    expect(within(dialog()).getByRole('checkbox', { name: 'Ops hook' })).toHaveProperty('checked', true);
    expect(within(dialog()).getByRole('checkbox', { name: 'Team Feishu' })).toHaveProperty('checked', false);

    again.replies.push({
      status: 201,
      body: RuleSchema.parse({ ...rule, id: '01JR00000000000000000000BB' }),
    });
    await again.user.click(within(dialog()).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(again.writes).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: apiPaths.notifyRules(),
        body: expect.objectContaining({ name: 'Staging soon', lead_days: [14, 2], channels: [HOOK] }),
      }),
    ]);
    expect(sessionStorage.length).toBe(0);
    reopen();
    await rulesTable();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('an edited rule comes back as that rule; Cancel ends the draft', async () => {
    const first = openPage(true);
    await rulesTable();
    await first.user.click(screen.getByRole('button', { name: 'Edit rule Prod current' }));
    await first.user.clear(field('Name'));
    await first.user.type(field('Name'), 'Prod renamed');

    const again = reopen();
    await waitFor(() => expect(screen.getByRole('dialog')).toBeTruthy());
    expect(within(dialog()).getByRole('heading', { name: 'Edit rule' })).toBeTruthy();
    expect(field('Name').value).toBe('Prod renamed');
    await again.user.click(within(dialog()).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(sessionStorage.length).toBe(0);
    reopen();
    await rulesTable();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('never writes a credential to sessionStorage; they come back blank, and the form says to type them again', async () => {
    const first = openPage(true);
    await channelsTable();
    await typeNewChannel(first.user);
    const stored = everythingStored();
    expect(stored).toContain('Pager hook');
    expect(stored).not.toContain('T0KEN');
    expect(stored).not.toContain(KEY_TYPED);
    const draft = JSON.parse(sessionStorage.getItem(KEY)!) as { values: Record<string, unknown> };
    for (const credential of ['url', 'signing_key', 'secret', 'smtp_password'])
      expect(draft.values).not.toHaveProperty(credential);

    const again = reopen();
    await waitFor(() => expect(screen.getByRole('dialog')).toBeTruthy());
    expect(within(dialog()).getByRole('heading', { name: 'New channel' })).toBeTruthy();
    expect(
      within(dialog()).getByText(/^Your unsaved channel is back\. Credentials .* type them again/),
    ).toBeTruthy();
    expect(field('Name').value).toBe('Pager hook');
    expect(field('Webhook URL').value).toBe('');
    expect(field('Signing key').value).toBe('');
    expect(within(dialog()).getAllByText('Not kept with your unsaved work: type it again.')).toHaveLength(2);
    // Saving without them is refused at the fields, as for any new webhook.
    await again.user.click(within(dialog()).getByRole('button', { name: 'Save' }));
    expect(within(dialog()).getAllByText('Required for this kind of channel.')).toHaveLength(2);
    expect(again.writes).toEqual([]);

    await again.user.type(field('Webhook URL'), URL_TYPED);
    await again.user.type(field('Signing key'), KEY_TYPED);
    expect(everythingStored()).not.toContain('T0KEN');
    again.replies.push({
      status: 201,
      body: ChannelSchema.parse({ ...hook, id: '01JCHANPG00000000000000000' }),
    });
    await again.user.click(within(dialog()).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(again.writes[0]?.body).toEqual({
      kind: 'webhook',
      name: 'Pager hook',
      url: URL_TYPED,
      signing_key: KEY_TYPED,
    });
    expect(sessionStorage.length).toBe(0);
  });

  it('an email channel keeps its settings but not its SMTP password', async () => {
    const first = openPage(true);
    await channelsTable();
    await first.user.click(screen.getByRole('button', { name: 'New channel' }));
    await first.user.selectOptions(field('Kind'), 'email');
    await first.user.type(field('Name'), 'Mail ops');
    await first.user.type(field('SMTP host'), 'smtp.example.com');
    await first.user.type(field('SMTP password (optional)'), 'hunter2-smtp');
    await first.user.type(field('Recipients'), 'ops@example.com');
    expect(everythingStored()).toContain('smtp.example.com');
    expect(everythingStored()).not.toContain('hunter2');

    reopen();
    await waitFor(() => expect(screen.getByRole('dialog')).toBeTruthy());
    // An email channel's form (happy-dom's select does not show a registered default; the browser spec does).
    expect(field('SMTP host').value).toBe('smtp.example.com');
    expect(field('Recipients').value).toBe('ops@example.com');
    expect(field('SMTP password (optional)').value).toBe('');
  });

  it('Escape ends the draft too; nothing typed, nothing kept', async () => {
    const first = openPage(true);
    await channelsTable();
    await first.user.click(screen.getByRole('button', { name: 'New rule' }));
    expect(sessionStorage.length).toBe(0);
    await first.user.type(field('Name'), 'x');
    expect(sessionStorage.length).toBe(1);
    dialog().dispatchEvent(new Event('cancel', { cancelable: true })); // what Escape fires
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(sessionStorage.length).toBe(0);
  });

  it('a draft for a rule or channel that no longer exists is dropped, with a note', async () => {
    const first = openPage(true);
    await rulesTable();
    await first.user.click(screen.getByRole('button', { name: 'Edit rule Prod current' }));
    await first.user.type(field('Name'), ' 2');
    expect(JSON.parse(sessionStorage.getItem(KEY)!)).toMatchObject({ form: 'rule', id: RULE });

    reopen({ rules: [] });
    expect(
      await screen.findByText(
        'The rule you were editing no longer exists, so your unsaved changes to it were dropped.',
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(sessionStorage.length).toBe(0);

    const second = reopen();
    await channelsTable();
    await second.user.click(screen.getByRole('button', { name: 'Edit channel Ops hook' }));
    await second.user.type(field('Name'), ' 2');
    reopen({ channels: [feishu] });
    expect(
      await screen.findByText(
        'The channel you were editing no longer exists, so your unsaved changes to it were dropped.',
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(sessionStorage.length).toBe(0);
  });

  it('opens no form on a read-only page; in Chinese it says to type the credentials again', async () => {
    const first = openPage(true);
    await channelsTable();
    await typeNewChannel(first.user);
    cleanup();
    vi.unstubAllGlobals();
    openPage(false);
    await channelsTable();
    expect(screen.queryByRole('dialog')).toBeNull();

    cleanup();
    vi.unstubAllGlobals();
    await activateLocale('zh-CN');
    await loadPageMessages();
    openPage(true);
    await waitFor(() => expect(screen.getByRole('dialog')).toBeTruthy());
    expect(within(dialog()).getByText(/^你未保存的渠道已恢复。.*请重新输入。$/)).toBeTruthy();
    expect(within(dialog()).getAllByText('未随未保存的内容一起保留：请重新输入。')).toHaveLength(2);
  });
});
