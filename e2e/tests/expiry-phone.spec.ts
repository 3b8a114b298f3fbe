/**
 * The expiry editor on a phone (390x844, touch): the edit step and the review step fit the screen, with no
 * sideways scroll of the page or the dialog, the before/after values the review exists to show are entirely
 * visible (wrapped, not cut off), and axe finds nothing serious at that size. A long zone name makes the
 * labelled instants as wide as they get. The page check is soft: the secret page behind the dialog (its
 * versions table) has a phone layout of its own, and a failure there should not hide the editor's checks.
 */
import { expect, test } from '../fixtures/index.js';
import { expectFitsWidth, expectFullyVisible, expectNoSidewaysScroll } from '../fixtures/layout.js';
import { checkPage } from '../fixtures/page-checks.js';
import { dayIn, wholeSecondsFromNow, zonedToEpoch } from '../fixtures/time.js';
import { SecretPage } from '../pages/secret-page.js';

const SECRET = 'payments-db-password';
const ZONE = 'America/Argentina/Buenos_Aires';
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, timezoneId: ZONE });

test('the editor and its review fit a phone screen', async ({ page, loginAs, csms, stack }, testInfo) => {
  await loginAs(page, 'admin');
  const secretPage = new SecretPage(page, stack.account, SECRET);
  // Opened by its address: the versions table's phone layout is not this spec's subject.
  await secretPage.goto('?edit=v5');
  const dialog = secretPage.dialog('v5');
  await dialog.expectOpen();
  await expectNoSidewaysScroll(page, 'secret page with the editor');
  await expectFitsWidth(dialog.root());
  await checkPage(page, testInfo, 'expiry-phone-edit');

  const day = dayIn(wholeSecondsFromNow(45), ZONE);
  const expected = zonedToEpoch(day, '16:45:00', ZONE);
  await dialog.type(day, '16:45:00');
  await dialog.giveReason('e2e: phone renewal');
  await expect.poll(() => dialog.requestedExpireTime()).toBe(expected);
  await expectNoSidewaysScroll(page, 'secret page with the editor');
  await expectFitsWidth(dialog.root());

  await dialog.review();
  await expectNoSidewaysScroll(page, 'secret page with the editor');
  await expectFitsWidth(dialog.root());
  await expectFullyVisible(dialog.root().locator('.before-after span:not(.visually-hidden)'));
  await expectFullyVisible(dialog.root().locator('dd time'));
  await checkPage(page, testInfo, 'expiry-phone-review');

  const res = await dialog.save();
  expect(res.status(), await res.text()).toBe(200);
  await expect(dialog.saved()).toBeVisible();
  await expectFitsWidth(dialog.root());
  expect((await csms.version(SECRET, 'v5')).expire_time).toBe(expected);
});
