/**
 * The secrets list and a secret page in a Chinese browser in Asia/Shanghai: `<html lang>`, headings, columns,
 * states, statuses and relative times in Chinese, absolute times at UTC+08:00; the header's language menu
 * switches to English and back, and the choice outlives a reload; axe is clean in both languages.
 */
import { expect, test } from '../fixtures/index.js';
import {
  expectNoSeriousA11yViolations,
  README_VIEWPORT,
  saveReadmeScreenshot,
  saveScreen,
} from '../fixtures/page-checks.js';
import { signInInAnyLanguage } from '../pages/sign-in.js';
import { VERSIONS_TABLE_NAMES, VersionsTable } from '../pages/versions-table.js';

const SECRET = 'payments-db-password';
/** date-fns' Chinese relative time: `3 天前`, `2 天内`, `5 小时前`... */
const RELATIVE_ZH = /\d+ ?(分钟|小时|天|个月|年)(前|内)/;

test.use({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: README_VIEWPORT });

test('the secrets list and a secret page speak Chinese; the language menu switches and is remembered', async ({
  page,
  stack,
}, testInfo) => {
  test.slow(); // four axe scans on a shared machine
  const html = page.locator('html');
  await signInInAnyLanguage(page, stack.users.admin);

  // The list, in Chinese.
  await expect(html).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1, name: '凭据' })).toBeVisible();
  await expect(page.getByRole('search', { name: '筛选凭据' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: '状态', exact: true })).toContainText('已禁用（DISABLED）');
  const list = page.getByRole('table', { name: '凭据' });
  for (const column of ['名称', '状态', '类型']) {
    await expect(list.getByRole('columnheader', { name: column, exact: true })).toBeVisible();
  }
  await expect(list.getByRole('columnheader', { name: '更新时间（Asia/Shanghai）' })).toBeVisible();
  await expect(list.getByText('已启用').first()).toBeVisible();
  const firstRow = list
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader') })
    .first();
  await expect(firstRow).toContainText('UTC+08:00');
  await expect(firstRow).toContainText(RELATIVE_ZH);
  await expect(page.getByRole('navigation', { name: '凭据分页' })).toContainText(/第 1 页 · 显示 \d+ 个凭据/);
  await saveScreen(page, testInfo, 'zh-secrets-list');
  await expectNoSeriousA11yViolations(page, testInfo, 'zh-secrets-list');

  // A secret page, in Chinese.
  await page.getByRole('searchbox', { name: '名称包含' }).fill('payments-db');
  await page.getByRole('searchbox', { name: '名称包含' }).press('Enter');
  await list.getByRole('link', { name: SECRET, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: SECRET, exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: '详情' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '版本过期时会通知到人吗？' })).toBeVisible();
  const versions = new VersionsTable(page, VERSIONS_TABLE_NAMES['zh-CN']);
  await expect(versions.table().getByRole('columnheader')).toHaveText([
    '版本',
    '版本状态',
    '创建时间',
    '过期时间',
    '状态',
    '审计',
    '操作',
  ]);
  await versions.expectVersions(['v5', 'v4', 'v3', 'v2', 'v1']);
  // v4 expires in 3 days (the seed), v3 expired 2 days ago: status and relative wording in Chinese.
  await expect(versions.row('v4')).toContainText('7 天内过期');
  await expect(versions.expires('v4')).toContainText('UTC+08:00');
  await expect(versions.expires('v4')).toContainText(/\d+ 天内过期/);
  await expect(versions.row('v3')).toContainText('已过期');
  await expect(versions.expires('v3')).toContainText(/\d+ 天前已过期/);
  await expect(versions.row('v3')).toContainText('无标签');
  await expect(versions.changeExpiry('v4')).toBeVisible();
  await saveScreen(page, testInfo, 'zh-secret-page');
  // The README's Chinese picture (docs/screenshots/secret-page-zh.png with E2E_README_SCREENSHOTS=1).
  await saveReadmeScreenshot(page, testInfo, 'secret-page-zh', { fullPage: true });
  await expectNoSeriousA11yViolations(page, testInfo, 'zh-secret-page');

  // To English from the header; the page stays, its words change, and a reload keeps English.
  await page.getByRole('banner').getByRole('combobox', { name: '语言' }).selectOption('en');
  await expect(html).toHaveAttribute('lang', 'en');
  const english = new VersionsTable(page);
  await expect(english.table().getByRole('columnheader')).toHaveText([
    'Version',
    'Stages',
    'Created',
    'Expires',
    'Status',
    'Audit',
    'Actions',
  ]);
  await expect(english.row('v4')).toContainText('Expires within 7 days');
  await expect(english.expires('v3')).toContainText(/expired \d+ days ago/);
  await page.reload();
  await expect(html).toHaveAttribute('lang', 'en');
  await expect(english.changeExpiry('v4')).toBeVisible();
  await expect(
    page.getByRole('heading', { name: 'Will anyone be notified when a version expires?' }),
  ).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, 'en-secret-page');

  // Back to the list (its filter kept), still in English.
  await page.getByRole('link', { name: /Secrets in / }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Secrets' })).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Secrets' }).getByRole('link', { name: SECRET }),
  ).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, 'en-secrets-list');

  // And back to Chinese, remembered across a reload too.
  await page.getByRole('banner').getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await expect(html).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1, name: '凭据' })).toBeVisible();
  await page.reload();
  await expect(html).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('table', { name: '凭据' }).getByRole('link', { name: SECRET })).toBeVisible();
});
