/**
 * Credential canary (issue 3; docs/security.md test 11): the BFF runs with unique AK, SK and security-token values
 * at debug log level through sign-ins, reads, writes, refusals and upstream faults (including CSMS rejecting
 * the credential). Afterwards none of the canaries appears, raw, base64, hex or URL-encoded, in any response,
 * log line or audit row.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Harness } from './harness.js';
import { encodedForms } from './checks.js';

const DAY = 86_400_000;
const AK = `CANARYAK${randomBytes(6).toString('hex').toUpperCase()}`;
const SK = `canary-sk-${randomBytes(12).toString('hex')}`;
const TOKEN = `canary+token/${randomBytes(12).toString('base64')}`;

let h: Harness;
beforeAll(async () => {
  h = await Harness.start({
    credentials: { accessKey: AK, secretKey: SK, securityToken: TOKEN },
    logLevel: 'debug',
    transport: {
      readDeadlineMs: 3_000,
      writeDeadlineMs: 3_000,
      readAttemptTimeoutMs: 1_000,
      writeAttemptTimeoutMs: 1_000,
      minAttemptBudgetMs: 100,
    },
  });
  await h.user('alice', 'admin');
  await h.user('sam', 'support');
}, 60_000);
afterAll(() => h.close());

it('never shows the credentials anywhere', async () => {
  const admin = await h.login('alice');
  const support = await h.login('sam');
  await h.request('POST', '/bff/login', { body: { username: 'alice', password: 'wrong' } });
  await h.request('GET', '/api/accounts', { cookie: admin });
  await h.request('GET', '/api/accounts/demo/secrets?limit=100', { cookie: admin });
  await h.request('GET', '/api/accounts/demo/secrets?name=prod&state=ENABLED', { cookie: support });
  const detail = await h.request('GET', '/api/accounts/demo/secrets/payments-db-password', { cookie: admin });
  expect(detail.status).toBe(200);
  const v5 = detail.json.versions.find((v: { id: string }) => v.id === 'v5');
  expect(
    (
      await h.request('PUT', '/api/accounts/demo/secrets/payments-db-password/versions/v5', {
        cookie: admin,
        body: { expire_time: h.now() + 50 * DAY, expected_expire_time: v5.expire_time, reason: 'CHG-1' },
      })
    ).status,
  ).toBe(200);
  await h.request('PUT', '/api/accounts/demo/secrets/payments-db-password/versions/v5', {
    cookie: support,
    body: { expire_time: h.now() + 50 * DAY, expected_expire_time: null, reason: 'CHG-1' },
  });
  await h.request('PUT', '/api/accounts/demo/secrets/payments-db-password/versions/v5', {
    cookie: admin,
    raw: '{"expire_time":',
    headers: { 'content-type': 'application/json' },
  });
  // CSMS refusing the BFF's own credential: 502 upstream_auth, not a 401 that would sign the user out.
  h.emulator.faults.add({
    type: 'error',
    operation: 'ShowSecret',
    status: 401,
    error_code: 'APIGW.0301',
    error_msg: 'Incorrect IAM authentication information',
  });
  const auth = await h.request('GET', '/api/accounts/demo/secrets/orders-api-key', { cookie: admin });
  expect(auth.status).toBe(502);
  expect(auth.json.error.code).toBe('upstream_auth');
  h.emulator.faults.clear();
  h.emulator.faults.add({ type: 'error', operation: '*', status: 502, rate: 0.5 });
  for (let i = 0; i < 5; i++)
    await h.request('GET', '/api/accounts/demo/secrets/orders-api-key', { cookie: admin });
  h.emulator.faults.clear();
  h.emulator.faults.add({ type: 'hang', operation: 'ListSecretVersions', times: 3 });
  await h.request('GET', '/api/accounts/demo/secrets/orders-api-key', { cookie: admin });
  h.emulator.faults.clear();
  await h.request('GET', '/api/audit?limit=200', { cookie: admin });
  await h.request('GET', '/api/audit/export.csv', { cookie: admin });
  await h.request('GET', '/metrics', { bare: true });
  await h.request('POST', '/bff/logout', { cookie: support });

  const audit: string[] = [];
  for await (const row of h.stores.audit.iterate({})) audit.push(JSON.stringify(row));
  const haystacks = {
    responses: h.responses.map((r) => `${JSON.stringify([...r.headers])}\n${r.text}`).join('\n'),
    logs: h.logs.join(''),
    audit: audit.join('\n'),
  };
  expect(h.logs.length).toBeGreaterThan(20);
  expect(audit.length).toBeGreaterThanOrEqual(10);
  for (const secret of [AK, SK, TOKEN]) {
    for (const form of encodedForms(secret)) {
      for (const [where, text] of Object.entries(haystacks)) {
        expect(text.includes(form), `${where} contains a form of a credential`).toBe(false);
      }
    }
  }
}, 60_000);
