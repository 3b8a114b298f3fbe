/**
 * An editor's draft survives a session that really expires (a 20-second idle timeout, waited out): the
 * admin types a date, a time in UTC and a reason, reviews, steps away, presses Save, is sent to sign in, and
 * lands back in the editor with the change as it was; saving it works and clears it. Cancel clears it too.
 * The draft lives in this tab's sessionStorage, keyed by user, account, secret and version.
 */
import { expect, test } from '../fixtures/index.js';
import { formatUtc, wholeSecondsFromNow } from '../fixtures/time.js';
import { LoginPage } from '../pages/login-page.js';
import { SecretPage } from '../pages/secret-page.js';

const SECRET = 'payments-db-password';
// A test-mode BFF (SESSION_IDLE_SECONDS is refused outside NODE_ENV=test); a stack of its own for this file.
const IDLE_S = 20;
test.use({ bffEnv: { NODE_ENV: 'test', SESSION_IDLE_SECONDS: String(IDLE_S) } });
const IDLE_MS = IDLE_S * 1000;

test('a draft kept across an expired session: back in the editor after signing in, saved, then gone', async ({
  page,
  loginAs,
  csms,
  stack,
}) => {
  test.setTimeout(IDLE_MS + 90_000);
  const before = await csms.version(SECRET, 'v5');
  const target = wholeSecondsFromNow(120);
  const [day, time] = formatUtc(target).split(' ') as [string, string];
  const reason = 'e2e: draft across sign-in';

  await loginAs(page, 'admin');
  const secretPage = new SecretPage(page, stack.account, SECRET);
  let dialog = await secretPage.gotoEditor('v5', 'utc');
  await dialog.type(day, time);
  await dialog.giveReason(reason);
  await dialog.review();

  // Away for longer than the idle timeout: no request in between, so the BFF lets the session lapse. The
  // idle warning comes first; ignored, the console asks the BFF at the deadline and goes to sign in itself.
  await expect(page.getByRole('alertdialog')).toBeVisible({ timeout: IDLE_MS });
  const login = new LoginPage(page);
  await expect(login.heading()).toBeVisible({ timeout: IDLE_MS });
  await expect(page).toHaveURL(`/login?next=${encodeURIComponent(secretPage.path('?edit=v5'))}`);
  expect(await csms.version(SECRET, 'v5')).toEqual(before);

  await login.signIn(stack.users.admin.name, stack.users.admin.password);
  await expect(page).toHaveURL(secretPage.path('?edit=v5'));
  dialog = secretPage.dialog('v5');
  // Back on the review it was left on, saying the change came back.
  await expect(dialog.reviewHeading()).toBeVisible();
  await expect(dialog.root()).toContainText('Your unsaved change is back.');
  await expect(dialog.root()).toContainText(reason);
  await expect.poll(() => dialog.requestedExpireTime()).toBe(target);
  // Every field as it was typed: date, time, the UTC zone, the reason.
  await dialog.root().getByRole('button', { name: 'Back to edit' }).click();
  await expect(dialog.date()).toHaveValue(day);
  await expect(dialog.time()).toHaveValue(time);
  await expect(dialog.zoneRadio('utc')).toBeChecked();
  await expect(dialog.reason()).toHaveValue(reason);

  await dialog.review();
  const res = await dialog.save();
  expect(res.status(), await res.text()).toBe(200);
  expect(res.request().postDataJSON()).toMatchObject({
    expire_time: target,
    expected_expire_time: before.expire_time,
    reason,
  });
  await expect(dialog.saved()).toContainText(formatUtc(target));
  expect((await csms.version(SECRET, 'v5')).expire_time).toBe(target);
  await dialog.closeButton().click();

  // Saved means done: the editor opens on what CSMS holds now, with nothing restored.
  dialog = await secretPage.openEditor('v5');
  await expect(dialog.root()).not.toContainText('unsaved change');
  await expect(dialog.reason()).toHaveValue('');
  expect(
    await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.includes('expiry-draft'))),
  ).toEqual([]);
});

test('a draft survives a reload; Cancel clears it', async ({ page, loginAs, stack }) => {
  await loginAs(page, 'admin');
  const secretPage = new SecretPage(page, stack.account, SECRET);
  let dialog = await secretPage.gotoEditor('v4', 'utc');
  const [day, time] = formatUtc(wholeSecondsFromNow(10)).split(' ') as [string, string];
  await dialog.type(day, time);
  await dialog.giveReason('e2e: to be cancelled');

  await page.reload();
  dialog = secretPage.dialog('v4');
  await dialog.expectOpen();
  await expect(dialog.root()).toContainText('Your unsaved change is back.');
  await expect(dialog.date()).toHaveValue(day);
  await expect(dialog.reason()).toHaveValue('e2e: to be cancelled');

  await dialog.cancelButton().click();
  await expect(dialog.root()).toBeHidden();
  await page.reload();
  dialog = await secretPage.openEditor('v4');
  await expect(dialog.root()).not.toContainText('unsaved change');
  await expect(dialog.reason()).toHaveValue('');
});
