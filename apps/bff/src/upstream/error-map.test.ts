/**
 * docs/security.md §1.7 E2, table-driven through the real emulator over HTTP: each row provokes one upstream
 * answer (a real CSMS rule, an injected fault, a bad credential) and checks the AppError the BFF would send.
 */
import type { RunningEmulator } from '@csms-console/csms-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rows, show } from './error-map.cases.js';
import { akskAccount, appErrorOf, iamAccount, makeUpstream, startCsms } from './test-support.js';

let csms: RunningEmulator;
let closedPort: string;

beforeAll(async () => {
  csms = await startCsms();
  const gone = await startCsms({ seed: 'empty' });
  closedPort = gone.url;
  await gone.close();
});
afterAll(() => csms.close());
beforeEach(() => {
  csms.faults.clear();
  csms.requestLog.clear();
});

describe('upstream error mapping through the emulator', () => {
  it.each(rows)('$name -> $status $code', async (row) => {
    const accounts = [
      akskAccount(csms),
      akskAccount(csms, 'bad-sk', { secretKey: 'not-the-secret-key' }),
      akskAccount(csms, 'unknown-ak', { accessKey: 'UNKNOWNAK0000000' }),
      iamAccount(csms, 'iam'),
      iamAccount(csms, 'iam-bad', 'wrong-password'),
      { ...akskAccount(csms, 'refused'), endpoint: closedPort },
    ];
    const { upstream } = makeUpstream(accounts, { settings: { breakerThreshold: 1000 } });
    if (row.fault) csms.faults.add(row.fault);
    const error = await appErrorOf(upstream.call(row.account ?? 'demo', 'Test', row.call, row.options));
    await upstream.close();
    expect({ status: error.status, code: error.code }).toEqual({ status: row.status, code: row.code });
    if (row.details) expect(error.details).toEqual(row.details);
    if (row.headers) expect(error.headers).toEqual(row.headers);
    expect(error.message).toMatch(/^[A-Z][^\n]*\.$/);
    expect(error.message).not.toMatch(/HTTP|CSMS\.\d|APIGW|failed with|request [0-9a-f]{8}|Error:/);
    const csmsCalls = csms.requestLog
      .list()
      .filter((e) => e.operation !== 'KeystoneCreateUserTokenByPassword');
    if (row.sent === undefined)
      expect(csmsCalls.length + (row.account === 'iam-bad' ? 1 : 0)).toBeGreaterThan(0);
    else expect(csmsCalls).toHaveLength(row.sent);
  });

  it('a caller abort becomes 503 upstream_unavailable "cancelled", without waiting for the upstream', async () => {
    const { upstream } = makeUpstream([akskAccount(csms)]);
    csms.faults.add({ type: 'hang', operation: 'ShowSecret' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await appErrorOf(
      upstream.call('demo', 'ShowSecret', show(), { signal: controller.signal }),
    );
    expect(Date.now() - started).toBeLessThan(250);
    expect(error).toMatchObject({ status: 503, code: 'upstream_unavailable', details: { cancelled: true } });
    expect(error.message).toBe('The request to Huawei Cloud was cancelled.');
    await upstream.close();
  });
});
