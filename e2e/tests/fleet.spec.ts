/**
 * The fleet board (issue 11): support opens it, narrows it to the expired SYSCURRENT versions, extends them
 * all by 90 days in one batch (previewed by the BFF's dry run), sees each item's outcome, and CSMS (read
 * through the writer key, never from the page) then holds the new expiries. Each row says whether CSMS will
 * notify anyone, as the secret's event in CSMS implies. axe on the board and on the dialog (preview and
 * outcome); a screenshot for the README.
 */
import type { BatchItemInput } from '@csms-console/api-contract';
import { expect, test } from '../fixtures/index.js';
import { DAY } from '../fixtures/time.js';
import { checkPage, README_VIEWPORT, saveReadmeScreenshot } from '../fixtures/page-checks.js';
import { FleetPage } from '../pages/fleet-page.js';

// A stack of its own (any bffEnv gives one; this is the default age), so versions other specs changed on a
// shared stack are not in its first scan.
test.use({ viewport: README_VIEWPORT, timezoneId: 'Europe/Berlin', bffEnv: { FLEET_SCAN_MAX_AGE_S: '300' } });

test('support extends every expired SYSCURRENT version by 90 days from the board', async ({
  page,
  loginAs,
  csms,
  stack,
}, testInfo) => {
  test.setTimeout(120_000);
  // What CSMS holds now: every expired SYSCURRENT version of every secret (writer key, not the console).
  const now = Date.now();
  const expected = new Map<string, number>();
  for await (const secret of csms.client.allSecrets({ limit: 50 })) {
    for (const v of await csms.versions(secret.name)) {
      if (
        v.version_stages.includes('SYSCURRENT') &&
        typeof v.expire_time === 'number' &&
        v.expire_time <= now
      ) {
        expected.set(`${secret.name}/${v.id}`, v.expire_time);
      }
    }
  }
  expect(expected.size).toBeGreaterThan(0);

  await loginAs(page, 'support');
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  const fleet = new FleetPage(page, stack.account);
  await fleet.goto();
  await fleet.waitForCompleteScan();
  await checkPage(page, testInfo, 'fleet-board');
  await saveReadmeScreenshot(page, testInfo, 'fleet-board');

  // The notify column, for a secret on an enabled expiry event and one on a disabled event, worked out
  // from what CSMS holds (the secret's first subscribed event: ENABLED and SECRET_VERSION_EXPIRED).
  const answers: string[] = [];
  for (const name of ['payments-db-password', 'sso-saml-signing-key']) {
    const secret = await csms.client.showSecret(name);
    const event = await csms.client.showSecretEvent(secret.event_subscriptions[0]!);
    const want =
      event.state !== 'ENABLED'
        ? 'No: event disabled'
        : event.event_types.includes('SECRET_VERSION_EXPIRED')
          ? 'Yes'
          : 'No: event lacks expiry';
    answers.push(want);
    await fleet.nameFilter().fill(name);
    await expect
      .poll(
        async () =>
          new Set((await fleet.notifyCells()).map(([key, text]) => `${key.split('/')[0]}: ${text}`)),
      )
      .toEqual(new Set([`${name}: ${want === 'Yes' ? '✔' : '⚠'} ${want}`]));
  }
  expect(answers).toEqual(['Yes', 'No: event disabled']); // the demo seed holds one of each
  await fleet.nameFilter().fill('');

  await fleet.bucketToggle('Expired').click();
  await fleet.stageFilter().selectOption('current');
  await expect(page).toHaveURL(/bucket=expired&stage=current/);
  await expect.poll(async () => (await fleet.rowKeys()).sort()).toEqual([...expected.keys()].sort());

  await fleet.selectAll().check();
  await fleet.extendButton().click();
  const dialog = fleet.dialog();
  await dialog.getByLabel(/Reason/).fill('e2e: expired SYSCURRENT versions');
  await dialog.getByRole('radio', { name: '+90 days' }).check();
  const dryRunRequest = page.waitForRequest((r) => r.url().includes('expiry-batches?dry_run=1'));
  await dialog.getByRole('button', { name: 'Preview changes' }).click();
  const sentItems = ((await dryRunRequest).postDataJSON() as { items: BatchItemInput[] }).items;
  const target = sentItems[0]!.expire_time;
  // "+90 days" is at most now + 90 days: support's horizon.
  expect(target).toBeLessThanOrEqual(Date.now() + 90 * DAY);
  expect(target).toBeGreaterThan(now + 90 * DAY - 5 * 60_000);
  await expect(fleet.preview()).toBeVisible();
  // The counts per verdict in words, then the list; axe on the dialog as it shows them.
  await expect(
    dialog.getByRole('status').filter({ hasText: /^Preview: \d+ will be extended, / }),
  ).toBeVisible();
  await checkPage(page, testInfo, 'fleet-extend-preview');
  const applyButton = dialog.getByRole('button', { name: /^Extend \d+ versions$/ });
  const applicable = Number((await applyButton.textContent())!.match(/\d+/)![0]);
  expect(applicable).toBeGreaterThan(0);
  await applyButton.click();

  await expect(dialog.getByText(/^Batch finished/)).toBeVisible({ timeout: 60_000 });
  const outcome = fleet.outcome();
  await expect(outcome.getByRole('row')).toHaveCount(applicable + 1);
  await expect(
    dialog.getByRole('status').filter({ hasText: new RegExp(`^${applicable} extended, `) }),
  ).toBeVisible();
  await checkPage(page, testInfo, 'fleet-extend-outcome');
  const extended = await outcome
    .locator('tbody tr')
    .filter({ hasText: 'Extended' })
    .evaluateAll((trs) => trs.map((tr) => tr.querySelector('th')!.textContent.replace(' ', '/')));
  expect(extended).toHaveLength(applicable);

  // CSMS now holds the new expiry for every extended version.
  for (const key of extended) {
    const [secret, version] = key.split('/') as [string, string];
    expect(expected.has(key), key).toBe(true);
    expect((await csms.version(secret, version)).expire_time, key).toBe(target);
  }
});
