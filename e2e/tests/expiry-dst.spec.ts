/**
 * Daylight-saving changes in New York, end to end. A wall time that happens twice (01:30 on the autumn day
 * the clocks go back) is offered as both instants with their offsets, and neither is taken for the user:
 * the first is saved and CSMS holds it, then the second is saved over it and CSMS holds that. A wall time
 * that does not exist (02:30 on the spring day the clocks jump forward) moves the fields to the time the
 * preview shows, with a note the review keeps. The transition days are found here with Intl, the instants
 * computed with Date.UTC from the offsets either side: nothing of the console's time code is used.
 */
import { expect, test } from '../fixtures/index.js';
import { DAY, HOUR, offsetAt, type Ymd } from '../fixtures/time.js';
import { SecretPage } from '../pages/secret-page.js';

const SECRET = 'payments-db-password';
const ZONE = 'America/New_York';
test.use({ timezoneId: ZONE });

interface Transition {
  day: Ymd;
  /** The zone's offset from UTC (ms) before and after the change. */
  before: number;
  after: number;
}

/**
 * The next day, from tomorrow on, on which New York's clocks go `back` or `forward` (at 02:00 local, 06:00
 * or 07:00 UTC: noon UTC the day before has the old offset, noon UTC that day the new one). Within the
 * admin's 1095 days, so the editor accepts it.
 */
function nextTransition(direction: 'back' | 'forward'): Transition {
  const today = Date.now();
  for (let i = 1; i < 400; i++) {
    const noon = new Date(today + i * DAY);
    noon.setUTCHours(12, 0, 0, 0);
    const [before, after] = [offsetAt(noon.getTime() - DAY, ZONE), offsetAt(noon.getTime(), ZONE)];
    if (direction === 'back' ? after < before : after > before) {
      return { day: noon.toISOString().slice(0, 10), before, after };
    }
  }
  throw new Error(`no ${direction} transition in ${ZONE} within 400 days`);
}

/** The instant a wall time on `day` denotes under `offset` (ms east of UTC). */
function wallAt(day: Ymd, hh: number, mm: number, offset: number): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d, hh, mm) - offset;
}

const offsetText = (offset: number) => `UTC-${String(-offset / HOUR).padStart(2, '0')}:00`;

test('a time that happens twice: both instants offered, each saved and read back from CSMS', async ({
  page,
  loginAs,
  csms,
  stack,
}) => {
  const autumn = nextTransition('back');
  const first = wallAt(autumn.day, 1, 30, autumn.before); // 01:30 EDT
  const second = wallAt(autumn.day, 1, 30, autumn.after); // 01:30 EST, an hour later
  expect(second - first).toBe(HOUR);
  const before = await csms.version(SECRET, 'v5');

  await loginAs(page, 'admin');
  const secretPage = new SecretPage(page, stack.account, SECRET);
  let dialog = await secretPage.gotoEditor('v5');
  await dialog.type(autumn.day, '01:30');
  const choice = dialog
    .root()
    .getByRole('group', { name: /^01:30(:00)? happens twice on .* Which one do you mean\?$/ });
  const firstRadio = choice.getByRole('radio', {
    name: new RegExp(`^01:30:00 ${offsetText(autumn.before)} \\(first\\)`),
  });
  const secondRadio = choice.getByRole('radio', {
    name: new RegExp(`^01:30:00 ${offsetText(autumn.after)} \\(second\\)`),
  });
  await expect(firstRadio).not.toBeChecked();
  await expect(secondRadio).not.toBeChecked();
  await expect(dialog.requestBody()).toHaveCount(0);
  await dialog.giveReason('e2e: DST first');
  await dialog.reviewButton().click();
  await expect(dialog.root().getByText('Choose which of the two you mean.')).toBeVisible();
  await expect(firstRadio).toBeFocused();

  await firstRadio.check();
  await expect.poll(() => dialog.requestedExpireTime()).toBe(first);
  await dialog.review();
  await expect(dialog.root()).toContainText(
    `you chose the first: ${autumn.day} 01:30:00 ${offsetText(autumn.before)}`,
  );
  let res = await dialog.save();
  expect(res.status(), await res.text()).toBe(200);
  expect(res.request().postDataJSON()).toMatchObject({
    expire_time: first,
    expected_expire_time: before.expire_time,
  });
  await expect(dialog.saved()).toBeVisible();
  expect((await csms.version(SECRET, 'v5')).expire_time).toBe(first);
  await dialog.closeButton().click();

  // Opened again, the editor starts from what CSMS holds: that 01:30, the first one, shown as picked.
  dialog = await secretPage.openEditor('v5');
  await expect(dialog.time()).toHaveValue('01:30:00');
  await expect(firstRadio).toBeChecked();
  await secondRadio.check();
  await expect.poll(() => dialog.requestedExpireTime()).toBe(second);
  await dialog.giveReason('e2e: DST second');
  await dialog.review();
  await expect(dialog.root()).toContainText(
    `you chose the second: ${autumn.day} 01:30:00 ${offsetText(autumn.after)}`,
  );
  res = await dialog.save();
  expect(res.status(), await res.text()).toBe(200);
  expect(res.request().postDataJSON()).toMatchObject({ expire_time: second, expected_expire_time: first });
  expect((await csms.version(SECRET, 'v5')).expire_time).toBe(second);
});

test('a time that does not exist: the fields follow the preview, and the review keeps the note', async ({
  page,
  loginAs,
  csms,
  stack,
}) => {
  const spring = nextTransition('forward');
  // 02:30 is skipped: read an hour on, as 03:30 under the new offset (the same instant as 02:30 under the old).
  const moved = wallAt(spring.day, 3, 30, spring.after);
  expect(moved).toBe(wallAt(spring.day, 2, 30, spring.before));

  await loginAs(page, 'admin');
  const secretPage = new SecretPage(page, stack.account, SECRET);
  const dialog = await secretPage.gotoEditor('v5');
  await dialog.type(spring.day, '02:30');
  await expect.poll(() => dialog.requestedExpireTime()).toBe(moved);
  await dialog.time().press('Tab');
  await expect(dialog.date()).toHaveValue(spring.day);
  await expect(dialog.time()).toHaveValue('03:30:00');
  const note =
    `02:30 does not exist on ${spring.day} in ${ZONE} (the clocks jump forward): ` +
    `the time became ${spring.day} 03:30:00 ${offsetText(spring.after)}.`;
  await expect(dialog.root().getByText(note)).toBeVisible();
  await expect(dialog.preview()).toContainText(`${spring.day} 03:30:00 ${offsetText(spring.after)}`);

  await dialog.giveReason('e2e: DST gap');
  await dialog.review();
  await expect(dialog.root().getByText(note)).toBeVisible();
  const res = await dialog.save();
  expect(res.status(), await res.text()).toBe(200);
  expect((await csms.version(SECRET, 'v5')).expire_time).toBe(moved);
});
