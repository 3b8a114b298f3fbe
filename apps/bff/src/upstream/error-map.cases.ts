/**
 * The rows of error-map.test.ts: one upstream answer each (a real CSMS rule, an injected emulator fault or a
 * bad credential) and the AppError the BFF must turn it into (docs/security.md §1.7 E2).
 */
import type { ErrorCode } from '@csms-console/api-contract';
import type { CsmsClient } from '@csms-console/csms-client';
import type { FaultSpec } from '@csms-console/csms-emulator';
import { expect } from 'vitest';
import type { UpstreamCallOptions } from './types.js';

const FUTURE = Date.UTC(2031, 0, 31);
const REQUEST_ID = /^[0-9a-f]{32}$/;

export interface Row {
  name: string;
  account?: 'demo' | 'iam' | 'bad-sk' | 'unknown-ak' | 'iam-bad' | 'refused';
  fault?: FaultSpec;
  call: (client: CsmsClient, signal: AbortSignal) => Promise<unknown>;
  options?: UpstreamCallOptions;
  status: number;
  code: ErrorCode;
  details?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** Requests the emulator must have seen (default: at least one). */
  sent?: number;
}

export const show =
  (name = 'payments-db-password') =>
  (c: CsmsClient, signal: AbortSignal) =>
    c.showSecret(name, { signal });
const update =
  (secret: string, version: string, at = FUTURE) =>
  (c: CsmsClient, signal: AbortSignal) =>
    c.updateVersion(secret, version, at, { signal });
const codeAndId = (code: string) => ({
  csms_error_code: code,
  csms_request_id: expect.stringMatching(REQUEST_ID) as unknown,
});
const actionable = (code: string) => ({ ...codeAndId(code), csms_error_msg: expect.any(String) as unknown });

export const rows: Row[] = [
  {
    name: 'unknown secret: 404 CSMS.0106',
    call: show('no-such-secret'),
    status: 404,
    code: 'secret_not_found',
    details: actionable('CSMS.0106'),
  },
  {
    name: 'CSMS.0106 as a 400',
    fault: { type: 'error', operation: 'ShowSecret', status: 400, error_code: 'CSMS.0106' },
    call: show(),
    status: 404,
    code: 'secret_not_found',
    details: actionable('CSMS.0106'),
  },
  {
    name: 'unknown version: CSMS.0005 with notFound version_not_found',
    call: update('payments-db-password', 'v999'),
    options: { notFound: 'version_not_found' },
    status: 404,
    code: 'version_not_found',
    details: actionable('CSMS.0005'),
  },
  {
    name: 'CSMS.0005 without notFound',
    fault: { type: 'error', operation: 'ShowSecret', status: 404, error_code: 'CSMS.0005' },
    call: show(),
    status: 404,
    code: 'secret_not_found',
  },
  {
    name: 'DISABLED secret: 403 CSMS.0109',
    call: update('legacy-ldap-bind', 'v1'),
    status: 409,
    code: 'secret_not_enabled',
    details: actionable('CSMS.0109'),
  },
  {
    name: 'PENDING_DELETE secret: 400 CSMS.0103',
    fault: { type: 'error', operation: 'UpdateVersion', status: 400, error_code: 'CSMS.0103' },
    call: update('payments-db-password', 'v1'),
    status: 409,
    code: 'secret_not_enabled',
  },
  {
    name: 'past expire_time: 400 CSMS.0002',
    call: update('payments-db-password', 'v1', Date.UTC(2001, 0, 1)),
    status: 422,
    code: 'upstream_rejected',
    details: actionable('CSMS.0002'),
  },
  {
    name: '429 APIGW.0308 with Retry-After 30',
    fault: { type: 'throttle', operation: 'ShowSecret', retry_after: 30 },
    call: show(),
    status: 503,
    code: 'upstream_throttled',
    details: codeAndId('APIGW.0308'),
    headers: { 'Retry-After': '30' },
    sent: 1,
  },
  {
    name: '503 APIG.0308 without Retry-After',
    fault: { type: 'error', operation: 'ShowSecret', status: 503, error_code: 'APIG.0308' },
    call: show(),
    status: 503,
    code: 'upstream_throttled',
    headers: { 'Retry-After': '1' },
  },
  {
    name: 'gateway 401 APIGW.0301',
    fault: { type: 'error', operation: 'ShowSecret', status: 401 },
    call: show(),
    status: 502,
    code: 'upstream_auth',
    details: codeAndId('APIGW.0301'),
    sent: 1,
  },
  {
    name: 'wrong secret key',
    account: 'bad-sk',
    call: show(),
    status: 502,
    code: 'upstream_auth',
    details: codeAndId('APIGW.0301'),
  },
  { name: 'unknown access key', account: 'unknown-ak', call: show(), status: 502, code: 'upstream_auth' },
  {
    name: '403 CSMS.0302 (action not allowed)',
    fault: { type: 'error', operation: 'ShowSecret', status: 403 },
    call: show(),
    status: 502,
    code: 'upstream_auth',
    details: codeAndId('CSMS.0302'),
  },
  {
    name: '400 CSMS.0301 (invalid token, retried once with a fresh one)',
    account: 'iam',
    sent: 2,
    fault: { type: 'error', operation: 'ShowSecret', status: 400, error_code: 'CSMS.0301' },
    call: show(),
    status: 502,
    code: 'upstream_auth',
  },
  { name: 'IAM refuses the password', account: 'iam-bad', call: show(), status: 502, code: 'upstream_auth' },
  {
    name: '500 CSMS.0001 after retries',
    fault: { type: 'error', operation: 'ShowSecret', status: 500, error_code: 'CSMS.0001' },
    call: show(),
    status: 503,
    code: 'upstream_error',
    details: codeAndId('CSMS.0001'),
    sent: 3,
  },
  {
    name: '502 from the gateway',
    fault: { type: 'error', operation: 'ShowSecret', status: 502 },
    call: show(),
    status: 503,
    code: 'upstream_error',
    sent: 3,
  },
  {
    name: '504 from the gateway',
    fault: { type: 'error', operation: 'ShowSecret', status: 504 },
    call: show(),
    status: 503,
    code: 'upstream_error',
    sent: 3,
  },
  {
    name: 'connection dropped',
    fault: { type: 'drop', operation: 'ShowSecret' },
    call: show(),
    status: 503,
    code: 'upstream_unavailable',
    sent: 3,
  },
  {
    name: 'connection refused',
    account: 'refused',
    call: show(),
    status: 503,
    code: 'upstream_unavailable',
    sent: 0,
  },
  {
    name: 'upstream hangs',
    fault: { type: 'hang', operation: 'ShowSecret' },
    call: show(),
    status: 504,
    code: 'upstream_timeout',
  },
  {
    name: 'a 2xx body that breaks the schema',
    fault: { type: 'inject', operation: 'ShowSecret', set: { 'secret.state': 'MELTED' } },
    call: show(),
    status: 502,
    code: 'upstream_invalid_response',
    details: { csms_request_id: expect.stringMatching(REQUEST_ID) as unknown },
  },
  {
    name: 'a bad secret name is refused before sending',
    call: show('a.b'),
    status: 400,
    code: 'invalid_input',
    sent: 0,
  },
];
