/**
 * The fleet board in Chinese (issue 13), as a zh-CN browser in Asia/Shanghai opens it: headings, column
 * headers, statuses and notify answers in words, counts with their plural form, relative times from
 * date-fns's Chinese; two rows read against what CSMS holds (writer key, never the page), with absolute
 * times in UTC+08:00 worked out here; the all-accounts board; "Extend selected" in Chinese up to its review,
 * then cancelled with nothing sent; axe on the board at desktop and phone sizes.
 */
import { expect, test } from '../fixtures/index.js';
import type { CsmsHelper } from '../fixtures/csms-helper.js';
import { checkPage, README_VIEWPORT } from '../fixtures/page-checks.js';
import { expectNoSidewaysScroll, PHONE } from '../fixtures/layout.js';
import { signInByApi } from '../fixtures/sign-in.js';
import { DAY, formatInZone } from '../fixtures/time.js';
import { FleetPage, type FleetWords } from '../pages/fleet-page.js';

const ZONE = 'Asia/Shanghai';
const OTHER = 'staging';
test.use({ locale: 'zh-CN', timezoneId: ZONE, viewport: README_VIEWPORT, extraAccounts: [OTHER] });

const CHINESE: FleetWords = {
  heading: '到期总览',
  headingAll: '到期总览（全部账号）',
  scanRunning: /正在扫描/,
  versions: /^所有凭据的版本/,
  buckets: /各到期区间的版本数/,
  filters: '筛选版本',
  account: '账号',
  stage: '版本状态',
  secretName: '凭据名称包含',
  notifyColumn: 'CSMS 通知',
  selectAll: /^选择显示的全部/,
  extendSelected: '延期所选版本',
  dialog: /^延期所选的 [\d,]+ 个版本$/,
  preview: /^预览：/,
  outcome: '各版本结果',
};
const count = (n: number) => new Intl.NumberFormat('zh-CN').format(n);

/** How many versions CSMS holds in one account (every secret, every version). */
async function versionCount(csms: CsmsHelper): Promise<number> {
  let total = 0;
  for await (const secret of csms.client.allSecrets({ limit: 50 }))
    total += (await csms.versions(secret.name)).length;
  return total;
}

/** The bucket's word on the board, from CSMS's expiry alone (the buckets' bounds are inclusive). */
function bucketWord(expire: number | null, now: number): string {
  if (expire === null) return '永不过期';
  const ahead = expire - now;
  if (ahead <= 0) return '已过期';
  if (ahead <= 7 * DAY) return '7 天内';
  if (ahead <= 30 * DAY) return '30 天内';
  return ahead <= 90 * DAY ? '90 天内' : '更晚';
}

