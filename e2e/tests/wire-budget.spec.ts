/**
 * Issue 13, "fast on a slow link", in Chromium against the real stack (the built SPA served by the BFF):
 * - from the first request (`/`, which shows the sign-in page) through signing in until the secrets list
 *   shows, at most 150,000 bytes come down the wire: every response's encoded size as Chromium counts it,
 *   headers included, with an empty HTTP cache (a fresh context). `pnpm bench --only web` prints the same
 *   count (the same recorder, @csms-console/bench/wire) with its breakdown and the hello-page floor;
 * - every script and stylesheet came brotli-compressed, with `Vary: Accept-Encoding`, and so did the list;
 * - the secret page is a chunk of its own, yet a deep link to it never shows the not-found page meanwhile.
 */
import { bytesByKind, kindOf, recordWire, variesOnEncoding, type WireReport } from '@csms-console/bench/wire';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/index.js';
import { LoginPage } from '../pages/login-page.js';
import { SecretPage } from '../pages/secret-page.js';
import { SecretsPage } from '../pages/secrets-page.js';

const BUDGET_BYTES = 150_000;
const SECRET = 'payments-db-password';

/** One line per response and the sums, for the failure message and the report. */
function describe(report: WireReport): string {
  const lines = report.responses.map(
    (r) =>
      `${String(r.bytes).padStart(7)} B ${kindOf(r).padEnd(5)} ${r.headers['content-encoding'] ?? 'identity'} ${new URL(r.url).pathname}`,
  );
  return [`${report.total} B in all: ${JSON.stringify(bytesByKind(report))}`, ...lines].join('\n');
}

/** Records from the first request (`/`, the sign-in page) through signing in until the list shows a row. */
async function signInToSecretsList(
  page: Page,
  user: { name: string; password: string },
): Promise<WireReport> {
  const wire = await recordWire(page);
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(user.name, user.password);
  await new SecretsPage(page).expectLoaded();
  const report = await wire.stop();
  const first = report.responses[0];
  expect(first && new URL(first.url).pathname, 'the first request is the page itself').toBe('/');
  return report;
}

test('scripts, stylesheets and the list page come in brotli on the way to the secrets list', async ({
  page,
  stack,
}) => {
  const report = await signInToSecretsList(page, stack.users.admin);
  const assets = report.responses.filter((r) => kindOf(r) === 'JS' || kindOf(r) === 'CSS');
  expect(assets.map((r) => kindOf(r))).toEqual(expect.arrayContaining(['JS', 'CSS']));
  for (const r of assets) {
    expect.soft(r.headers['content-encoding'], r.url).toBe('br');
    expect.soft(variesOnEncoding(r), `${r.url} varies on Accept-Encoding`).toBe(true);
  }
  // The BFF's own answer of 1 kB or more, the list page, is compressed on the fly.
  const list = report.responses.find(
    (r) => new URL(r.url).pathname === `/api/accounts/${stack.account}/secrets`,
  );
  expect(list?.headers['content-encoding']).toBe('br');
});

test('signing in to the secrets list takes at most 150,000 bytes on the wire, cold', async ({
  page,
  stack,
}, testInfo) => {
  const report = await signInToSecretsList(page, stack.users.admin);
  await testInfo.attach('wire-to-secrets-list.txt', { body: describe(report), contentType: 'text/plain' });
  expect(report.total, describe(report)).toBeLessThanOrEqual(BUDGET_BYTES);
});

test('a deep link to a secret page shows it without the not-found page in between', async ({
  page,
  stack,
}) => {
  // Signed in over the page's own API client (its cookies are the browser's); the HTTP cache stays empty.
  const res = await page.request.post('/bff/login', {
    headers: { 'x-csrf': '1', origin: stack.url, 'content-type': 'application/json' },
    data: { username: stack.users.admin.name, password: stack.users.admin.password },
  });
  expect(res.status()).toBe(200);
  // Every heading the page ever shows, recorded from the first paint on.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { headingsSeen: string[] }).headingsSeen = seen;
    new MutationObserver(() => {
      for (const h of Array.from(document.querySelectorAll('h1'))) {
        const text = h.textContent ?? '';
        if (!seen.includes(text)) seen.push(text);
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  const wire = await recordWire(page);
  const secretPage = new SecretPage(page, stack.account, SECRET);
  await secretPage.goto();
  const report = await wire.stop();

  const headings = await page.evaluate(() => (window as unknown as { headingsSeen: string[] }).headingsSeen);
  expect(headings).toContain(SECRET);
  expect(headings).not.toContain('Page not found');
  // The page came as a chunk of its own: the route is lazy, which is what could have flashed the not-found page.
  const scripts = report.responses.filter((r) => kindOf(r) === 'JS').map((r) => new URL(r.url).pathname);
  expect(
    scripts.some((p) => /\/assets\/secret-[\w-]+\.js$/.test(p)),
    scripts.join(', '),
  ).toBe(true);
});
