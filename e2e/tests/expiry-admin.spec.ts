/**
 * A security admin changes an expiry through the editor, and CSMS (read back directly, not from the page)
 * holds exactly the instant the editor previewed; when another writer changes the version in between, the
 * save shows the conflict with the value that writer stored, and retrying from it succeeds. Pulling the
 * live version's expiry under 7 days needs the secret's name: the BFF refuses a PUT without it, the editor
 * sends what the admin typed, and asks for it when the BFF does although the page did not.
 */
import { apiPaths, ErrorBodySchema } from '@csms-console/api-contract';
import { expectStatus } from '../fixtures/bff-api.js';
import { expect, test } from '../fixtures/index.js';
import {
  addMonthsDay15,
  dayIn,
  formatUtc,
  offsetAt,
  wholeSecondsFromNow,
  zonedToEpoch,
} from '../fixtures/time.js';
import { saveScreen } from '../fixtures/page-checks.js';
import { SecretPage } from '../pages/secret-page.js';

const SECRET = 'payments-db-password';
// A zone with DST and a negative offset, so a UTC/local mix-up or a wrong offset sign shows.
const ZONE = 'America/New_York';
test.use({ timezoneId: ZONE });

function offsetText(ms: number): string {
  const minutes = offsetAt(ms, ZONE) / 60_000;
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `UTC${minutes < 0 ? '-' : '+'}${hh}:${mm}`;
}

test('an admin picks a day in the calendar and CSMS stores the previewed instant', async ({
  page,
  loginAs,
  csms,
  stack,
}) => {
  const before = await csms.version(SECRET, 'v5');
  await loginAs(page, 'admin');
  const secretPage = new SecretPage(page, stack.account, SECRET);
  await secretPage.goto();
  const dialog = await secretPage.openEditor('v5');
  await expect(dialog.zoneRadio('local')).toBeChecked();
  await expect(dialog.zoneRadio('local')).toHaveAccessibleName(`Local (${ZONE})`);

  // About three months ahead (v5 expires in ~60 days), on the 15th, 14:30:15 New York time.
  const day = addMonthsDay15(dayIn(Date.now(), ZONE), 3);
  const time = '14:30:15';
  const expected = zonedToEpoch(day, time, ZONE);
  expect(expected).not.toBe(before.expire_time);

  await dialog.pickDay(day);
  await dialog.setTime(time);

  // The preview: the request body carries exactly that instant; both zones are written out.
  await expect.poll(() => dialog.requestedExpireTime()).toBe(expected);
  await expect(dialog.preview()).toContainText(`${day} ${time} ${offsetText(expected)}`);
  await expect(dialog.preview()).toContainText(formatUtc(expected));

  // A reason is required (REQUIRE_REASON, on by default): without one the editor asks for it at the field.
  await expect(dialog.reason()).toHaveAccessibleName('Reason (required)');
  await expect(dialog.reason()).toHaveAttribute('aria-required', 'true');
  await dialog.reviewButton().click();
  await expect(dialog.reasonError()).toHaveText(
    'Give a reason for this change; it is kept in the audit log.',
  );
  await expect(dialog.reason()).toBeFocused();
  await expect(dialog.reviewHeading()).toBeHidden();
  await dialog.reason().fill('  e2e: quarterly renewal ');
  await expect(dialog.reasonError()).toHaveCount(0);

  await dialog.review();
  await expect.poll(() => dialog.requestedExpireTime()).toBe(expected);
  const res = await dialog.save();
  expect(res.status(), await res.text()).toBe(200);
  expect(res.request().postDataJSON()).toMatchObject({
    expire_time: expected,
    expected_expire_time: before.expire_time,
    reason: 'e2e: quarterly renewal',
  });
  await expect(dialog.saved()).toContainText(formatUtc(expected));

  // What CSMS holds now, asked directly with another key.
  const after = await csms.version(SECRET, 'v5');
  expect(after.expire_time).toBe(expected);
  expect(after.version_stages).toEqual(before.version_stages);

  await dialog.closeButton().click();
  await expect(dialog.root()).toBeHidden();
  await expect(page).not.toHaveURL(/[?&]edit=/);
  await expect(secretPage.versions.expires('v5')).toContainText(formatUtc(expected));
});

