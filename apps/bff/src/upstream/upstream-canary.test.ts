/**
 * Credential canary (docs/security.md K4, test 11) at the upstream layer: unique AK, SK and IAM password values,
 * then every failure kind on every account kind (the emulator even echoes an unknown AK in its message).
 * No error message, details, header or log line may hold a canary: raw, base64, hex or URL-encoded.
 */
import { randomBytes } from 'node:crypto';
import type { CsmsClient } from '@csms-console/csms-client';
import type { FaultSpec, RunningEmulator } from '@csms-console/csms-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { akskAccount, iamAccount, makeUpstream, startCsms } from './test-support.js';

const canary = (prefix: string) => `${prefix}${randomBytes(12).toString('hex').toUpperCase()}`;
const AK = canary('CANARYAK');
const SK = canary('canarysk');
const UNKNOWN_AK = canary('CANARYUNKNOWNAK');
const WRONG_SK = canary('canarywrongsk');
const PASSWORD = canary('canarypw');

function encodings(value: string): string[] {
  const bytes = Buffer.from(value);
  return [
    value,
    bytes.toString('base64'),
    bytes.toString('base64url'),
    bytes.toString('hex'),
    encodeURIComponent(value),
  ];
}

let csms: RunningEmulator;
beforeAll(async () => {
  csms = await startCsms({
    credentials: [{ accessKey: AK, secretKey: SK }],
    iamUsers: [{ user: 'console-bot', password: PASSWORD, domain: 'canary-domain' }],
  });
});
afterAll(() => csms.close());

const faults: Array<FaultSpec | undefined> = [
  undefined,
  { type: 'error', operation: '*', status: 401 },
  { type: 'error', operation: '*', status: 403 },
  { type: 'error', operation: '*', status: 500, error_code: 'CSMS.0001', error_msg: `boom ${AK} ${SK}` },
  {
    type: 'error',
    operation: '*',
    status: 400,
    error_code: 'CSMS.0002',
    error_msg: `bad ${SK} and ${PASSWORD}`,
  },
  { type: 'throttle', operation: '*', retry_after: 30 },
  { type: 'drop', operation: '*' },
  { type: 'inject', operation: 'ShowSecret', set: { 'secret.state': SK } },
];

describe('credential canary', () => {
  it('no AppError or log line carries the AK, SK or IAM password in any encoding', async () => {
    const accounts = [
      akskAccount(csms, 'good', { accessKey: AK, secretKey: SK }),
      akskAccount(csms, 'unknown-ak', { accessKey: UNKNOWN_AK, secretKey: SK }),
      akskAccount(csms, 'wrong-sk', { accessKey: AK, secretKey: WRONG_SK }),
      iamAccount(csms, 'iam', PASSWORD),
      iamAccount(csms, 'iam-wrong', `${PASSWORD}x`),
    ];
    const { upstream, lines } = makeUpstream(accounts, { settings: { breakerThreshold: 1000 } });
    const calls: Array<(c: CsmsClient, signal: AbortSignal) => Promise<unknown>> = [
      (c: CsmsClient, signal: AbortSignal) => c.showSecret('no-such-secret', { signal }),
      (c: CsmsClient, signal: AbortSignal) => c.showSecret('payments-db-password', { signal }),
      (c: CsmsClient, signal: AbortSignal) =>
        c.updateVersion('legacy-ldap-bind', 'v1', Date.UTC(2031, 0, 1), { signal }),
    ];
    const errors: AppError[] = [];
    for (const fault of faults) {
      csms.faults.clear();
      if (fault) csms.faults.add(fault);
      for (const { name } of upstream.accounts()) {
        for (const fn of calls) {
          await upstream.call(name, 'Canary', fn).catch((error: unknown) => {
            if (error instanceof AppError) errors.push(error);
            else throw error;
          });
        }
      }
    }
    await upstream.close();
    expect(errors.length).toBeGreaterThan(80);
    expect(new Set(errors.map((e) => e.code)).size).toBeGreaterThanOrEqual(7);
    expect(lines.length).toBe(errors.length);
    const rendered = [
      ...errors.map((e) => JSON.stringify({ message: e.message, details: e.details, headers: e.headers })),
      ...errors.map((e) => `${String(e)} ${e.stack ?? ''}`),
      ...lines,
    ].join('\n');
    expect(rendered).toContain('[REDACTED]'); // the echoing faults were really exercised
    for (const secret of [AK, SK, UNKNOWN_AK, WRONG_SK, PASSWORD]) {
      for (const encoded of encodings(secret)) expect(rendered).not.toContain(encoded);
    }
  });
});