test('the board of one account in Chinese, two rows read against CSMS, and bulk extend up to its review', async ({
  page,
  csms,
  stack,
}, testInfo) => {
  test.setTimeout(120_000);
  const total = await versionCount(csms);
  await signInByApi(page, stack, 'support');
  const fleet = new FleetPage(page, stack.account, CHINESE);
  await fleet.goto();
  await fleet.waitForCompleteScan();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByText(`账号 ${stack.account}：所有凭据的所有版本，最紧急的排在最前。`)).toBeVisible();
  const table = fleet.table();
  await expect(table).toHaveAccessibleName(`所有凭据的版本，显示 ${count(total)} 个，最严重的排在最前`);
  await expect(table.getByRole('columnheader')).toHaveText([
    '',
    '凭据',
    '版本',
    '版本状态',
    '过期时间',
    '到期区间',
    '凭据状态',
    'CSMS 通知',
    '控制台预警',
  ]);
  await expect(fleet.selectAll()).toHaveAccessibleName(`选择显示的全部 ${count(total)} 个版本`);
  await expect(page.getByText('已选择 0 个')).toBeVisible();
  await expect(fleet.bucketToggle('已过期')).toHaveAccessibleName(/^[\d,]+ 已过期$/);
  await checkPage(page, testInfo, 'fleet-zh');

  // Two rows against CSMS: expiry in UTC+08:00 and in relative words, bucket, notify (enabled or muted event).
  const headers = await table.getByRole('columnheader').allTextContents();
  const cell = (row: ReturnType<typeof table.getByRole>, header: string) =>
    row.locator(':scope > *').nth(headers.indexOf(header));
  for (const [name, notify] of [
    ['payments-db-password', '是'],
    ['sso-saml-signing-key', '否：事件已禁用'],
  ] as const) {
    const current = (await csms.versions(name)).find((v) => v.version_stages.includes('SYSCURRENT'))!;
    const expire = current.expire_time as number;
    await fleet.nameFilter().fill(name);
    const row = table
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name, exact: true }) })
      .filter({ has: page.getByRole('cell', { name: current.id, exact: true }) });
    const now = Date.now();
    expect(expire).toBeGreaterThan(now + 2 * DAY); // both are days ahead in the demo seed: "N 天内"
    await expect(cell(row, '过期时间')).toHaveText(
      `${formatInZone(expire, ZONE)}${Math.floor((expire - now) / DAY)} 天内`,
    );
    await expect(cell(row, '到期区间')).toHaveText(bucketWord(expire, now));
    await expect(cell(row, '凭据状态')).toHaveText('已启用');
    await expect(cell(row, 'CSMS 通知')).toHaveText(`${notify === '是' ? '✔' : '⚠'} ${notify}`);
  }
  await fleet.nameFilter().fill('');

  // Extend selected in Chinese, up to the review of what would change; cancelled, nothing is sent.
  await fleet.bucketToggle('已过期').click();
  await fleet.stageFilter().selectOption('current');
  await expect(page).toHaveURL(/bucket=expired&stage=current/);
  await fleet.selectAll().check();
  const selected = Number((await page.getByText(/^已选择 [\d,]+ 个$/).textContent())!.replace(/\D/g, ''));
  expect(selected).toBeGreaterThan(1);
  await fleet.extendButton().click();
  const dialog = fleet.dialog();
  await expect(dialog).toHaveAccessibleName(`延期所选的 ${count(selected)} 个版本`);
  await dialog.getByLabel('原因（必填，记入审计日志）').fill('e2e：中文批量延期预览');
  await dialog.getByRole('radio', { name: '+90 天' }).check();
  const targetLine = dialog.getByText(/^所选版本都将于以下时间过期：/);
  await expect(targetLine).toBeVisible();
  const targetText = await targetLine.textContent();
  const dryRun = page.waitForRequest((r) => r.url().includes('expiry-batches?dry_run=1'));
  await dialog.getByRole('button', { name: '预览修改' }).click();
  const sent = (await dryRun).postDataJSON() as {
    items: { secret: string; version: string; expire_time: number }[];
  };
  const target = sent.items[0]!.expire_time;
  const preview = fleet.preview();
  await expect(preview).toBeVisible();
  await expect(preview.getByRole('columnheader')).toHaveText(['版本', '修改前', '修改后', '结果']);
  await expect(
    dialog.getByRole('status').filter({ hasText: /^预览：[\d,]+ 个将延期，[\d,]+ 个被拒绝，/ }),
  ).toBeVisible();
  const first = sent.items[0]!;
  // The instant the dialog announced, in Shanghai time, is the one the dry run sent. (The preview's rows are
  // virtualised, refused ones first: which rows are drawn depends on the data, so no row is read here.)
  expect(targetText).toContain(formatInZone(target, ZONE));
  await expect(dialog.getByRole('button', { name: /^延期 [\d,]+ 个版本$/ })).toBeEnabled();
  await checkPage(page, testInfo, 'fleet-zh-extend-preview');
  const before = (await csms.version(first.secret, first.version)).expire_time;
  await dialog.getByRole('button', { name: '取消' }).click();
  await expect(dialog).toBeHidden();
  expect((await csms.version(first.secret, first.version)).expire_time).toBe(before);
});

test('the all-accounts board in Chinese', async ({ page, csms, stack }, testInfo) => {
  test.setTimeout(90_000);
  const total = (await versionCount(csms)) + (await versionCount(csms.account(OTHER)));
  await signInByApi(page, stack, 'auditor');
  const fleet = new FleetPage(page, null, CHINESE);
  await page.goto('/');
  // `/` opens the first account's secrets list; the header's link is used once that has happened.
  await expect(page.getByRole('heading', { level: 1, name: '凭据' })).toBeVisible();
  await page.getByRole('link', { name: '到期总览（全部账号）' }).click();
  await expect(fleet.heading()).toBeVisible();
  await fleet.waitForCompleteScan();
  await expect(fleet.table()).toHaveAccessibleName(
    `所有凭据的版本，显示 ${count(total)} 个，最严重的排在最前`,
  );
  // An auditor cannot change expiries: no selection column.
  await expect(fleet.table().getByRole('columnheader')).toHaveText([
    '账号',
    '凭据',
    '版本',
    '版本状态',
    '过期时间',
    '到期区间',
    '凭据状态',
    'CSMS 通知',
    '控制台预警',
  ]);
  await expect(fleet.accountFilter().getByRole('option')).toHaveText(['全部', stack.account, OTHER]);
  await fleet.accountFilter().selectOption(OTHER);
  await expect(page).toHaveURL(new RegExp(`account=${OTHER}`));
  await expect(fleet.table()).toHaveAccessibleName(
    `所有凭据的版本，显示 ${count(await versionCount(csms.account(OTHER)))} 个，最严重的排在最前`,
  );
  await expect(page.getByText('以表格查看数据')).toBeVisible();
  await checkPage(page, testInfo, 'fleet-all-accounts-zh');
});

test.describe('on a phone', () => {
  test.use(PHONE);

  test('the board in Chinese is cards, does not scroll sideways and passes axe', async ({
    page,
    stack,
  }, testInfo) => {
    await signInByApi(page, stack, 'support');
    const fleet = new FleetPage(page, stack.account, CHINESE);
    await fleet.goto();
    await fleet.waitForCompleteScan(fleet.cards());
    const card = fleet.cards().getByRole('listitem').first();
    await expect(fleet.cardValue(card, '过期时间')).toContainText(/UTC\+08:00/);
    await expect(fleet.cardValue(card, '到期区间')).toHaveText('已过期');
    await expect(page.getByRole('combobox', { name: '排序方式' })).toHaveValue('');
    await expectNoSidewaysScroll(page, 'fleet board');
    await checkPage(page, testInfo, 'fleet-zh-phone');
  });
});
