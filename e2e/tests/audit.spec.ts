/**
 * The audit page (issue 12) in Chromium against the real BFF: an auditor filters the log, by keyboard, to one
 * bulk batch support made with a reason, reads each item's before -> after and reason, and downloads the
 * CSV, whose rows match what CSMS holds (read back with the writer key); a version's history link from the
 * secret page lands on exactly that version's changes; a change made directly in CSMS shows under "Changed
 * outside the console" once the fleet scan has run again; a link with bad filters names each next to its
 * field and keeps the others. axe on the page (and on the bad-filter state); a README screenshot.
 */
import { readFileSync } from 'node:fs';
import {
  apiPaths,
  BatchCreatedSchema,
  BatchSchema,
  FleetExpirySchema,
  OUTSIDE_CHANGES_SKEW_MS,
  type BatchItemInput,
} from '@csms-console/api-contract';
import type { APIRequestContext } from '@playwright/test';
import { expectStatus } from '../fixtures/bff-api.js';
import { parseCsv } from '../fixtures/csv.js';
import { pickVersions } from '../fixtures/pick-versions.js';
import { expect, test, type TestFixtures } from '../fixtures/index.js';
import { checkPage, README_VIEWPORT, saveReadmeScreenshot } from '../fixtures/page-checks.js';
import { DAY, formatUtc, wholeSecondsFromNow } from '../fixtures/time.js';
import { AuditPage } from '../pages/audit-page.js';
import { SecretPage } from '../pages/secret-page.js';

// Its own stack: a fleet scan at most 1 s old is reused, so the outside-changes test sees a fresh one, and
// no other file's changes land in this one's log.
test.use({ viewport: README_VIEWPORT, timezoneId: 'Europe/Berlin', bffEnv: { FLEET_SCAN_MAX_AGE_S: '1' } });

type Csms = TestFixtures['csms'];

/** Versions support may extend now (expired or expiring within 7 days), as batch items to +30 days. */
async function supportEligible(csms: Csms, count: number): Promise<BatchItemInput[]> {
  const now = Date.now();
  const found = await pickVersions(csms, count, (t) => t <= now + 6 * DAY);
  return found.map((v) => ({
    secret: v.secret,
    version: v.version,
    expected_expire_time: v.expire_time,
    expire_time: wholeSecondsFromNow(30),
  }));
}

/** Versions expiring more than 10 days from now (support cannot touch them), grouped by secret. */
async function farBySecret(csms: Csms) {
  const bySecret = new Map<string, Awaited<ReturnType<typeof pickVersions>>>();
  for (const v of await pickVersions(csms, 200, (t) => t > Date.now() + 10 * DAY)) {
    bySecret.set(v.secret, [...(bySecret.get(v.secret) ?? []), v]);
  }
  return [...bySecret.values()];
}

async function runBatch(api: APIRequestContext, account: string, reason: string, items: BatchItemInput[]) {
  const created = await api.post(apiPaths.batches(account), { data: { reason, items } });
  await expectStatus(created, 202);
  const { id } = BatchCreatedSchema.parse(await created.json());
  let batch = BatchSchema.parse(await (await api.get(apiPaths.batch(account, id))).json());
  await expect
    .poll(
      async () => {
        batch = BatchSchema.parse(await (await api.get(apiPaths.batch(account, id))).json());
        return batch.state;
      },
      { timeout: 30_000 },
    )
    .toBe('done');
  return batch;
}

