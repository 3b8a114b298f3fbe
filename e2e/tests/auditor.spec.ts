/**
 * An auditor reads everything (versions with their own expiries, the secret's metadata) and can change
 * nothing: no `Change expiry` control anywhere, `?edit=` opens no editor, and a forced PUT is refused.
 */
import { apiPaths, ErrorBodySchema } from '@csms-console/api-contract';
import { expectStatus } from '../fixtures/bff-api.js';
import { expect, test } from '../fixtures/index.js';
import { DAY, formatUtc } from '../fixtures/time.js';
import { AppShell } from '../pages/app-shell.js';
import { SecretPage } from '../pages/secret-page.js';

const SECRET = 'payments-db-password';

test('an auditor sees versions and metadata but no way to change an expiry', async ({
  page,
  loginAs,
  csms,
  api,
  stack,
}) => {
  const versions = await csms.versions(SECRET);
  const secret = await csms.secret(SECRET);
  await loginAs(page, 'auditor');
  await new AppShell(page).expectSignedIn('auditor', 'Auditor');

  const secretPage = new SecretPage(page, stack.account, SECRET);
  await secretPage.goto();

  // Every version, newest first, each with its own expiry as CSMS holds it.
  const ids = versions.map((v) => v.id).sort((a, b) => Number(b.slice(1)) - Number(a.slice(1)));
  await secretPage.versions.expectVersions(ids);
  for (const v of versions) {
    expect(v.expire_time, `${v.id} has an expiry in the demo seed`).not.toBeNull();
    await expect(secretPage.versions.expires(v.id)).toContainText(formatUtc(v.expire_time!));
  }
  await expect(secretPage.versions.row('v5')).toContainText('SYSCURRENT');
  await expect(secretPage.versions.row('v1')).toContainText('Expired');

  // Metadata.
  await expect(secretPage.detail('State')).toContainText(secret.state);
  await expect(secretPage.detail('Created')).toContainText(formatUtc(secret.create_time!));
  await expect(page.getByText('Your role is read-only')).toBeVisible();

  // No control, not even disabled, and none through the URL either.
  await expect(secretPage.versions.anyChangeExpiry()).toHaveCount(0);
  await secretPage.goto('?edit=v4');
  await expect(page.getByRole('alert')).toContainText('Your role cannot change expiries');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(secretPage.versions.anyChangeExpiry()).toHaveCount(0);

  // Forced through the BFF with the auditor's session: 403 forbidden, CSMS untouched.
  const v4 = versions.find((v) => v.id === 'v4')!;
  const auditor = await api.login('auditor');
  const res = await auditor.put(apiPaths.version(stack.account, SECRET, 'v4'), {
    data: { expire_time: v4.expire_time! + 30 * DAY, expected_expire_time: v4.expire_time },
  });
  await expectStatus(res, 403);
  expect(ErrorBodySchema.parse(await res.json()).error.code).toBe('forbidden');
  expect(await csms.version(SECRET, 'v4')).toEqual(v4);
});
