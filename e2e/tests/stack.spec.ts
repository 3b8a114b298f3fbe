/**
 * The stack itself, without the UI: the BFF process answers, sessions work per role, the role check holds
 * for a forced request, and a change made through the BFF is what CSMS holds afterwards.
 */
import {
  AccountListSchema,
  apiPaths,
  CSRF_HEADER,
  ErrorBodySchema,
  UpdateExpiryResultSchema,
} from '@csms-console/api-contract';
import { expectStatus } from '../fixtures/bff-api.js';
import { expect, test } from '../fixtures/index.js';

const SECRET = 'payments-db-password';
const DAY = 24 * 3600_000;

test('the BFF answers /healthz', async ({ request }) => {
  const res = await request.get('/healthz');
  await expectStatus(res, 200);
});

test('an auditor signs in and sees the demo account', async ({ api, stack }) => {
  const auditor = await api.login('auditor');
  const user = await auditor.get(apiPaths.user());
  await expectStatus(user, 200);
  expect(await user.json()).toMatchObject({ name: 'auditor', role: 'auditor' });

  const res = await auditor.get(apiPaths.accounts());
  await expectStatus(res, 200);
  const { accounts } = AccountListSchema.parse(await res.json());
  expect(accounts.map((a) => a.name)).toEqual([stack.account]);
  expect(accounts[0]?.project_id).toBe(stack.emulator.projectId);
});

test('a forced expiry change as auditor is refused with 403 and CSMS is untouched', async ({
  api,
  csms,
  stack,
}) => {
  const before = await csms.version(SECRET, 'v5');
  const auditor = await api.login('auditor');
  const res = await auditor.put(apiPaths.version(stack.account, SECRET, 'v5'), {
    data: { expire_time: Date.now() + 30 * DAY, expected_expire_time: before.expire_time ?? null },
  });
  await expectStatus(res, 403);
  expect(ErrorBodySchema.parse(await res.json()).error.code).toBe('forbidden');
  expect(await csms.version(SECRET, 'v5')).toEqual(before);
});

test('an admin changes an expiry through the BFF and CSMS holds it (whole seconds)', async ({
  api,
  csms,
  stack,
}) => {
  const before = await csms.version(SECRET, 'v5');
  expect(before.expire_time).toEqual(expect.any(Number));
  expect(before.expire_time! % 1000).toBe(0);

  const wanted = Date.now() + 30 * DAY + 123;
  const admin = await api.login('admin');
  const res = await admin.put(apiPaths.version(stack.account, SECRET, 'v5'), {
    data: { expire_time: wanted, expected_expire_time: before.expire_time, reason: 'e2e stack check' },
  });
  await expectStatus(res, 200);
  const stored = Math.floor(wanted / 1000) * 1000;
  expect(UpdateExpiryResultSchema.parse(await res.json()).version.expire_time).toBe(stored);
  expect((await csms.version(SECRET, 'v5')).expire_time).toBe(stored);
});

test('reseeding brings the demo data back', async ({ csms }) => {
  // The demo seed dates expiries relative to the emulator clock, so a reseed a second later shifts them.
  const seeded = await csms.version(SECRET, 'v4');
  const changed = Math.floor((Date.now() + 400 * DAY) / 1000) * 1000;
  await csms.setExpiry(SECRET, 'v4', changed);
  expect((await csms.version(SECRET, 'v4')).expire_time).toBe(changed);
  await csms.reseed();
  const again = await csms.version(SECRET, 'v4');
  expect(again.version_stages).toEqual(seeded.version_stages);
  expect(Math.abs(again.expire_time! - seeded.expire_time!)).toBeLessThan(60_000);
});

test('Chromium keeps the __Host- session cookie on http://127.0.0.1', async ({ page, stack }) => {
  // A blank page at the console's origin (no SPA needed), then the same fetches the SPA makes.
  await page.route(`${stack.url}/e2e-blank`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>blank</title>' }),
  );
  await page.goto('/e2e-blank');
  const { username, password } = { username: 'support', password: stack.users.support.password };
  const statuses = await page.evaluate(
    async ({ csrf, login, user, body }) => {
      const headers = { [csrf.name]: csrf.value, 'Content-Type': 'application/json' };
      const signIn = await fetch(login, { method: 'POST', headers, body: JSON.stringify(body) });
      const me = await fetch(user, { headers });
      return [signIn.status, me.status];
    },
    { csrf: CSRF_HEADER, login: apiPaths.login(), user: apiPaths.user(), body: { username, password } },
  );
  expect(statuses).toEqual([200, 200]);
  const cookies = await page.context().cookies(stack.url);
  expect(cookies).toContainEqual(
    expect.objectContaining({ name: '__Host-Http-sid', secure: true, httpOnly: true, sameSite: 'Strict' }),
  );
});
