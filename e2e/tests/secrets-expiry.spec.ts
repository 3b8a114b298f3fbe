/**
 * The secrets list's expiry columns (issue 11 item 4) in Chromium: once the BFF has a fleet scan, each secret
 * shows its nearest expiry and most urgent bucket, matching what CSMS holds; the line says when the scan
 * ran; axe finds nothing serious on the list with the columns. The list shows the scan's values, which a
 * change made after the scan leaves behind until the next one, so this file gets a stack of its own (another
 * spec in a shared worker reseeds the emulator or extends versions after the scan) and a secret no spec changes.
 */
import { apiPaths } from '@csms-console/api-contract';
import { expect, test } from '../fixtures/index.js';
import { checkPage } from '../fixtures/page-checks.js';
import { SecretsPage } from '../pages/secrets-page.js';

const SECRET = 'sso-saml-signing-key';

// Its own worker stack: nothing else changes CSMS between this file's scan and its comparison.
test.use({ bffEnv: { FLEET_SCAN_MAX_AGE_S: '300' } });
const DAY = 86_400_000;

/** The buckets, written out here, most urgent first. */
function bucketLabel(expireTimes: (number | null)[], now: number): string {
  const labels: [string, (t: number | null) => boolean][] = [
    ['Expired', (t) => t !== null && t <= now],
    ['Within 7 days', (t) => t !== null && t <= now + 7 * DAY],
    ['Within 30 days', (t) => t !== null && t <= now + 30 * DAY],
    ['Within 90 days', (t) => t !== null && t <= now + 90 * DAY],
    ['Later', (t) => t !== null],
  ];
  return labels.find(([, has]) => expireTimes.some(has))?.[0] ?? 'No expiry';
}

test('the secrets list shows expiries from the fleet scan', async ({
  page,
  loginAs,
  api,
  csms,
  stack,
}, testInfo) => {
  const admin = await api.login('admin');
  await expect
    .poll(
      async () =>
        (
          (await (await admin.get(`${apiPaths.expiry(stack.account)}?within=0`)).json()) as {
            complete: boolean;
          }
        ).complete,
      {
        timeout: 30_000,
      },
    )
    .toBe(true);

  await loginAs(page, 'admin');
  const list = new SecretsPage(page);
  await list.goto(stack.account, '?name=sso-saml');
  await expect(list.columnHeader(/^Nearest expiry/)).toBeVisible();
  await expect(list.columnHeader('Most urgent')).toBeVisible();
  await expect(list.scanLine()).toBeVisible();

  const versions = await csms.versions(SECRET);
  const times = versions.map((v) => v.expire_time ?? null);
  await expect(await list.cell(SECRET, 'Most urgent')).toHaveText(new RegExp(bucketLabel(times, Date.now())));
  const nearest = Math.min(...times.filter((t): t is number => t !== null));
  await expect((await list.cell(SECRET, /^Nearest expiry/)).locator('time')).toHaveAttribute(
    'datetime',
    new Date(nearest).toISOString(),
  );
  await checkPage(page, testInfo, 'secrets-list-expiry');
});
