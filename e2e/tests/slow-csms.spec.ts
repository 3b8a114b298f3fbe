/**
 * A slow CSMS is never a dead end (issue 13, item 4): a read that has not answered after about 3 s says CSMS
 * is slow and offers Cancel and Retry, in place of its loading text, while the header stays. Cancel aborts the
 * browser's request and leaves a clear state; Retry asks again. The slowness is real: the emulator holds
 * ListSecrets / ShowSecret for 8 s (a latency fault), longer than the BFF's 5 s read attempt, so the BFF waits,
 * retries and gives up only at its 15 s read deadline: the browser's request stays pending about 15 s.
 * Cancel is pressed before any slow check (screenshot, axe), which on a loaded machine can take longer than
 * what is left of those 15 s; the notice itself gets its unhurried look while its request is held open.
 * A page whose code cannot be loaded (a chunk gone after a deploy) is replaced in place too, with Reload.
 */
import { apiPaths } from '@csms-console/api-contract';
import type { Page, Request } from '@playwright/test';
import { expect, test } from '../fixtures/index.js';
import { checkPage } from '../fixtures/page-checks.js';
import { AppShell } from '../pages/app-shell.js';
import { LOGIN_NAMES, LoginPage } from '../pages/login-page.js';
import { SecretPage } from '../pages/secret-page.js';
import { SecretsPage } from '../pages/secrets-page.js';
import { SLOW_NAMES, SlowNoticeView } from '../pages/slow-notice.js';

const SECRET = 'payments-db-password';
const CSMS_DELAY_MS = 8_000;

test.describe.configure({ timeout: 60_000 });

const isPath = (path: string) => (r: Request) => new URL(r.url()).pathname === path;

/**
 * The secrets list request of `account` filtered by name `payments`, once the browser has sent it: the filter
 * tells it from an unfiltered list the page left behind when signing in (aborted by the navigation).
 */
function listRequest(page: Page, account: string): Promise<Request> {
  return page.waitForRequest((r) => isPath(apiPaths.secrets(account))(r) && isPayments(r));
}

const isPayments = (r: Request) => new URL(r.url()).searchParams.get('name') === 'payments';

test('the list: CSMS slow says so after about 3 s; Cancel stops the request; Retry shows the rows', async ({
  page,
  loginAs,
  csms,
  stack,
}, testInfo) => {
  await loginAs(page, 'support');
  const shell = new AppShell(page);
  await csms.injectFault({ type: 'latency', operation: 'ListSecrets', latency_ms: CSMS_DELAY_MS });

  const sent = listRequest(page, stack.account);
  await page.goto(SecretsPage.path(stack.account, '?name=payments'));
  const first = await sent;
  const sentAt = Date.now();
  const notice = new SlowNoticeView(page.getByRole('main'));
  await expect(notice.slow()).toBeVisible({ timeout: 6_000 });
  expect(Date.now() - sentAt, 'not before about 3 s').toBeGreaterThanOrEqual(2_500);
  await expect(notice.cancel()).toBeVisible();
  await expect(notice.retry()).toBeVisible();

  // Cancel at once (the request is still pending): the browser's request is aborted, and nothing loads by
  // itself afterwards.
  const aborted = page.waitForEvent('requestfailed', (r) => r === first);
  await notice.cancel().click();
  expect((await aborted).failure()?.errorText).toMatch(/abort/i);
  await expect(notice.cancelled()).toBeVisible();
  await expect(notice.retry()).toBeFocused();
  await expect(notice.cancel()).toHaveCount(0);
  await shell.expectSignedIn(stack.users.support.name, 'Support');
  await checkPage(page, testInfo, 'slow-notice-list-cancelled');

  // The notice while it waits, looked at without a clock running: this request is held in the browser (the
  // slowness itself was proven above), so the screenshot and axe see the notice however long they take.
  const held = stack.account;
  // Only the next request is held (never answered); the route is gone after it.
  await page.route(
    (url) => url.pathname === apiPaths.secrets(held) && url.searchParams.get('name') === 'payments',
    () => undefined,
    { times: 1 },
  );
  const second = listRequest(page, stack.account);
  await notice.retry().click();
  const waiting = await second;
  await expect(notice.slow()).toBeVisible({ timeout: 6_000 });
  await expect(notice.cancel()).toBeVisible();
  await shell.expectSignedIn(stack.users.support.name, 'Support');
  await checkPage(page, testInfo, 'slow-notice-list');

  // CSMS is quick again: Retry drops the waiting request and shows the rows.
  await csms.clearFaults();
  const dropped = page.waitForEvent('requestfailed', (r) => r === waiting);
  await notice.retry().click();
  await dropped;
  await expect(page.getByRole('main').getByRole('link', { name: SECRET, exact: true })).toBeVisible();
  await expect(notice.cancelled()).toHaveCount(0);
  await expect(notice.slow()).toHaveCount(0);
  await shell.expectSignedIn(stack.users.support.name, 'Support');
});

