/**
 * Sessions that respect work (issue 13, item 3): before the idle timeout a modal alert dialog counts down,
 * "Stay signed in" keeps the session, and a session left alone ends on the sign-in page, which leads back.
 * The warning asks the server first (`GET /bff/session`, which does not extend the session), so another
 * tab's use, or a browser clock that jumped, never warns early nor signs anyone out.
 *
 * The BFF runs in test mode with a 20-second idle timeout (SESSION_IDLE_SECONDS, refused outside
 * NODE_ENV=test), so the session really ends on the server within the test; the warning then shows half-way,
 * 10 s before the end (2 minutes before a longer timeout, which the web unit tests cover on a fake clock).
 * Waiting is real time: the server decides, by design. The SPA takes the timeout from the BFF's session
 * times, so nothing in it is shortened for the test.
 */
import { apiPaths, CSRF_HEADER, SessionTimesSchema } from '@csms-console/api-contract';
import type { Request, Response } from '@playwright/test';
import { expect, test } from '../fixtures/index.js';
import { checkPage } from '../fixtures/page-checks.js';
import { IDLE_NAMES, IdleWarningDialog } from '../pages/idle-warning.js';
import { LOGIN_NAMES, LoginPage } from '../pages/login-page.js';
import { SecretsPage } from '../pages/secrets-page.js';

const IDLE_S = 20;
const IDLE_MS = IDLE_S * 1000;
const LEAD_MS = IDLE_MS / 2;
/** Slack for a busy machine: page loads, an axe scan, the SPA's one-second steps. */
const SLACK_MS = 5_000;
const SEARCH = '?name=payments';

test.use({ bffEnv: { NODE_ENV: 'test', SESSION_IDLE_SECONDS: String(IDLE_S) } });
test.describe.configure({ timeout: 90_000 });

const isPath = (path: string) => (r: Request | Response) => new URL(r.url()).pathname === path;

test('the warning counts down before the idle timeout; "Stay signed in" keeps the session; left alone it ends in sign-in', async ({
  page,
  loginAs,
  stack,
}, testInfo) => {
  await loginAs(page, 'admin');
  const checks: number[] = [];
  page.on('request', (r) => {
    if (isPath(apiPaths.session())(r)) checks.push(Date.now());
  });
  const list = new SecretsPage(page);
  await list.goto(stack.account, SEARCH);
  const usedAt = Date.now();

  const warning = new IdleWarningDialog(page);
  await expect(warning.root()).toBeVisible({ timeout: LEAD_MS + SLACK_MS });
  const shownAfter = Date.now() - usedAt;
  expect(shownAfter, 'about 10 s before the 20-second timeout').toBeGreaterThan(LEAD_MS - SLACK_MS);
  expect(shownAfter).toBeLessThan(IDLE_MS - SLACK_MS);
  expect(checks.length, 'the server was asked first').toBeGreaterThanOrEqual(1);
  await expect(warning.stay()).toBeFocused();
  await expect(warning.countdown()).toHaveText(/^0:[01]\d$/);
  await expect(warning.countdown()).toHaveAttribute('aria-live', 'off');
  await expect(warning.root()).toContainText('you will be signed out in');
  await checkPage(page, testInfo, 'idle-warning');

  const kept = page.waitForResponse(isPath(apiPaths.keepalive()));
  await warning.stay().click();
  expect((await kept).status()).toBe(200);
  await expect(warning.root()).toBeHidden();
  await expect(list.secretLink('payments-db-password')).toBeVisible();

  // Past the end the session had before "Stay signed in", it is alive: the BFF still answers it.
  await page.waitForTimeout(Math.max(0, usedAt + IDLE_MS + 2_000 - Date.now()));
  const later = await page.request.get(apiPaths.session(), {
    headers: { [CSRF_HEADER.name]: CSRF_HEADER.value },
  });
  expect(later.status()).toBe(200);
  const times = SessionTimesSchema.parse(await later.json());
  expect(times.idle_expires_at).toBeGreaterThan(times.server_time);

  // Left alone this time: the warning again, then the sign-in page, which leads back to the same list.
  await expect(warning.root()).toBeVisible({ timeout: IDLE_MS });
  const login = new LoginPage(page);
  await expect(login.heading()).toBeVisible({ timeout: LEAD_MS + SLACK_MS });
  await expect(page).toHaveURL(`/login?next=${encodeURIComponent(SecretsPage.path(stack.account, SEARCH))}`);
  await expect(page.getByRole('status')).toContainText('sign in to continue where you were');
  await login.signIn(stack.users.admin.name, stack.users.admin.password);
  await expect(page).toHaveURL(SecretsPage.path(stack.account, SEARCH));
  await expect(list.secretLink('payments-db-password')).toBeVisible();
});

