/**
 * The all-accounts fleet board (issue 11) in Chromium, with a BFF configured with two CSMS accounts (two
 * projects of the emulator, both from the demo seed): the header's "Fleet, all accounts" link opens `/fleet`, the
 * board shows both accounts' versions with an Account column, its filters (account included) live in the
 * URL, each secret links to its own account; support selects the expired SYSCURRENT versions of both
 * accounts and extends them in one action (a batch per account), and CSMS (read through the writer key in
 * each project, never from the page) then holds the new expiries. axe on the board.
 */
import type { BatchItemInput } from '@csms-console/api-contract';
import { expect, test } from '../fixtures/index.js';
import type { CsmsHelper } from '../fixtures/csms-helper.js';
import { checkPage } from '../fixtures/page-checks.js';
import { DAY } from '../fixtures/time.js';
import { FleetPage } from '../pages/fleet-page.js';

const OTHER = 'staging';
// Its own worker stack: a BFF with a second account.
test.use({ extraAccounts: [OTHER], timezoneId: 'Europe/Berlin' });

/** `account/secret/version` -> expiry of every expired SYSCURRENT version in CSMS now. */
async function expiredCurrent(csms: CsmsHelper, account: string, now: number, into: Map<string, number>) {
  for await (const secret of csms.client.allSecrets({ limit: 50 })) {
    for (const v of await csms.versions(secret.name)) {
      if (
        v.version_stages.includes('SYSCURRENT') &&
        typeof v.expire_time === 'number' &&
        v.expire_time <= now
      ) {
        into.set(`${account}/${secret.name}/${v.id}`, v.expire_time);
      }
    }
  }
}

test('support extends the expired SYSCURRENT versions of two accounts from the all-accounts board', async ({
  page,
  loginAs,
  csms,
  stack,
}, testInfo) => {
  test.setTimeout(150_000);
  const accounts = [stack.account, OTHER];
  const now = Date.now();
  const expected = new Map<string, number>();
  for (const account of accounts) await expiredCurrent(csms.account(account), account, now, expected);
  expect([...new Set([...expected.keys()].map((k) => k.split('/')[0]))].sort()).toEqual(accounts.sort());

  await loginAs(page, 'support');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Fleet, all accounts' }).click();
  await expect(page).toHaveURL(/\/fleet$/);
  const fleet = new FleetPage(page, null);
  await expect(fleet.heading()).toBeVisible();
  await fleet.waitForCompleteScan();
  await expect(fleet.table().getByRole('columnheader', { name: 'Account' })).toBeVisible();
  await checkPage(page, testInfo, 'fleet-all-accounts');
  // With no account in the address, the link still shows (and is the current page).
  await expect(nav.getByRole('link', { name: 'Fleet, all accounts' })).toHaveAttribute(
    'aria-current',
    'page',
  );

  await fleet.bucketToggle('Expired').click();
  await fleet.stageFilter().selectOption('current');
  await expect(page).toHaveURL(/bucket=expired&stage=current/);
  await expect.poll(async () => (await fleet.accountRowKeys()).sort()).toEqual([...expected.keys()].sort());

  // A row of the second account links to that account's secret.
  const otherRow = fleet
    .table()
    .locator('tbody tr')
    .filter({ has: page.getByRole('cell', { name: OTHER, exact: true }) })
    .first();
  const otherSecret = (await otherRow.getByRole('rowheader').textContent())!;
  await expect(otherRow.getByRole('link', { name: otherSecret })).toHaveAttribute(
    'href',
    `/accounts/${OTHER}/secrets/${otherSecret}`,
  );

  // The account filter narrows to one account and is part of the address.
  await fleet.accountFilter().selectOption(OTHER);
  await expect(page).toHaveURL(new RegExp(`account=${OTHER}`));
  await expect
    .poll(async () => (await fleet.accountRowKeys()).sort())
    .toEqual([...expected.keys()].filter((k) => k.startsWith(`${OTHER}/`)).sort());
  await fleet.accountFilter().selectOption('');
  await expect(page).not.toHaveURL(/account=/);

  await fleet.selectAll().check();
  await fleet.extendButton().click();
  const dialog = fleet.dialog();
  await dialog.getByLabel(/Reason/).fill('e2e: expired SYSCURRENT versions of every account');
  await dialog.getByRole('radio', { name: '+90 days' }).check();
  const dryRuns: string[] = [];
  const creates: { url: string; items: BatchItemInput[] }[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'POST') return;
    if (r.url().endsWith('/expiry-batches?dry_run=1')) dryRuns.push(new URL(r.url()).pathname);
    if (r.url().endsWith('/expiry-batches'))
      creates.push({
        url: new URL(r.url()).pathname,
        items: (r.postDataJSON() as { items: BatchItemInput[] }).items,
      });
  });
  await dialog.getByRole('button', { name: 'Preview changes' }).click();
  await expect(fleet.preview()).toBeVisible({ timeout: 30_000 });
  // One dry run per account.
  expect(dryRuns.sort()).toEqual(accounts.map((a) => `/api/accounts/${a}/expiry-batches`).sort());
  const applyButton = dialog.getByRole('button', { name: /^Extend \d+ versions$/ });
  const applicable = Number((await applyButton.textContent())!.match(/\d+/)![0]);
  expect(applicable).toBeGreaterThan(0);
  await applyButton.click();

  await expect(dialog.getByText(/^Batch finished/)).toBeVisible({ timeout: 60_000 });
  // One batch per account, each holding only its own account's versions.
  expect(creates.map((c) => c.url).sort()).toEqual(
    accounts.map((a) => `/api/accounts/${a}/expiry-batches`).sort(),
  );
  const target = creates[0]!.items[0]!.expire_time;
  expect(target).toBeLessThanOrEqual(Date.now() + 90 * DAY);
  expect(target).toBeGreaterThan(now + 90 * DAY - 5 * 60_000);
  for (const c of creates) {
    const account = c.url.split('/')[3]!;
    for (const item of c.items) expect(expected.has(`${account}/${item.secret}/${item.version}`)).toBe(true);
  }

  // One progress bar and one outcome list over both batches.
  await expect(dialog.getByRole('progressbar')).toHaveCount(1);
  const outcome = fleet.outcome();
  await expect(outcome.getByRole('row')).toHaveCount(applicable + 1);
  const extended = await outcome
    .locator('tbody tr')
    .filter({ hasText: 'Extended' })
    .evaluateAll((trs) =>
      trs.map(
        (tr) =>
          `${tr.querySelector('td')!.textContent}/${tr.querySelector('th')!.textContent.replace(' ', '/')}`,
      ),
    );
  expect(extended).toHaveLength(applicable);
  expect(new Set(extended.map((k) => k.split('/')[0]))).toEqual(new Set(accounts));

  // Each account's CSMS project now holds the new expiry for every extended version.
  for (const key of extended) {
    const [account, secret, version] = key.split('/') as [string, string, string];
    expect(expected.has(key), key).toBe(true);
    expect((await csms.account(account).version(secret, version)).expire_time, key).toBe(target);
  }
});
