/**
 * CSMS failing every UpdateVersion (a 502 storm that outlasts the BFF's retries) ends in a readable error in
 * the editor with the BFF's request id, the user's input kept, and nothing changed in CSMS. This file trips
 * the BFF's breaker, so it gets its own stack with a short open time.
 */
import { ErrorBodySchema } from '@csms-console/api-contract';
import { expect, test } from '../fixtures/index.js';
import { saveScreen } from '../fixtures/page-checks.js';
import { dayIn, wholeSecondsFromNow } from '../fixtures/time.js';
import { SecretPage } from '../pages/secret-page.js';

const SECRET = 'payments-db-password';
test.use({ bffEnv: { BREAKER_OPEN_MS: '1000' } });

/** The SPA's English sentences (apps/web/src/locales/en.json, `errors.<code>`) for what a 502 storm can give. */
const UPSTREAM_SENTENCES: Record<string, string> = {
  upstream_error: 'CSMS answered with an error.',
  upstream_unavailable: 'CSMS cannot be reached right now.',
  upstream_invalid_response: 'CSMS sent an answer the console cannot read.',
  upstream_timeout: 'CSMS did not answer in time.',
};

test('an upstream 502 storm shows a readable error with the request id and changes nothing', async ({
  page,
  loginAs,
  csms,
  stack,
}, testInfo) => {
  const before = await csms.version(SECRET, 'v5');
  await loginAs(page, 'admin');
  const secretPage = new SecretPage(page, stack.account, SECRET);
  const dialog = await secretPage.gotoEditor('v5', 'utc');
  const day = dayIn(wholeSecondsFromNow(120), 'UTC');
  await dialog.type(day, '08:00:00');
  await dialog.giveReason();
  await dialog.review();

  await csms.injectFault({ type: 'error', operation: 'UpdateVersion', status: 502, times: 50 });
  const res = await dialog.save();
  expect(res.status()).toBeGreaterThanOrEqual(500);
  const { error } = ErrorBodySchema.parse(await res.json());
  expect(error.code).toMatch(/^upstream_/);
  expect(error.requestId).toMatch(/^[0-9a-f]{24}$/);

  await expect(dialog.error()).toBeVisible();
  await expect(dialog.error()).toContainText('The change was not saved');
  // The SPA says the code in its own words (the BFF's English `message` is for logs and API users).
  const sentence = UPSTREAM_SENTENCES[error.code];
  expect(sentence, `a sentence for ${error.code}`).toBeDefined();
  await expect(dialog.error()).toContainText(sentence!);
  await expect(dialog.error()).not.toContainText(error.message);
  await expect(dialog.errorRef('Error code')).toHaveText(error.code);
  await expect(dialog.errorRef('Request id')).toHaveText(error.requestId);
  const csmsCode = error.details?.csms_error_code;
  if (typeof csmsCode === 'string') await expect(dialog.errorRef('CSMS code')).toHaveText(csmsCode);
  const csmsRequestId = error.details?.csms_request_id;
  if (typeof csmsRequestId === 'string') {
    await expect(dialog.errorRef('CSMS request id')).toHaveText(csmsRequestId);
  }
  // The review step stays, with Save, so the user can try again later.
  await expect(dialog.reviewHeading()).toBeVisible();
  await expect(dialog.saveButton()).toBeEnabled();
  await saveScreen(page, testInfo, 'expiry-upstream-error');

  // The BFF did ask CSMS (and got 502s); CSMS still holds the old value.
  await csms.clearFaults();
  expect((await csms.requests('UpdateVersion')).length).toBeGreaterThan(0);
  expect(await csms.version(SECRET, 'v5')).toEqual(before);
});