test('an auditor filters to one bulk batch by keyboard, reads each change and downloads its CSV', async ({
  page,
  api,
  csms,
  stack,
  loginAs,
}, testInfo) => {
  test.setTimeout(90_000);
  const items = await supportEligible(csms, 3);
  expect(items).toHaveLength(3);
  const reason = 'e2e: INC-4711 extend before the weekend';
  const support = await api.login('support');
  const batch = await runBatch(support, stack.account, reason, items);
  expect(batch.items.map((i) => i.status)).toEqual(['applied', 'applied', 'applied']);
  // Another change, not of this batch, that the filter must leave out.
  const [other] = await supportEligible(csms, 1);
  if (other) {
    await runBatch(support, stack.account, 'e2e: another batch', [other]);
  }

  await loginAs(page, 'auditor');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
  const audit = new AuditPage(page);
  await audit.expectLoaded();
  await expect(audit.chain()).toContainText(/Intact: \d+ rows checked/);

  // The filter flow by keyboard only: Tab into the filters, type, pick the action, submit with Enter.
  await audit.field('Account').focus();
  await page.keyboard.type(stack.account);
  for (const next of ['Secret', 'Version', 'Who', 'Batch id']) {
    await page.keyboard.press('Tab');
    await expect(audit.field(next)).toBeFocused();
  }
  await page.keyboard.type(batch.id);
  await page.keyboard.press('Tab');
  await expect(audit.field('Entry id')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(audit.field('Action')).toBeFocused();
  await page.keyboard.type('Expiry change');
  await expect(audit.field('Action')).toHaveValue('version.update');
  await audit.field('Batch id').focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`/audit?account=${stack.account}&action=version.update&batch=${batch.id}`);

  await expect(audit.rows()).toHaveCount(3);
  const rows = await audit.rowTexts();
  for (const item of items) {
    const row = rows.find((r) => r['Secret / version']!.includes(`${item.secret} / ${item.version}`));
    expect(row, `${item.secret}/${item.version}`).toBeDefined();
    const change = row!['Expiry before → after']!;
    expect(change).toContain(`Before: `);
    expect(change).toContain(formatUtc(item.expected_expire_time!));
    expect(change).toContain(formatUtc(item.expire_time));
    expect(change).not.toContain('Requested');
    expect(row!.Reason).toBe(reason);
    expect(row!.Outcome).toContain('Applied');
    expect(row!.Who).toBe('support Support');
    expect(row!.References).toContain(batch.id);
  }
  await checkPage(page, testInfo, 'audit-page');
  await saveReadmeScreenshot(page, testInfo, 'audit-page', { fullPage: true });

  // The CSV of this filter: one line per change, matching what CSMS holds now.
  const downloading = page.waitForEvent('download');
  await audit.download().click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = parseCsv(readFileSync(await download.path(), 'utf8'));
  expect(csv).toHaveLength(3);
  for (const line of csv) {
    expect(line.batch_id).toBe(batch.id);
    expect(line.reason).toBe(reason);
    expect(line.outcome).toBe('applied');
    expect(line.actor_name).toBe('support');
    const item = items.find((i) => i.secret === line.secret && i.version === line.version);
    expect(item, `${line.secret}/${line.version}`).toBeDefined();
    const held = (await csms.version(line.secret!, line.version!)).expire_time;
    expect(Number(line.after_expire_time)).toBe(held);
    expect(Number(line.after_expire_time)).toBe(item!.expire_time);
    expect(Number(line.before_expire_time)).toBe(item!.expected_expire_time);
    expect(line.after_expire_time_iso).toBe(new Date(held!).toISOString());
  }

  // Clicking a row's batch id filters by that batch alone.
  await audit
    .rows()
    .first()
    .getByRole('link', { name: /^Batch / })
    .click();
  await expect(page).toHaveURL(`/audit?batch=${batch.id}`);
  await expect(audit.rows()).toHaveCount(3);
});

test("a version's history link from the secret page lands on exactly that version's changes", async ({
  page,
  api,
  csms,
  stack,
  loginAs,
}) => {
  const admin = await api.login('admin');
  // Two versions of one secret, far from expiry: no other test of this file changes them (the log outlives
  // the CSMS reset before each test).
  const [target, neighbour] = (await farBySecret(csms)).find((versions) => versions.length >= 2)!;
  const secret = { name: target!.secret };
  const change = async (versionId: string, expected: number | null, days: number, reason: string) => {
    const expire = wholeSecondsFromNow(days);
    const res = await admin.put(apiPaths.version(stack.account, secret.name, versionId), {
      data: { expire_time: expire, expected_expire_time: expected, reason },
    });
    await expectStatus(res, 200);
    return expire;
  };
  const first = await change(target!.version, target!.expire_time, 200, 'e2e: history one');
  await change(target!.version, first, 201, 'e2e: history two');
  await change(neighbour!.version, neighbour!.expire_time, 202, 'e2e: the neighbour');

  await loginAs(page, 'auditor');
  const secretPage = new SecretPage(page, stack.account, secret.name);
  await secretPage.goto();
  await page.getByRole('link', { name: `History of ${target!.version}` }).click();
  await expect(page).toHaveURL(
    `/audit?account=${stack.account}&secret=${encodeURIComponent(secret.name)}&version=${target!.version}`,
  );
  const audit = new AuditPage(page);
  await expect(audit.rows()).toHaveCount(2);
  const rows = await audit.rowTexts();
  expect(rows.map((r) => r.Reason)).toEqual(['e2e: history two', 'e2e: history one']);
  for (const row of rows) expect(row['Secret / version']).toContain(`${secret.name} / ${target!.version}`);
});

