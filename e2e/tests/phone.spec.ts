/**
 * The console on a phone (390x844, touch), in English and in Chinese: sign in, the secrets list and a secret
 * page fit the screen without sideways scroll; the versions are cards with Expires, Status and the Change
 * expiry button on screen; the header wraps with the language menu and Sign out in reach; axe is clean.
 */
import { expect, test } from '../fixtures/index.js';
import { expectNoSidewaysScroll, expectOnScreen, PHONE } from '../fixtures/layout.js';
import { expectNoSeriousA11yViolations, saveScreen } from '../fixtures/page-checks.js';
import { signInInAnyLanguage } from '../pages/sign-in.js';
import { VERSIONS_TABLE_NAMES, VersionsTable } from '../pages/versions-table.js';

const SECRET = 'payments-db-password';

const LANGUAGES = {
  en: {
    options: { locale: 'en-US' },
    lang: 'en',
    secrets: 'Secrets',
    search: 'Name contains',
    versions: VERSIONS_TABLE_NAMES.en,
    expires: 'Expires',
    status: 'Status',
    actions: 'Actions',
    language: 'Language',
    signOut: 'Sign out',
  },
  'zh-CN': {
    options: { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' },
    lang: 'zh-CN',
    secrets: '凭据',
    search: '名称包含',
    versions: VERSIONS_TABLE_NAMES['zh-CN'],
    expires: '过期时间',
    status: '状态',
    actions: '操作',
    language: '语言',
    signOut: '退出登录',
  },
} as const;

for (const [name, ui] of Object.entries(LANGUAGES)) {
  test.describe(`on a phone, in ${name}`, () => {
    test.use({ ...PHONE, ...ui.options });

    test('the secrets list and a secret page fit the screen, versions as cards', async ({
      page,
      stack,
    }, testInfo) => {
      test.slow(); // two pages, each scanned by axe, on a shared machine
      await signInInAnyLanguage(page, stack.users.admin);
      await expect(page).toHaveURL(/\/accounts\/[^/]+\/secrets$/);
      await expect(page.locator('html')).toHaveAttribute('lang', ui.lang);

      // The list: every card on screen, the page no wider than the phone.
      await expect(page.getByRole('heading', { level: 1, name: ui.secrets })).toBeVisible();
      const list = page.getByRole('table', { name: ui.secrets });
      const rows = list.getByRole('row').filter({ has: page.getByRole('rowheader') });
      await expect(rows.first()).toBeVisible();
      await expectNoSidewaysScroll(page, 'secrets list');
      for (let i = 0; i < 3; i++) await expectOnScreen(rows.nth(i));

      // The header wraps: every part of it reachable on the phone's width.
      const header = page.getByRole('banner');
      const languageMenu = header.getByRole('combobox', { name: ui.language });
      const signOut = header.getByRole('button', { name: ui.signOut });
      await expectOnScreen(languageMenu);
      await expectOnScreen(signOut);
      for (const link of await header.getByRole('navigation').getByRole('link').all()) {
        await expectOnScreen(link);
      }
      await saveScreen(page, testInfo, `phone-${name}-secrets-list`);
      await expectNoSeriousA11yViolations(page, testInfo, `phone-${name}-secrets-list`);

      // Find the secret by name and open it with a tap.
      const search = page.getByRole('searchbox', { name: ui.search });
      await search.fill('payments-db');
      await search.press('Enter');
      await expect(page).toHaveURL(/[?&]name=payments-db/);
      await list.getByRole('link', { name: SECRET, exact: true }).tap();
      await expect(page.getByRole('heading', { level: 1, name: SECRET, exact: true })).toBeVisible();

      // The secret page: versions as cards, each value under its label, nothing cut off at the side.
      const versions = new VersionsTable(page, ui.versions);
      await expect(versions.rows()).toHaveCount(5);
      await expectNoSidewaysScroll(page, 'secret page');
      for (const id of ['v5', 'v4', 'v3']) {
        const expires = versions.labelledCell(id, ui.expires);
        const status = versions.labelledCell(id, ui.status);
        await expectOnScreen(versions.cellLabel(id, ui.expires));
        await expectOnScreen(expires);
        await expect(expires.locator('time').first()).toBeVisible();
        await expectOnScreen(versions.cellLabel(id, ui.status));
        await expectOnScreen(status);
        await expectOnScreen(versions.cellLabel(id, ui.actions));
        await expectOnScreen(versions.changeExpiry(id));
        // A card: the values stacked in one column, not side by side in a row of a wide table.
        const [e, s] = [(await expires.boundingBox())!, (await status.boundingBox())!];
        expect(Math.abs(e.x - s.x), `${id}: Expires and Status start at the same x`).toBeLessThan(2);
        expect(s.y, `${id}: Status below Expires`).toBeGreaterThanOrEqual(e.y + e.height - 1);
      }
      await saveScreen(page, testInfo, `phone-${name}-secret-page`);
      await expectNoSeriousA11yViolations(page, testInfo, `phone-${name}-secret-page`);

      // The edit action works by touch: it opens the editor for that version.
      await versions.changeExpiry('v5').tap();
      await expect(page).toHaveURL(/[?&]edit=v5(&|$)/);
      await expect(page.getByRole('dialog')).toBeVisible({ timeout: 10_000 });
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toBeHidden();

      // Sign out is in reach and signs out.
      await expectOnScreen(signOut);
      await signOut.tap();
      await expect(page).toHaveURL(/\/login/);
    });
  });
}
