/**
 * The audit page in Chinese (issue 13), a zh-CN browser in Asia/Shanghai against the real BFF: an expiry
 * change made through the BFF shows with Chinese action, outcome and role words and a Chinese relative time;
 * the outcome and time-range filters, picked by their Chinese labels, narrow the log (a custom range read as
 * Shanghai wall time, checked against the instant computed here); the hash chain's state is in Chinese; axe
 * is clean at desktop size and on a 390x844 phone, where nothing of the audit page reaches past the right
 * edge, the filters stack and each event is a card.
 */
import { apiPaths } from '@csms-console/api-contract';
import { expectStatus } from '../fixtures/bff-api.js';
import { expect, test, type TestFixtures, type WorkerFixtures } from '../fixtures/index.js';
import { expectNoSidewaysScroll } from '../fixtures/layout.js';
import { checkPage, README_VIEWPORT } from '../fixtures/page-checks.js';
import { signInByApi } from '../fixtures/sign-in.js';
import { pickVersions } from '../fixtures/pick-versions.js';
import { DAY, HOUR, MINUTE, wholeSecondsFromNow } from '../fixtures/time.js';
import { AUDIT_NAMES_ZH, AuditPage } from '../pages/audit-page.js';

test.use({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });

const PHONE = { width: 390, height: 844 };

/** `2026-12-06 20:15` on a Shanghai wall clock (UTC+8 all year, no DST), written without the SPA's code. */
function shanghaiWall(ms: number): string {
  return new Date(ms + 8 * HOUR).toISOString().slice(0, 16).replace('T', ' ');
}

/** An admin's expiry change with a reason, as audit.spec.ts makes one; returns where and when it was made. */
async function makeChange({
  api,
  csms,
  stack,
}: Pick<TestFixtures & WorkerFixtures, 'api' | 'csms' | 'stack'>) {
  const admin = await api.login('admin');
  const [version] = await pickVersions(csms, 1, (t) => t > Date.now() + 10 * DAY);
  expect(version).toBeDefined();
  const reason = `e2e: 中文审计 ${Date.now()}`;
  const startedAt = Date.now();
  const res = await admin.put(apiPaths.version(stack.account, version!.secret, version!.version), {
    data: { expire_time: wholeSecondsFromNow(400), expected_expire_time: version!.expire_time, reason },
  });
  await expectStatus(res, 200);
  return { secret: version!.secret, version: version!.version, reason, startedAt, doneAt: Date.now() };
}

