/**
 * A 429/503 is never a dead end (issue 9, item 7). On a read the header (user, account, sign out) and what
 * the page shows stay; an in-place notice counts down to the server's Retry-After and the page recovers by
 * itself (no reload, no click) or at once with "Retry now". A refused save keeps the input and is not resent.
 *
 * The failures are real: the emulator answers CSMS calls with 429 + Retry-After longer than the BFF's client
 * waits by itself (5 s), so the BFF answers 503 `upstream_throttled` with that Retry-After at once
 * (apps/bff/src/upstream/error-map.ts). Only the session-guard case stubs one answer (see there why).
 */
import { ErrorBodySchema, apiPaths } from '@csms-console/api-contract';
import type { Page, Response } from '@playwright/test';
import { expect, test } from '../fixtures/index.js';
import { checkPage } from '../fixtures/page-checks.js';
import { dayIn, wholeSecondsFromNow, zonedToEpoch } from '../fixtures/time.js';
import { AppShell } from '../pages/app-shell.js';
import { LOGIN_NAMES, LoginPage } from '../pages/login-page.js';
import { RetryNoticeView } from '../pages/retry-notice.js';
import { SecretPage } from '../pages/secret-page.js';
import { SecretsPage } from '../pages/secrets-page.js';

const SECRET = 'payments-db-password';
/** Over the BFF client's 5 s, so the BFF passes the wait on instead of waiting itself. */
const RETRY_AFTER_S = 6;

test.describe.configure({ timeout: 60_000 });

