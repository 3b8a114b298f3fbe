/**
 * The fleet board on a phone (issue 13 item 5, 390x844, touch): nothing on it reaches past the right edge;
 * the versions are cards, each value under its name, the expiry (absolute in the browser's zone, worked
 * out here from what CSMS holds, and relative) and the bucket in view; support taps two cards' checkboxes,
 * opens "Extend selected", which fits the screen, and previews: the review's before and after values are in
 * view too. axe on the board and on the dialog at that size.
 */
import { expect, test } from '../fixtures/index.js';
import { checkPage } from '../fixtures/page-checks.js';
import { expectNoSidewaysScroll, PHONE } from '../fixtures/layout.js';
import { DAY, formatInZone } from '../fixtures/time.js';
import { FleetPage } from '../pages/fleet-page.js';

const ZONE = 'Europe/Berlin';
// A stack of its own, whose scans last longer than the test: the board shows the one scan it starts, of this
// test's seed. On the shared stack an earlier spec may have left a scan of an older seed in the cache (the
// audit page's outside changes start scans too), and the expiries read from CSMS would be seconds off it.
test.use({ ...PHONE, timezoneId: ZONE, bffEnv: { FLEET_SCAN_MAX_AGE_S: '600' } });

test('support reads the board as cards on a phone and previews extending two of them', async ({
  page,
  loginAs,
  csms,
  stack,
}, testInfo) => {
  test.setTimeout(90_000);
  await loginAs(page, 'support');
  const fleet = new FleetPage(page, stack.account);
  await fleet.goto();
  await fleet.waitForCompleteScan(fleet.cards());
  await expect(fleet.table()).toHaveCount(0);
  await expectNoSidewaysScroll(page, 'fleet board');
  await checkPage(page, testInfo, 'fleet-phone');

  // One secret's versions as CSMS holds them: its SYSCURRENT one (60 days ahead in the demo seed, so support
  // may not extend it) and the one expiring in 3 days (support may).
  const secret = 'payments-db-password';
  const versions = await csms.versions(secret);
  const current = versions.find((v) => v.version_stages.includes('SYSCURRENT'))!;
  const soon = versions.find(
    (v) =>
      typeof v.expire_time === 'number' && v.expire_time > Date.now() && v.expire_time < Date.now() + 7 * DAY,
  )!;
  await fleet.nameFilter().fill(secret);
  await expect(fleet.cards().getByRole('listitem')).toHaveCount(versions.length);
  const card = fleet.card(secret, current.id);
  const expire = current.expire_time as number;
  const expiry = fleet.cardValue(card, 'Expiry');
  await expect(expiry).toHaveText(
    `${formatInZone(expire, ZONE)}in ${Math.floor((expire - Date.now()) / DAY)} days`,
  );
  await expect(fleet.cardValue(card, 'Bucket')).toHaveText('Within 90 days');
  await expect(fleet.cardValue(card, 'Stages')).toContainText('SYSCURRENT');
  for (const value of [expiry, fleet.cardValue(card, 'Bucket')]) {
    await value.scrollIntoViewIfNeeded();
    const box = (await value.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }

  await card.getByRole('checkbox', { name: `Select ${secret} ${current.id}` }).tap();
  await fleet
    .card(secret, soon.id)
    .getByRole('checkbox', { name: `Select ${secret} ${soon.id}` })
    .tap();
  await expect(page.getByText('2 selected')).toBeVisible();
  await fleet.extendButton().tap();
  const dialog = fleet.dialog();
  await expect(dialog).toHaveAccessibleName('Extend 2 selected versions');
  const fits = () =>
    dialog.evaluate((d) => {
      const box = d.getBoundingClientRect();
      return { left: box.left, right: box.right, scroll: d.scrollWidth - d.clientWidth, edge: innerWidth };
    });
  const opened = await fits();
  expect(opened.left).toBeGreaterThanOrEqual(0);
  expect(opened.right).toBeLessThanOrEqual(opened.edge);
  expect(opened.scroll).toBeLessThanOrEqual(0);

  await dialog.getByLabel(/Reason/).fill('e2e: phone');
  await dialog.getByRole('radio', { name: '+90 days' }).check();
  const dryRun = page.waitForRequest((r) => r.url().includes('expiry-batches?dry_run=1'));
  await dialog.getByRole('button', { name: 'Preview changes' }).tap();
  const target = ((await dryRun).postDataJSON() as { items: { expire_time: number }[] }).items[0]!
    .expire_time;
  const preview = fleet.preview();
  await expect(preview).toHaveAccessibleName('Preview: 1 of 2 will be extended');
  await expect(dialog.getByRole('table')).toHaveCount(0);
  // The review: the version support may extend, before and after, in view; the other refused, in words.
  const item = (version: string) =>
    preview
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: `${secret} ${version}` }) });
  const before = fleet.cardValue(item(soon.id), 'Before');
  const after = fleet.cardValue(item(soon.id), 'After');
  await expect(before).toHaveText(formatInZone(soon.expire_time as number, ZONE));
  await expect(after).toHaveText(formatInZone(target, ZONE));
  await expect(fleet.cardValue(item(soon.id), 'Outcome')).toHaveText('Will be extended');
  await expect(fleet.cardValue(item(current.id), 'Outcome')).toContainText('Refused');
  for (const value of [before, after]) {
    await value.scrollIntoViewIfNeeded();
    const box = (await value.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }
  const reviewed = await fits();
  expect(reviewed.right).toBeLessThanOrEqual(reviewed.edge);
  expect(reviewed.scroll).toBeLessThanOrEqual(0);
  await checkPage(page, testInfo, 'fleet-phone-extend-preview');
  await dialog.getByRole('button', { name: 'Cancel' }).tap();
  await expect(dialog).toBeHidden();
});
