/**
 * The admin flow in Simplified Chinese, in Shanghai (where most CSMS users are): sign in, open a secret and
 * its editor (Chinese labels), pick a day in the Chinese calendar (weeks start on Monday), type a time, give
 * a reason, review, save; CSMS, read back directly, holds exactly the instant computed here from the wall
 * time (Shanghai is UTC+08:00 all year, no DST). axe finds nothing serious on the editor or the review.
 * Parts of the page other features draw (sign-in form, versions table) are found by structure, not by
 * their words, so this spec does not depend on how those are translated.
 */
import { expect, test } from '../fixtures/index.js';
import { checkPage } from '../fixtures/page-checks.js';
import { addMonthsDay15, dayIn, formatUtc } from '../fixtures/time.js';
import type { Page } from '@playwright/test';

const SECRET = 'payments-db-password';
test.use({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });

/** Signs in through the form, by its fields' purpose (autocomplete) rather than their labels. */
async function signIn(page: Page, name: string, password: string): Promise<void> {
  await page.goto('/');
  await page.locator('input[autocomplete="username"]').fill(name);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  const login = page.waitForResponse((r) => new URL(r.url()).pathname === '/bff/login');
  await page.locator('form button[type="submit"]').click();
  expect((await login).status()).toBe(200);
  await expect(page.locator('input[autocomplete="current-password"]')).toBeHidden();
}

test('an admin changes an expiry in Chinese and CSMS stores the instant of the Shanghai wall time', async ({
  page,
  stack,
  csms,
}, testInfo) => {
  const before = await csms.version(SECRET, 'v5');
  await signIn(page, stack.users.admin.name, stack.users.admin.password);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.goto(`/accounts/${stack.account}/secrets/${SECRET}`);
  await expect(page.getByRole('heading', { level: 1, name: SECRET, exact: true })).toBeVisible();
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'v5', exact: true }) });
  await row.getByRole('button').click();

  const dialog = page.getByRole('dialog', { name: '修改 v5 的过期时间', exact: true });
  await expect(dialog).toBeVisible();
  const date = dialog.getByRole('textbox', { name: '日期', exact: true });
  const time = dialog.getByRole('textbox', { name: '时间', exact: true });
  await expect(date).toBeVisible();
  await expect(dialog.getByRole('radio', { name: '本地（Asia/Shanghai）' })).toBeChecked();
  await expect(dialog.getByRole('button', { name: '复核修改' })).toBeVisible();

  // The calendar: Chinese month names, weeks starting on Monday (the header row is hidden from screen
  // readers, which read each day's full name instead).
  const grid = dialog.getByRole('grid');
  const weekdays = grid.locator('thead th');
  await expect(weekdays.first()).toHaveAttribute('aria-label', '星期一');
  await expect(weekdays.first()).toHaveText('一');
  await expect(weekdays.last()).toHaveAttribute('aria-label', '星期日');
  await checkPage(page, testInfo, 'expiry-zh-edit');

  // About three months ahead, on the 15th, 09:05:30 in Shanghai.
  const day = addMonthsDay15(dayIn(Date.now(), 'Asia/Shanghai'), 3);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  for (let i = 0; i < 6 && (await grid.getAttribute('aria-label')) !== `${y}年${m}月`; i++) {
    await dialog.getByRole('button', { name: '前往下个月' }).click();
  }
  await expect(grid).toHaveAttribute('aria-label', `${y}年${m}月`);
  await grid
    .getByRole('button', { name: new RegExp(`^(今天，)?${y}年${m}月${d}日 星期[一二三四五六日]`) })
    .click();
  await expect(date).toHaveValue(day);
  await time.fill('09:05:30');
  const expected = Date.UTC(y, m - 1, d, 9 - 8, 5, 30);
  expect(expected).not.toBe(before.expire_time);

  const body = dialog.getByRole('figure', { name: 'CSMS 请求体' });
  await expect(body.getByRole('code')).toHaveText(JSON.stringify({ expire_time: expected }));
  await expect(dialog.getByRole('region', { name: '预览' })).toContainText(`${day} 09:05:30 UTC+08:00`);

  await dialog.getByRole('textbox', { name: '原因（必填）' }).fill('e2e：季度轮换');
  await dialog.getByRole('button', { name: '复核修改' }).click();
  await expect(dialog.getByRole('heading', { name: '复核对 v5 的修改' })).toBeVisible();
  await expect(dialog.getByRole('term').filter({ hasText: '修改后' })).toBeVisible();
  await expect(dialog.locator('.before-after')).toContainText(`${day} 09:05:30 UTC+08:00`);
  await checkPage(page, testInfo, 'expiry-zh-review');

  const put = page.waitForResponse((r) => r.request().method() === 'PUT');
  await dialog.getByRole('button', { name: '保存', exact: true }).click();
  expect((await put).status()).toBe(200);
  await expect(dialog.getByRole('status').filter({ hasText: '已保存' })).toContainText(formatUtc(expected));
  expect((await csms.version(SECRET, 'v5')).expire_time).toBe(expected);
  await dialog.getByRole('button', { name: '关闭', exact: true }).click();
  await expect(dialog).toBeHidden();
});
