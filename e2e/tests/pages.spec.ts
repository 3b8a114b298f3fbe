/**
 * Every page of the console, as each role sees it: axe (WCAG 2.1 A/AA) finds nothing serious or critical,
 * and a screenshot of each is kept (test attachment + test-results/screens/). With E2E_README_SCREENSHOTS=1
 * the secret page and the expiry editor are also written to docs/screenshots/ at 1280x800.
 */
import { expect, test } from '../fixtures/index.js';
import { checkPage, README_VIEWPORT, saveReadmeScreenshot } from '../fixtures/page-checks.js';
import { addMonthsDay15, dayIn, HOUR } from '../fixtures/time.js';
import { LoginPage } from '../pages/login-page.js';
import { SecretPage } from '../pages/secret-page.js';
import { SecretsPage } from '../pages/secrets-page.js';

const SECRET = 'payments-db-password';

test('the sign-in page', async ({ page }, testInfo) => {
  const login = new LoginPage(page);
  await login.goto();
  await expect(login.heading()).toBeVisible();
  await checkPage(page, testInfo, 'login');
});

test('an admin: secrets list, secret page, expiry editor, confirm step, not-found pages', async ({
  page,
  loginAs,
  csms,
  stack,
}, testInfo) => {
  test.slow(); // seven pages, each with an axe scan, on a shared 2-core machine
  await loginAs(page, 'admin');
  const list = new SecretsPage(page);
  await list.goto(stack.account);
  await checkPage(page, testInfo, 'secrets-list');

  await list.search('payments-db');
  await list.openSecret(SECRET);
  const secretPage = new SecretPage(page, stack.account, SECRET);
  await secretPage.expectLoaded();
  await checkPage(page, testInfo, 'secret-page-admin');

  const dialog = await secretPage.openEditor('v5');
  await checkPage(page, testInfo, 'expiry-editor-open');
  const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  await dialog.pickDay(addMonthsDay15(dayIn(Date.now(), zone), 2));
  await dialog.setTime('10:00:00');
  await checkPage(page, testInfo, 'expiry-editor');

  // The confirm step, with the typed confirmation: v5 (SYSCURRENT) pulled to under 7 days from now.
  const soon = Date.now() + 48 * HOUR;
  await dialog.zoneRadio('utc').check();
  const [day, time] = new Date(soon).toISOString().slice(0, 19).split('T') as [string, string];
  await dialog.type(day, time);
  await dialog.giveReason();
  await dialog.review();
  const confirm = dialog.typedConfirmation(SECRET);
  await expect(confirm).toBeVisible();
  await expect(dialog.saveButton()).toBeDisabled();
  await checkPage(page, testInfo, 'expiry-confirm');
  await confirm.fill(SECRET);
  await expect(dialog.saveButton()).toBeEnabled();
  await page.keyboard.press('Escape');
  await expect(dialog.root()).toBeHidden();

  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await checkPage(page, testInfo, 'not-found');

  await page.goto(`/accounts/${stack.account}/secrets/no-such-secret`);
  await expect(page.getByRole('alert')).toContainText('No secret named');
  await checkPage(page, testInfo, 'secret-not-found');

  // Nothing was saved on the way.
  expect((await csms.version(SECRET, 'v5')).expire_time).toBeGreaterThan(Date.now() + 7 * 24 * HOUR);
});

test('an auditor: the secret page, read-only', async ({ page, loginAs, stack }, testInfo) => {
  await loginAs(page, 'auditor');
  const secretPage = new SecretPage(page, stack.account, SECRET);
  await secretPage.goto();
  await expect(secretPage.versions.anyChangeExpiry()).toHaveCount(0);
  await checkPage(page, testInfo, 'secret-page-auditor');
});

test.describe('README', () => {
  // A zone away from UTC, so the pictures show both the local time and UTC.
  test.use({ viewport: README_VIEWPORT, timezoneId: 'Europe/Berlin' });

  // Always taken (test artifacts); E2E_README_SCREENSHOTS=1 also refreshes docs/screenshots/.
  test('README screenshots: the secret page and the expiry editor', async ({
    page,
    loginAs,
    stack,
  }, testInfo) => {
    await loginAs(page, 'admin');
    const secretPage = new SecretPage(page, stack.account, SECRET);
    await secretPage.goto();
    await saveReadmeScreenshot(page, testInfo, 'secret-page', { fullPage: true });

    const dialog = await secretPage.openEditor('v5');
    const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    await dialog.pickDay(addMonthsDay15(dayIn(Date.now(), zone), 2));
    await dialog.setTime('10:00:00');
    await expect(dialog.requestBody()).toBeVisible();
    await saveReadmeScreenshot(page, testInfo, 'expiry-editor');
  });
});