test('the secret page: Retry while CSMS is slow drops that request and shows the secret from a new one', async ({
  page,
  loginAs,
  csms,
  stack,
}) => {
  await loginAs(page, 'auditor');
  const secretPage = new SecretPage(page, stack.account, SECRET);
  // Only the first ShowSecret is slow: the retried one answers at once.
  await csms.injectFault({
    type: 'latency',
    operation: 'ShowSecret',
    latency_ms: CSMS_DELAY_MS,
    times: 1,
  });
  const sent = page.waitForRequest(isPath(apiPaths.secret(stack.account, SECRET)));
  await page.goto(secretPage.path());
  const first = await sent;
  const notice = new SlowNoticeView(page.getByRole('main'));
  await expect(notice.slow()).toBeVisible({ timeout: 6_000 });
  await expect(secretPage.heading()).toBeVisible();
  await new AppShell(page).expectSignedIn(stack.users.auditor.name, 'Auditor');

  const aborted = page.waitForEvent('requestfailed', (r) => r === first);
  const started = Date.now();
  await notice.retry().click();
  await aborted;
  await secretPage.expectLoaded();
  await expect(notice.slow()).toHaveCount(0);
  // Well before the first request would have answered.
  expect(Date.now() - started).toBeLessThan(CSMS_DELAY_MS - 1_000);
});

test('a page whose code cannot be loaded keeps the shell and offers Reload, which gets it back', async ({
  page,
  loginAs,
  stack,
}, testInfo) => {
  await loginAs(page, 'admin');
  const shell = new AppShell(page);
  // As after a deploy: the chunk of the fleet board that this page knows of is gone.
  const chunk = /\/assets\/fleet-[^/]*\.js$/;
  await page.route(chunk, (route) => route.abort());
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Fleet expiry', exact: true }).click();

  const alert = page.getByRole('main').getByRole('alert');
  await expect(alert).toContainText('This page could not be loaded');
  await expect(alert).toContainText('Reload to get the current version');
  await shell.expectSignedIn(stack.users.admin.name, 'Security admin');
  await checkPage(page, testInfo, 'route-error-chunk');

  // The rest of the console works meanwhile, and Reload gets the page once its code is there.
  await nav.getByRole('link', { name: 'Secrets', exact: true }).click();
  await new SecretsPage(page).expectLoaded();
  await page.goBack();
  await expect(alert).toBeVisible();
  await page.unroute(chunk);
  await page.getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Fleet expiry' })).toBeVisible();
  await shell.expectSignedIn(stack.users.admin.name, 'Security admin');
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });

  test('the slow notice, Cancel and Retry in Chinese', async ({ page, csms, stack }, testInfo) => {
    const login = new LoginPage(page, LOGIN_NAMES['zh-CN']);
    await login.goto();
    await login.signIn(stack.users.support.name, stack.users.support.password);
    await csms.injectFault({ type: 'latency', operation: 'ListSecrets', latency_ms: CSMS_DELAY_MS });
    await page.goto(SecretsPage.path(stack.account, '?name=payments'));

    const notice = new SlowNoticeView(page.getByRole('main'), SLOW_NAMES['zh-CN']);
    await expect(notice.slow()).toBeVisible({ timeout: 6_000 });
    await expect(notice.slow()).toContainText('仍在等待应答');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    // Cancel before the slow checks, while the request is surely still pending (see the top of this file).
    await notice.cancel().click();
    await expect(notice.cancelled()).toBeVisible();
    await expect(notice.cancelled()).toContainText('已取消加载');
    await checkPage(page, testInfo, 'slow-notice-list-cancelled-zh');
    await csms.clearFaults();
    await notice.retry().click();
    await expect(page.getByRole('main').getByRole('link', { name: SECRET, exact: true })).toBeVisible();
    await expect(page.getByRole('banner').getByRole('button', { name: '退出登录' })).toBeVisible();
  });
});
