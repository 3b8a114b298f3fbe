/**
 * The whole admin flow by keyboard alone: sign in, find the secret, open the editor, change the date with the
 * calendar's arrow keys, type a time, review, save; Escape closes the editor and focus goes back to the row's
 * button. Only `page.keyboard` acts; locators only check where focus is.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures/index.js';
import { dayButtonLabel, dayIn, formatUtc, wholeSecondsFromNow, type Ymd } from '../fixtures/time.js';
import { LoginPage } from '../pages/login-page.js';
import { SecretPage } from '../pages/secret-page.js';
import { SecretsPage } from '../pages/secrets-page.js';

const SECRET = 'payments-db-password';

/** Presses Tab (or Shift+Tab) until `target` has focus; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, { max = 60, back = false } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  await expect(target).toBeFocused();
}

async function replaceText(page: Page, text: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

function nextDay(day: Ymd): Ymd {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

test('an admin changes an expiry by keyboard only, and Escape returns focus to the row', async ({
  page,
  csms,
  stack,
}) => {
  const before = await csms.version(SECRET, 'v5');
  const { name, password } = stack.users.admin;

  // Sign in.
  const login = new LoginPage(page);
  await page.goto('/');
  await expect(login.username()).toBeFocused();
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await expect(login.password()).toBeFocused();
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');

  // Find the secret by name and open it.
  const list = new SecretsPage(page);
  await list.expectLoaded();
  await tabTo(page, list.nameSearch());
  await page.keyboard.type('payments-db');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/[?&]name=payments-db/);
  await expect(list.table().getByRole('row')).toHaveCount(2);
  await tabTo(page, list.secretLink(SECRET));
  await page.keyboard.press('Enter');
  const secretPage = new SecretPage(page, stack.account, SECRET);
  await secretPage.expectLoaded();

  // Open the editor on v5: focus starts on Date.
  const button = secretPage.versions.changeExpiry('v5');
  await tabTo(page, button);
  await page.keyboard.press('Enter');
  const dialog = secretPage.dialog('v5');
  await dialog.expectOpen();
  await expect(dialog.date()).toBeFocused();

  // Zone: UTC, by arrow key in the radio group.
  await tabTo(page, dialog.zoneRadio('local'));
  await page.keyboard.press('ArrowRight');
  await expect(dialog.zoneRadio('utc')).toBeChecked();

  // Type a date, then move one day on in the calendar with the arrow keys and pick it with Enter.
  const typed = dayIn(wholeSecondsFromNow(150), 'UTC');
  const picked = nextDay(typed);
  await tabTo(page, dialog.date(), { back: true });
  await replaceText(page, typed);
  await expect(dialog.dayButton(typed)).toHaveAccessibleName(`${dayButtonLabel(typed)}, selected`);
  await tabTo(page, dialog.dayButton(typed));
  await page.keyboard.press('ArrowRight');
  await expect(dialog.dayButton(picked)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog.date()).toHaveValue(picked);

  // Time, then submit the form with Enter: the review step.
  await tabTo(page, dialog.time(), { back: true });
  await replaceText(page, '16:45:30');
  const expected = Date.parse(`${picked}T16:45:30Z`);
  await expect.poll(() => dialog.requestedExpireTime()).toBe(expected);
  // The reason (required by default), typed by keyboard; then Review change with Enter.
  await tabTo(page, dialog.reason());
  await page.keyboard.type('e2e: keyboard only');
  await tabTo(page, dialog.reviewButton());
  await page.keyboard.press('Enter');
  await expect(dialog.reviewHeading()).toBeFocused();

  await tabTo(page, dialog.saveButton());
  await page.keyboard.press('Enter');
  await expect(dialog.saved()).toContainText(formatUtc(expected));
  expect((await csms.version(SECRET, 'v5')).expire_time).toBe(expected);
  expect(before.expire_time).not.toBe(expected);

  // Close (focused after saving) with Enter: focus returns to the row's button.
  await expect(dialog.closeButton()).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog.root()).toBeHidden();
  await expect(button).toBeFocused();

  // Reopen, then Escape: closed, no `?edit=`, focus on the row's button again.
  await page.keyboard.press('Enter');
  await dialog.expectOpen();
  await expect(page).toHaveURL(/[?&]edit=v5/);
  await page.keyboard.press('Escape');
  await expect(dialog.root()).toBeHidden();
  await expect(page).not.toHaveURL(/[?&]edit=/);
  await expect(button).toBeFocused();
  expect((await csms.version(SECRET, 'v5')).expire_time).toBe(expected);
});