test('another tab’s use: this tab does not warn while the server says there is time, and one "Stay signed in" closes both', async ({
  page,
  loginAs,
  stack,
}) => {
  await loginAs(page, 'support');
  const list = new SecretsPage(page);
  await list.goto(stack.account, SEARCH);
  const usedAt = Date.now();
  const here = new IdleWarningDialog(page);

  // A quarter of the timeout later the session is used in another tab: this one sees nothing of it. This
  // tab's check is awaited from before then, so a check that came before that use fails the test below.
  await page.waitForTimeout(IDLE_MS / 4);
  const checked = page.waitForResponse(isPath(apiPaths.session()), { timeout: LEAD_MS + SLACK_MS });
  const other = await page.context().newPage();
  await new SecretsPage(other).goto(stack.account, SEARCH);
  const otherUsedAt = Date.now();

  // At its own estimate (10 s before the end) this tab asks the server, which says the end moved on.
  const check = await checked;
  expect(check.status()).toBe(200);
  const times = SessionTimesSchema.parse(await check.json());
  expect(times.idle_expires_at - times.server_time).toBeGreaterThan(LEAD_MS);
  await page.waitForTimeout(3_000);
  await expect(here.root()).toHaveCount(0);
  expect(Date.now() - usedAt).toBeGreaterThan(LEAD_MS);

  // When the session really nears its end, both tabs warn.
  await expect(here.root()).toBeVisible({ timeout: LEAD_MS });
  expect(Date.now() - otherUsedAt).toBeGreaterThan(LEAD_MS - 5_000);
  const there = new IdleWarningDialog(other);
  await expect(there.root()).toBeVisible();

  // "Stay signed in" in the other tab: this tab's warning goes at its next check (every 15 s, and at the end).
  await there.stay().click();
  await expect(there.root()).toBeHidden();
  await expect(here.root()).toBeHidden({ timeout: LEAD_MS + SLACK_MS });
  await expect(page).toHaveURL(SecretsPage.path(stack.account, SEARCH));
});

test('a browser clock that jumps ahead (page.clock) does not warn while the server says there is time', async ({
  page,
  loginAs,
  stack,
}) => {
  await page.clock.install();
  await loginAs(page, 'auditor');
  await new SecretsPage(page).goto(stack.account, SEARCH);
  const check = page.waitForResponse(isPath(apiPaths.session()));
  // The browser believes 15 s went by (a laptop waking up: past the warning's time, short of the end);
  // the server knows it did not.
  await page.clock.fastForward((IDLE_MS * 3) / 4);
  expect((await check).status()).toBe(200);
  await page.waitForTimeout(1_000);
  await expect(new IdleWarningDialog(page).root()).toHaveCount(0);
  await expect(new LoginPage(page).heading()).toHaveCount(0);
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });

  test('the warning and "stay signed in" in Chinese', async ({ page, stack }, testInfo) => {
    const login = new LoginPage(page, LOGIN_NAMES['zh-CN']);
    await login.goto();
    await login.signIn(stack.users.admin.name, stack.users.admin.password);
    await page.goto(SecretsPage.path(stack.account, SEARCH));
    await expect(page.getByRole('main').getByRole('link', { name: 'payments-db-password' })).toBeVisible();

    const warning = new IdleWarningDialog(page, IDLE_NAMES['zh-CN']);
    await expect(warning.root()).toBeVisible({ timeout: LEAD_MS + SLACK_MS });
    await expect(warning.root()).toContainText('后退出登录');
    await expect(warning.countdown()).toHaveText(/^0:[01]\d$/);
    await expect(warning.stay()).toBeFocused();
    await checkPage(page, testInfo, 'idle-warning-zh');
    const kept = page.waitForResponse(isPath(apiPaths.keepalive()));
    await warning.stay().click();
    expect((await kept).status()).toBe(200);
    await expect(warning.root()).toBeHidden();
  });
});
