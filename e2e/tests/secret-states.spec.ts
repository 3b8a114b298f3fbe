/** A secret that is not ENABLED shows why no expiry can be changed: disabled controls with the reason as text. */
import { expect, test } from '../fixtures/index.js';
import { SecretPage } from '../pages/secret-page.js';

const SECRET = 'legacy-ldap-bind';

test('a DISABLED secret explains why its expiries cannot be changed', async ({
  page,
  loginAs,
  csms,
  stack,
}) => {
  expect((await csms.secret(SECRET)).state).toBe('DISABLED');
  const versions = await csms.versions(SECRET);
  expect(versions.length).toBeGreaterThan(0);

  await loginAs(page, 'admin');
  const secretPage = new SecretPage(page, stack.account, SECRET);
  await secretPage.goto();
  await expect(secretPage.detail('State')).toContainText('DISABLED');
  await expect(page.getByText('no expiry can be changed')).toBeVisible();

  for (const { id } of versions) {
    const button = secretPage.versions.changeExpiry(id);
    await expect(button).toBeDisabled();
    await expect(button).toHaveAccessibleDescription(/DISABLED/);
    await expect(secretPage.versions.row(id)).toContainText('Not editable while the secret is DISABLED');
  }

  // A shared `?edit=` link opens no editor either, and says why.
  const id = versions[0]!.id;
  await secretPage.goto(`?edit=${id}`);
  await expect(page.getByRole('alert')).toContainText(`Version ${id} cannot be changed here`);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await csms.versions(SECRET)).toEqual(versions);
});
