/**
 * A session that ends while a page is open sends the user to sign in and then back to the same address,
 * query included: whether the cookie is gone or the session was revoked on the server.
 */
import { apiPaths, CSRF_HEADER } from '@csms-console/api-contract';
import { expectStatus } from '../fixtures/bff-api.js';
import { expect, test } from '../fixtures/index.js';
import { LoginPage } from '../pages/login-page.js';
import { SecretPage } from '../pages/secret-page.js';
import { SecretsPage } from '../pages/secrets-page.js';

const SECRET = 'payments-db-password';

test('a lost session cookie: sign in again and land on the same secret, editor open', async ({
  page,
  loginAs,
  stack,
}) => {
  await loginAs(page, 'admin');
  const secretPage = new SecretPage(page, stack.account, SECRET);
  const here = secretPage.path('?edit=v4');
  await secretPage.goto('?edit=v4');
  await secretPage.dialog('v4').expectOpen();

  await page.context().clearCookies();
  await page.reload();
  const login = new LoginPage(page);
  await expect(login.heading()).toBeVisible();
  await expect(page).toHaveURL(`/login?next=${encodeURIComponent(here)}`);
  await expect(page.getByRole('status')).toContainText('sign in to continue where you were');

  await login.signIn(stack.users.admin.name, stack.users.admin.password);
  await expect(page).toHaveURL(here);
  await secretPage.expectLoaded();
  await secretPage.dialog('v4').expectOpen();
});

test('a session revoked on the server: the next request leads to sign in and back', async ({
  page,
  loginAs,
  playwright,
  stack,
}) => {
  await loginAs(page, 'support');
  const list = new SecretsPage(page);
  await list.goto(stack.account, '?name=payments');

  // Sign the browser's session out from elsewhere, with its cookie; the browser keeps the (now dead) cookie.
  const cookie = (await page.context().cookies(stack.url)).find((c) => c.name === '__Host-Http-sid');
  expect(cookie, 'the session cookie').toBeDefined();
  const other = await playwright.request.newContext({
    baseURL: stack.url,
    extraHTTPHeaders: {
      [CSRF_HEADER.name]: CSRF_HEADER.value,
      Origin: stack.url,
      'Sec-Fetch-Site': 'same-origin',
      Cookie: `${cookie!.name}=${cookie!.value}`,
    },
  });
  await expectStatus(await other.post(apiPaths.logout()), 204);
  await other.dispose();

  // In-app navigation: the secret's detail request gets 401, the SPA goes to sign in.
  await list.secretLink(SECRET).click();
  const login = new LoginPage(page);
  await expect(login.heading()).toBeVisible();
  const secretPage = new SecretPage(page, stack.account, SECRET);
  await expect(page).toHaveURL(`/login?next=${encodeURIComponent(secretPage.path())}`);

  await login.signIn(stack.users.support.name, stack.users.support.password);
  await expect(page).toHaveURL(secretPage.path());
  await secretPage.expectLoaded();
});
