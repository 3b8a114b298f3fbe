/**
 * A half-filled Notifications form survives a session that really expires (an 8-second idle timeout, waited
 * out; the same journey as expiry-draft.spec.ts, kept short): the admin fills a new rule, steps away, the
 * console goes to sign in, and after signing in the rule form is open again with the values. A channel form
 * comes back without its credentials: the webhook URL and signing key are blank, the form says to type them
 * again, they were never in sessionStorage, and once retyped the channel saves. Cancel and save end a draft.
 */
import { apiPaths } from '@csms-console/api-contract';
import type { Page } from '@playwright/test';
import { expectStatus } from '../fixtures/bff-api.js';
import { expect, test } from '../fixtures/index.js';
import { LoginPage } from '../pages/login-page.js';
import { NotificationsPage } from '../pages/notifications-page.js';

// A test-mode BFF (SESSION_IDLE_SECONDS is refused outside NODE_ENV=test); a stack of its own for this file.
const IDLE_S = 8;
test.use({ bffEnv: { NODE_ENV: 'test', SESSION_IDLE_SECONDS: String(IDLE_S) } });
const IDLE_MS = IDLE_S * 1000;
test.describe.configure({ timeout: IDLE_MS + 60_000 });

/** Loopback is allow-listed on the e2e stack (NOTIFY_ALLOW_HOSTS); saving a channel does not call it. */
const HOOK_URL = 'http://127.0.0.1:9/hook-T0KEN';
const SIGNING_KEY = 'e2e-draft-signing-key-0123456789';

/** Left alone past the idle timeout: the console goes to sign in, and comes back to the page after. */
async function sessionExpiresThenSignIn(page: Page, user: { name: string; password: string }) {
  const login = new LoginPage(page);
  await expect(login.heading()).toBeVisible({ timeout: IDLE_MS + 10_000 });
  await expect(page).toHaveURL(`/login?next=${encodeURIComponent('/notifications')}`);
  await login.signIn(user.name, user.password);
  await expect(page).toHaveURL('/notifications');
}

const storedDrafts = (page: Page) =>
  page.evaluate(() =>
    Object.keys(sessionStorage)
      .filter((k) => k.includes('notify-draft'))
      .map((k) => sessionStorage.getItem(k) ?? ''),
  );

test('a half-filled rule comes back after the session expired and the admin signed in again; Cancel ends it', async ({
  page,
  loginAs,
  stack,
}) => {
  await loginAs(page, 'admin');
  const notify = new NotificationsPage(page);
  await notify.goto();
  await notify.newRule().click();
  await notify.dialogField('Name').fill('e2e draft rule');
  await notify.dialogField('Days before expiry').fill('21, 3');
  await notify.dialog().getByRole('radio', { name: 'Every version' }).check();

  await sessionExpiresThenSignIn(page, stack.users.admin);
  await notify.expectLoaded();
  await expect(notify.dialog().getByRole('heading', { name: 'New rule' })).toBeVisible();
  await expect(notify.dialog()).toContainText('Your unsaved rule is back.');
  await expect(notify.dialogField('Name')).toHaveValue('e2e draft rule');
  await expect(notify.dialogField('Days before expiry')).toHaveValue('21, 3');
  await expect(notify.dialog().getByRole('radio', { name: 'Every version' })).toBeChecked();

  await notify.dialog().getByRole('button', { name: 'Cancel' }).click();
  await expect(notify.dialog()).toBeHidden();
  expect(await storedDrafts(page)).toEqual([]);
  await page.reload();
  await notify.expectLoaded();
  await expect(notify.rulesTable().or(page.getByText('No rule yet: no warning is sent.'))).toBeVisible();
  await expect(notify.dialog()).toBeHidden();
});

test('a channel form comes back without its credentials: the URL must be typed again, then it saves', async ({
  page,
  loginAs,
  stack,
  api,
}) => {
  await loginAs(page, 'admin');
  const notify = new NotificationsPage(page);
  await notify.goto();
  await notify.newChannel().click();
  await notify.dialogField('Name').fill('e2e draft hook');
  await notify.dialogField('Webhook URL').fill(HOOK_URL);
  await notify.dialogField('Signing key').fill(SIGNING_KEY);
  await expect.poll(() => storedDrafts(page)).toEqual([expect.stringContaining('e2e draft hook')]);
  const kept = (await storedDrafts(page)).join('\n');
  expect(kept).not.toContain('T0KEN');
  expect(kept).not.toContain(SIGNING_KEY);

  await sessionExpiresThenSignIn(page, stack.users.admin);
  await notify.expectLoaded();
  await expect(notify.dialog().getByRole('heading', { name: 'New channel' })).toBeVisible();
  await expect(notify.dialog()).toContainText('Your unsaved channel is back.');
  await expect(notify.dialog()).toContainText('type them again');
  await expect(notify.dialogField('Name')).toHaveValue('e2e draft hook');
  await expect(notify.dialogField('Webhook URL')).toHaveValue('');
  await expect(notify.dialogField('Signing key')).toHaveValue('');

  await notify.dialogField('Webhook URL').fill(HOOK_URL);
  await notify.dialogField('Signing key').fill(SIGNING_KEY);
  const saved = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().endsWith(apiPaths.notifyChannels()),
  );
  await notify.save().click();
  const res = await saved;
  expect(res.status(), await res.text()).toBe(201);
  expect(res.request().postDataJSON()).toMatchObject({
    kind: 'webhook',
    name: 'e2e draft hook',
    url: HOOK_URL,
  });
  await expect(notify.dialog()).toBeHidden();
  await expect(notify.channelRow('e2e draft hook')).toBeVisible();
  expect(await storedDrafts(page)).toEqual([]);

  // Leave the stack as found.
  const admin = await api.login('admin');
  const { id } = (await res.json()) as { id: string };
  await expectStatus(await admin.delete(apiPaths.notifyChannel(id)), 204);
});
