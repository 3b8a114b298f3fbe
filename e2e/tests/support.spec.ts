/**
 * Support may only extend versions that are expired or expire within 7 days: an expired version is
 * extended and CSMS holds the later value; an attempt to shorten is refused by the editor (saying what is
 * allowed) and by the BFF when forced, and CSMS keeps its value.
 */
import { apiPaths, ErrorBodySchema } from '@csms-console/api-contract';
import { expectStatus } from '../fixtures/bff-api.js';
import { expect, test } from '../fixtures/index.js';
import { DAY, dayIn, formatUtc, wholeSecondsFromNow } from '../fixtures/time.js';
import { SecretPage } from '../pages/secret-page.js';

const SECRET = 'payments-db-password';

test('support extends an expired version and CSMS holds the later value', async ({
  page,
  loginAs,
  csms,
  stack,
}) => {
  const before = await csms.version(SECRET, 'v3');
  expect(before.expire_time).toBeLessThan(Date.now());
  await loginAs(page, 'support');
  const secretPage = new SecretPage(page, stack.account, SECRET);
  await secretPage.goto();
  await expect(secretPage.versions.row('v3')).toContainText('Expired');

  const dialog = await secretPage.openEditor('v3');
  await dialog.zoneRadio('utc').check();
  const day = dayIn(wholeSecondsFromNow(20), 'UTC');
  const expected = Date.parse(`${day}T12:00:00Z`);
  await dialog.type(day, '12:00:00');
  await expect.poll(() => dialog.requestedExpireTime()).toBe(expected);
  await dialog.giveReason();
  await dialog.review();
  const res = await dialog.save();
  expect(res.status(), await res.text()).toBe(200);
  await expect(dialog.saved()).toContainText(formatUtc(expected));

  const after = await csms.version(SECRET, 'v3');
  expect(after.expire_time).toBe(expected);
  expect(after.expire_time!).toBeGreaterThan(before.expire_time!);
});

test('support cannot shorten an expiry: the editor says what is allowed, the BFF refuses', async ({
  page,
  loginAs,
  csms,
  api,
  stack,
}) => {
  // v4 expires in about 3 days: inside support's window, so the editor opens.
  const before = await csms.version(SECRET, 'v4');
  const current = before.expire_time!;
  const earlier = current - DAY;
  expect(earlier).toBeGreaterThan(Date.now());

  await loginAs(page, 'support');
  const secretPage = new SecretPage(page, stack.account, SECRET);
  await secretPage.goto();
  // v5 expires in ~60 days: outside support's window, disabled with the reason as text.
  await expect(secretPage.versions.changeExpiry('v5')).toBeDisabled();
  await expect(secretPage.versions.row('v5')).toContainText(
    'your role can only change versions that are expired or expire within 7 days',
  );

  const dialog = await secretPage.openEditor('v4');
  await dialog.zoneRadio('utc').check();
  const [day, time] = formatUtc(earlier).split(' ') as [string, string];
  await dialog.type(day, time);
  await dialog.reviewButton().click();
  await expect(dialog.problems()).toContainText(
    `Pick a time after the current expiry, ${formatUtc(current)}: your role can only move an expiry later.`,
  );
  await expect(dialog.date()).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.reviewHeading()).toBeHidden();
  await expect(dialog.saveButton()).toHaveCount(0);

  // Forced through the BFF with support's session: 422 expiry_out_of_bounds (apps/bff/README.md, Roles).
  const support = await api.login('support');
  const res = await support.put(apiPaths.version(stack.account, SECRET, 'v4'), {
    data: { expire_time: earlier, expected_expire_time: current, reason: 'e2e: forced' },
  });
  await expectStatus(res, 422);
  const { error } = ErrorBodySchema.parse(await res.json());
  expect(error.code).toBe('expiry_out_of_bounds');
  expect(error.message).toContain('only move an expiry later');
  expect(await csms.version(SECRET, 'v4')).toEqual(before);
});