test('after a change, the audit page in Chinese shows it, filters it by outcome and time range, and checks the chain', async ({
  page,
  api,
  csms,
  stack,
}, testInfo) => {
  test.setTimeout(60_000);
  await page.setViewportSize(README_VIEWPORT);
  const change = await makeChange({ api, csms, stack });
  await signInByApi(page, stack, 'auditor');
  const audit = new AuditPage(page, AUDIT_NAMES_ZH);
  // From just before the change: the log outlives the CSMS reset between tests, and another spec on this
  // worker's stack may have changed the same version earlier.
  const since = Math.floor(change.startedAt / 1000) * 1000 - 1000;
  await audit.goto(
    `?account=${stack.account}&secret=${encodeURIComponent(change.secret)}&version=${change.version}&from=${since}`,
  );
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(audit.chain()).toContainText(/完整：已校验 \d+ 行/);
  await expect(audit.chain().getByRole('button', { name: '立即校验' })).toBeVisible();

  await expect(audit.rows()).toHaveCount(1);
  const [row] = await audit.rowTexts();
  expect(row!['操作']).toBe('修改过期时间');
  expect(row!['结果']).toContain('已生效');
  expect(row!['操作人']).toBe('admin 安全管理员');
  expect(row!['原因']).toBe(change.reason);
  expect(row!['凭据 / 版本']).toContain(`${change.secret} / ${change.version}`);
  expect(row!['过期时间：修改前 → 修改后']).toContain('修改前：');
  // Relative time from date-fns' Chinese words: "刚刚" under a minute, then "N 分钟前".
  expect(row!['时间']).toMatch(/UTC\+08:00(刚刚|\d+ 分钟前)$/);
  await expect(audit.count()).toHaveText('显示 1 条事件，最新的在前。');

  // Outcome by its Chinese label: "失败" leaves nothing, "已生效" brings the change back.
  await audit.field('结果').selectOption({ label: '失败' });
  await audit.apply().click();
  await expect(page).toHaveURL(/[?&]outcome=failed(&|$)/);
  await expect(audit.count()).toHaveText('没有符合这些筛选条件的事件。');
  await audit.field('结果').selectOption({ label: '已生效' });
  await audit.field('时间范围').selectOption({ label: '最近 24 小时' });
  await audit.apply().click();
  await expect(page).toHaveURL(/[?&]outcome=applied&range=24h(&|$)/);
  await expect(audit.rows().filter({ hasText: change.reason })).toHaveCount(1);

  // A custom range typed as Shanghai wall time: the URL carries the instant computed here.
  await audit.field('时间范围').selectOption({ label: '自定义…' });
  await expect(audit.field('开始时间')).toHaveAccessibleDescription(/Asia\/Shanghai/);
  const from = change.startedAt - 5 * MINUTE;
  const to = change.doneAt + 5 * MINUTE;
  await audit.field('开始时间').fill(shanghaiWall(to));
  await audit.field('结束时间').fill(shanghaiWall(from));
  await audit.apply().click();
  await expect(audit.field('结束时间')).toHaveAccessibleDescription(/必须晚于开始时间。/);
  await expect(audit.filters().getByRole('alert')).toHaveText(/^1 个筛选条件无效/);
  await audit.field('开始时间').fill(shanghaiWall(from));
  await audit.field('结束时间').fill(shanghaiWall(to));
  await audit.apply().click();
  const minute = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;
  await expect(page).toHaveURL(new RegExp(`[?&]from=${minute(from)}&to=${minute(to)}(&|$)`));
  await expect(audit.rows().filter({ hasText: change.reason })).toHaveCount(1);
  await checkPage(page, testInfo, 'audit-zh-desktop');
});

test('on a 390x844 phone in Chinese the audit page does not scroll sideways; filters stack; axe clean', async ({
  page,
  api,
  csms,
  stack,
}, testInfo) => {
  test.setTimeout(60_000);
  await page.setViewportSize(PHONE);
  const change = await makeChange({ api, csms, stack });
  await signInByApi(page, stack, 'auditor');
  const audit = new AuditPage(page, AUDIT_NAMES_ZH);
  await audit.goto(`?secret=${encodeURIComponent(change.secret)}&version=${change.version}`);
  await expect(audit.chain()).toContainText(/完整：已校验 \d+ 行/);
  // The log outlives the CSMS reset between tests: this version may have earlier changes; newest first.
  await expect(audit.rows().first()).toContainText(change.reason);
  await expect(audit.rows().first()).toContainText('修改过期时间');
  await expect(audit.rows().first()).toContainText('已生效');

  // Nothing of the audit page reaches past the screen's right edge, so the page has nothing to scroll to.
  await expectNoSidewaysScroll(page, 'audit page');

  // The filters stack in one column, each inside the screen.
  const account = (await audit.field('账号').boundingBox())!;
  const secret = (await audit.field('凭据').boundingBox())!;
  expect(secret.y).toBeGreaterThan(account.y + account.height - 1);
  for (const box of [account, secret]) expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  // The event is a card inside the screen, each value under its column's name.
  const card = (await audit.rows().first().boundingBox())!;
  expect(card.x + card.width).toBeLessThanOrEqual(PHONE.width);
  const label = await audit
    .rows()
    .first()
    .locator('td')
    .first()
    .evaluate((cell) => getComputedStyle(cell, '::before').content);
  expect(label).toBe('"操作人"');
  await checkPage(page, testInfo, 'audit-zh-phone');

  // With a custom range open and a refused filter, it still fits.
  await audit.field('时间范围').selectOption({ label: '自定义…' });
  await audit.field('开始时间').fill('2026-13-01 00:00');
  await audit.apply().click();
  await expect(audit.field('开始时间')).toHaveAccessibleDescription(/不是有效的日期和时间/);
  await expectNoSidewaysScroll(page, 'audit page, custom range open');
  await checkPage(page, testInfo, 'audit-zh-phone-filters');
});