test('a change made underneath shows as a conflict with the new value; retrying from it saves', async ({
  page,
  loginAs,
  csms,
  stack,
}, testInfo) => {
  const before = await csms.version(SECRET, 'v5');
  await loginAs(page, 'admin');
  const secretPage = new SecretPage(page, stack.account, SECRET);
  const dialog = await secretPage.gotoEditor('v5', 'utc');

  const wanted = wholeSecondsFromNow(100);
  const day = dayIn(wanted, 'UTC');
  const time = '09:15:00';
  const expected = Date.parse(`${day}T${time}Z`);
  await dialog.type(day, time);
  await expect.poll(() => dialog.requestedExpireTime()).toBe(expected);
  await dialog.giveReason();
  await dialog.review();

  // Another writer changes v5 directly in CSMS while the admin is on the review step.
  const theirs = wholeSecondsFromNow(200) + 17_000;
  await csms.setExpiry(SECRET, 'v5', theirs);

  const conflict = await dialog.save();
  expect(conflict.status()).toBe(409);
  const body = ErrorBodySchema.parse(await conflict.json());
  expect(body.error).toMatchObject({
    code: 'expire_time_changed',
    details: { current_expire_time: theirs },
  });
  await expect(dialog.conflict()).toBeVisible();
  await expect(dialog.conflict()).toContainText(formatUtc(theirs));
  await saveScreen(page, testInfo, 'expiry-conflict');
  expect((await csms.version(SECRET, 'v5')).expire_time).toBe(theirs);

  await dialog.retryFromNewValue().click();
  await expect(dialog.root()).toContainText('Starting again from the current value');
  await expect(dialog.date()).toHaveValue(day);
  await expect(dialog.time()).toHaveValue(time);
  await dialog.review();
  const saved = await dialog.save();
  expect(saved.status(), await saved.text()).toBe(200);
  expect(saved.request().postDataJSON()).toMatchObject({
    expire_time: expected,
    expected_expire_time: theirs,
  });
  await expect(dialog.saved()).toContainText(formatUtc(expected));
  expect((await csms.version(SECRET, 'v5')).expire_time).toBe(expected);
  expect(before.expire_time).not.toBe(expected);
});

test("pulling SYSCURRENT under 7 days: the BFF refuses it without the secret's name, the editor sends it", async ({
  page,
  loginAs,
  csms,
  api,
  stack,
}) => {
  const before = await csms.version(SECRET, 'v5');
  expect(before.version_stages).toContain('SYSCURRENT');
  const target = wholeSecondsFromNow(2);

  // Forced through the BFF with the admin's session but without `confirm`: refused, nothing written.
  const admin = await api.login('admin');
  const forced = await admin.put(apiPaths.version(stack.account, SECRET, 'v5'), {
    data: { expire_time: target, expected_expire_time: before.expire_time, reason: 'e2e: forced' },
  });
  await expectStatus(forced, 422);
  expect(ErrorBodySchema.parse(await forced.json()).error).toMatchObject({
    code: 'confirmation_required',
    details: { confirm: SECRET },
  });
  expect(await csms.requests('UpdateVersion')).toHaveLength(0);
  expect(await csms.version(SECRET, 'v5')).toEqual(before);

  await loginAs(page, 'admin');
  const secretPage = new SecretPage(page, stack.account, SECRET);
  const dialog = await secretPage.gotoEditor('v5', 'utc');
  const [day, time] = formatUtc(target).split(' ') as [string, string];
  await dialog.type(day, time);
  await dialog.giveReason();
  await dialog.review();
  const confirm = dialog.typedConfirmation(SECRET);
  await expect(dialog.saveButton()).toBeDisabled();
  await confirm.fill(SECRET);
  const res = await dialog.save();
  expect(res.status(), await res.text()).toBe(200);
  expect(res.request().postDataJSON()).toEqual({
    expire_time: target,
    expected_expire_time: before.expire_time,
    reason: 'e2e: CHG-1 renewal',
    confirm: SECRET,
  });
  await expect(dialog.saved()).toContainText(formatUtc(target));
  expect((await csms.version(SECRET, 'v5')).expire_time).toBe(target);
});

test('a version that became SYSCURRENT after the page loaded: the BFF asks for the name, the review step takes it', async ({
  page,
  loginAs,
  csms,
  stack,
}) => {
  // v4 carries SYSPREVIOUS and expires in about 3 days: moving it to 1 day ahead asks nothing on the page.
  const before = await csms.version(SECRET, 'v4');
  expect(before.version_stages).not.toContain('SYSCURRENT');
  const target = wholeSecondsFromNow(1);
  expect(target).toBeLessThan(before.expire_time!);

  await loginAs(page, 'admin');
  const secretPage = new SecretPage(page, stack.account, SECRET);
  await secretPage.goto();
  const dialog = await secretPage.openEditor('v4');
  await dialog.zoneRadio('utc').check();
  const [day, time] = formatUtc(target).split(' ') as [string, string];
  await dialog.type(day, time);
  await dialog.giveReason();
  await dialog.review();
  await expect(dialog.typedConfirmation(SECRET)).toHaveCount(0);
  await expect(dialog.saveButton()).toBeEnabled();

  // Meanwhile another writer makes v4 the live version.
  await csms.client.updateSecretStage(SECRET, 'SYSCURRENT', 'v4');

  const refused = await dialog.save();
  expect(refused.status()).toBe(422);
  expect(refused.request().postDataJSON()).not.toHaveProperty('confirm');
  await expect(dialog.errorRef('Error code')).toHaveText('confirmation_required');
  await expect(dialog.reviewHeading()).toBeVisible();
  const confirm = dialog.typedConfirmation(SECRET);
  await expect(confirm).toBeFocused();
  await expect(dialog.saveButton()).toBeDisabled();
  expect((await csms.version(SECRET, 'v4')).expire_time).toBe(before.expire_time);

  await confirm.fill(SECRET);
  const saved = await dialog.save();
  expect(saved.status(), await saved.text()).toBe(200);
  expect(saved.request().postDataJSON()).toMatchObject({ expire_time: target, confirm: SECRET });
  await expect(dialog.saved()).toContainText(formatUtc(target));
  const after = await csms.version(SECRET, 'v4');
  expect(after.expire_time).toBe(target);
  expect(after.version_stages).toContain('SYSCURRENT');
});