/** A flag in the page's JS realm: still there later means the page was not reloaded. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { retryMark?: number }).retryMark = 1));
}
async function documentMarked(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { retryMark?: number }).retryMark === 1);
}

async function expectThrottled(res: Response, retryAfterS: number): Promise<void> {
  expect(res.status()).toBe(503);
  expect(res.headers()['retry-after']).toBe(String(retryAfterS));
  expect(ErrorBodySchema.parse(await res.json()).error.code).toBe('upstream_throttled');
}

test('the list: a throttled CSMS keeps the shell and the rows, counts down, and recovers by itself', async ({
  page,
  loginAs,
  csms,
  stack,
}, testInfo) => {
  await loginAs(page, 'support');
  const list = new SecretsPage(page);
  await list.goto(stack.account);
  const shell = new AppShell(page);
  await shell.expectSignedIn(stack.users.support.name, 'Support');
  const rowsBefore = await list.table().getByRole('row').count();
  await markDocument(page);

  await csms.injectFault({ type: 'throttle', operation: 'ListSecrets', retry_after: RETRY_AFTER_S });
  const refused = page.waitForResponse(
    (r) => new URL(r.url()).pathname === apiPaths.secrets(stack.account) && r.status() >= 400,
  );
  await list.search('payments');
  await expectThrottled(await refused, RETRY_AFTER_S);

  const notice = new RetryNoticeView(page.getByRole('main'));
  await expect(notice.root()).toContainText('The server asked us to slow down');
  await expect(notice.root()).toHaveAttribute('aria-live', 'polite');
  await expect(notice.countdown()).toHaveText(/^[1-6] s$/);
  await expect(notice.retryNow()).toBeEnabled();
  // The shell and the rows already on screen stay.
  await shell.expectSignedIn(stack.users.support.name, 'Support');
  await expect(list.table().getByRole('row')).toHaveCount(rowsBefore);
  // It counts down.
  const first = await notice.secondsLeft();
  await expect.poll(() => notice.secondsLeft(), { timeout: 3_000 }).toBeLessThan(first);
  await checkPage(page, testInfo, 'retry-notice-list');

  // CSMS answers again: the page gets the filtered rows by itself, without a reload or a click.
  await csms.clearFaults();
  await expect(notice.root()).toBeHidden({ timeout: 2 * RETRY_AFTER_S * 1000 + 5_000 });
  await expect(list.secretLink(SECRET)).toBeVisible();
  for (const row of await list.table().getByRole('row').all()) {
    if ((await row.getByRole('link').count()) > 0) await expect(row).toContainText('payments');
  }
  expect(await documentMarked(page), 'the page was not reloaded').toBe(true);
  const calls = await csms.requests('ListSecrets');
  expect(calls.filter((c) => c.status === 429).length).toBeGreaterThanOrEqual(1);
  expect(calls.at(-1)?.status).toBe(200);
});

test('the secret page: a long Retry-After shows in place, and "Retry now" (keyboard) loads it at once', async ({
  page,
  loginAs,
  csms,
  stack,
}, testInfo) => {
  await loginAs(page, 'auditor');
  const secretPage = new SecretPage(page, stack.account, SECRET);
  await csms.injectFault({ type: 'throttle', operation: 'ShowSecret', retry_after: 60 });
  const refused = page.waitForResponse(
    (r) => new URL(r.url()).pathname === apiPaths.secret(stack.account, SECRET) && r.status() >= 400,
  );
  await page.goto(secretPage.path());
  await expectThrottled(await refused, 60);

  const shell = new AppShell(page);
  await shell.expectSignedIn(stack.users.auditor.name, 'Auditor');
  await expect(secretPage.heading()).toBeVisible();
  const notice = new RetryNoticeView(page.getByRole('main'));
  await expect(notice.root()).toContainText('The server asked us to slow down');
  await expect(notice.root()).toContainText('upstream_throttled');
  await expect(notice.countdown()).toHaveText(/^(60|5\d) s$/);
  await checkPage(page, testInfo, 'retry-notice-secret');

  await csms.clearFaults();
  await notice.retryNow().focus();
  await expect(notice.retryNow()).toBeFocused();
  const started = Date.now();
  await page.keyboard.press('Enter');
  await secretPage.expectLoaded();
  await expect(notice.root()).toBeHidden();
  // Well before the 60 s the server asked for: the click started a new request at once.
  expect(Date.now() - started).toBeLessThan(20_000);
  await shell.expectSignedIn(stack.users.auditor.name, 'Auditor');
});

test('the session guard: a 429 on the session probe is a notice that retries, not "could not load your session"', async ({
  page,
  loginAs,
  stack,
}, testInfo) => {
  await loginAs(page, 'admin');
  // The one stubbed answer in this file. /bff/user does not call CSMS, so the emulator cannot fail it, and
  // the BFF's request limits are sized so that a person never meets them; Playwright answers the first
  // probe after a fresh load with the BFF's own 429 shape, once. Everything after that is the real BFF.
  let stubbed = 0;
  await page.route(
    `**${apiPaths.user()}`,
    async (route) => {
      stubbed++;
      await route.fulfill({
        status: 429,
        headers: { 'Retry-After': '3', 'Content-Type': 'application/json' },
        body: JSON.stringify({
          error: {
            code: 'rate_limited',
            message: 'Too many requests; try again in 3 s.',
            requestId: '0123456789abcdef01234567',
          },
        }),
      });
    },
    { times: 1 },
  );
  const list = new SecretsPage(page);
  await page.goto(SecretsPage.path(stack.account));

  const notice = new RetryNoticeView(page);
  await expect(notice.root()).toContainText('The server asked us to slow down');
  await expect(notice.countdown()).toHaveText(/^[1-3] s$/);
  await expect(notice.retryNow()).toBeVisible();
  await expect(page.getByText('could not load your session')).toHaveCount(0);
  await markDocument(page);
  await checkPage(page, testInfo, 'retry-notice-session');

  // The guard asks again after Retry-After by itself; the real BFF answers and the app appears.
  await list.expectLoaded();
  await new AppShell(page).expectSignedIn(stack.users.admin.name, 'Security admin');
  await expect(page).toHaveURL(SecretsPage.path(stack.account));
  expect(await documentMarked(page), 'the page was not reloaded').toBe(true);
  expect(stubbed).toBe(1);
});

test('a throttled save keeps the input, says when to save again, and is not resent by itself', async ({
  page,
  loginAs,
  csms,
  stack,
}, testInfo) => {
  const before = await csms.version(SECRET, 'v5');
  await loginAs(page, 'admin');
  const secretPage = new SecretPage(page, stack.account, SECRET);
  const dialog = await secretPage.gotoEditor('v5', 'utc');
  const day = dayIn(wholeSecondsFromNow(120), 'UTC');
  const expected = zonedToEpoch(day, '08:00:00', 'UTC');
  await dialog.type(day, '08:00:00');
  await dialog.giveReason();
  await dialog.review();

  await csms.injectFault({ type: 'throttle', operation: 'UpdateVersion', retry_after: RETRY_AFTER_S });
  await expectThrottled(await dialog.save(), RETRY_AFTER_S);

  const notice = new RetryNoticeView(dialog.root());
  await expect(notice.root()).toContainText('The change was not saved');
  await expect(notice.root()).toContainText('The server asked us to slow down');
  await expect(notice.root()).toContainText('does not send the change again by itself');
  await expect(notice.countdown()).toHaveText(/^[1-6] s$/);
  await expect(notice.retryNow()).toHaveCount(0);
  // The review step stays with the same value and an enabled Save.
  await expect(dialog.reviewHeading()).toBeVisible();
  await expect.poll(() => dialog.requestedExpireTime()).toBe(expected);
  await expect(dialog.saveButton()).toBeEnabled();
  await checkPage(page, testInfo, 'retry-notice-save');

  // The wait runs out: the notice says so, and nothing was sent again.
  await expect(notice.root()).toContainText('You can save again now.', {
    timeout: RETRY_AFTER_S * 1000 + 3_000,
  });
  expect(await csms.requests('UpdateVersion')).toHaveLength(1);
  expect(await csms.version(SECRET, 'v5')).toEqual(before);

  // The user's click saves it.
  await csms.clearFaults();
  const res = await dialog.save();
  expect(res.status(), await res.text()).toBe(200);
  await expect(dialog.saved()).toBeVisible();
  expect((await csms.version(SECRET, 'v5')).expire_time).toBe(expected);
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });

  test('a throttled CSMS: the notice in Chinese counts down, and the list comes by itself', async ({
    page,
    csms,
    stack,
  }, testInfo) => {
    const login = new LoginPage(page, LOGIN_NAMES['zh-CN']);
    await login.goto();
    // Signing in opens the first account's list: its read must be done before CSMS throttles, or it would be
    // the refused read awaited below, answered for a page that `goto` then leaves (no body to read).
    const firstList = page.waitForResponse(
      (r) => new URL(r.url()).pathname === apiPaths.secrets(stack.account),
    );
    await login.signIn(stack.users.support.name, stack.users.support.password);
    expect((await firstList).status()).toBe(200);
    await csms.injectFault({ type: 'throttle', operation: 'ListSecrets', retry_after: RETRY_AFTER_S });
    const refused = page.waitForResponse(
      (r) => new URL(r.url()).pathname === apiPaths.secrets(stack.account) && r.status() >= 400,
    );
    await page.goto(SecretsPage.path(stack.account, '?name=payments'));
    await expectThrottled(await refused, RETRY_AFTER_S);

    const notice = page.getByRole('main').getByRole('status').filter({ hasText: '服务器要求降低请求频率' });
    await expect(notice).toBeVisible();
    await expect(notice.getByRole('timer')).toHaveText(/^[1-6] 秒$/);
    await expect(notice.getByRole('button', { name: '立即重试' })).toBeVisible();
    await expect(page.getByRole('banner').getByRole('button', { name: '退出登录' })).toBeVisible();
    await checkPage(page, testInfo, 'retry-notice-list-zh');

    await csms.clearFaults();
    await expect(page.getByRole('main').getByRole('link', { name: SECRET, exact: true })).toBeVisible({
      timeout: 2 * RETRY_AFTER_S * 1000 + 5_000,
    });
    await expect(notice).toBeHidden();
  });
});