test('a change made directly in CSMS shows under "Changed outside the console" after the next scan', async ({
  page,
  api,
  csms,
  stack,
  loginAs,
}) => {
  test.setTimeout(60_000);
  const admin = await api.login('admin');
  // A version far from expiry of another secret than the history test's (the first with two such versions).
  const far = await farBySecret(csms);
  const history = far.find((versions) => versions.length >= 2)![0]!.secret;
  const picked = far.findLast((versions) => versions[0]!.secret !== history)![0]!;
  const secret = picked.secret;
  const version = { id: picked.version, expire_time: picked.expire_time };
  const consoleValue = wholeSecondsFromNow(150);
  const set = await admin.put(apiPaths.version(stack.account, secret, version.id), {
    data: {
      expire_time: consoleValue,
      expected_expire_time: version.expire_time,
      reason: 'e2e: set by the console',
    },
  });
  await expectStatus(set, 200);
  // Someone else, with their own key, changes it behind the console's back.
  const outsideValue = wholeSecondsFromNow(160);
  await csms.setExpiry(secret, version.id, outsideValue);

  // A scan that started after both changes, past the margin for replicas' clocks within which the BFF does
  // not compare a console change (the stack reuses a scan for at most 1 s).
  const changedAt = Date.now() + OUTSIDE_CHANGES_SKEW_MS;
  await expect
    .poll(
      async () => {
        const scan = FleetExpirySchema.parse(
          await (await admin.get(`${apiPaths.expiry(stack.account)}?within=all`)).json(),
        );
        return scan.complete && (scan.scanned_at ?? 0) > changedAt;
      },
      { timeout: 30_000, intervals: [1_100] },
    )
    .toBe(true);

  await loginAs(page, 'auditor');
  const audit = new AuditPage(page);
  await audit.goto();
  const section = audit.outside(stack.account);
  const row = section.getByRole('row').filter({ hasText: `${secret} / ${version.id}` });
  await expect(row).toHaveCount(1);
  const cells = row.getByRole('cell');
  await expect(cells.nth(0)).toContainText(formatUtc(outsideValue));
  await expect(cells.nth(1)).toContainText(formatUtc(consoleValue));
  await expect(cells.nth(2)).toContainText('by admin');
});

test('a bad filter in a link is named next to it, the others kept; axe on that state', async ({
  page,
  loginAs,
}, testInfo) => {
  await loginAs(page, 'auditor');
  const audit = new AuditPage(page);
  await audit.goto('?actor=support&batch=not-a-batch&from=2000&to=1000');
  const batch = audit.field('Batch id');
  await expect(batch).toHaveAttribute('aria-invalid', 'true');
  await expect(batch).toHaveAccessibleDescription(/Must be an id from the audit log\./);
  await expect(audit.field('To')).toHaveAccessibleDescription(/Must be later than from\./);
  await expect(audit.field(/^Who/)).toHaveValue('support');
  await expect(audit.field(/^Who/)).not.toHaveAttribute('aria-invalid');
  await expect(audit.filters().getByRole('alert')).toContainText('2 filters are not valid');
  await expect(audit.table()).toHaveCount(0);
  await checkPage(page, testInfo, 'audit-bad-filter');

  // Correcting them by keyboard: clear the batch, pick a preset, Enter.
  await batch.fill('');
  await audit.field('Time range').selectOption('7d');
  await audit.field(/^Who/).press('Enter');
  await expect(page).toHaveURL('/audit?actor=support&range=7d');
  await expect(audit.count()).toBeVisible();
  await expect(batch).not.toHaveAttribute('aria-invalid');
});
