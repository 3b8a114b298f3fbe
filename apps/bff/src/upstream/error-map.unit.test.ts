/**
 * The cases of error-map.ts the emulator cannot produce (or that need no HTTP): breaker verdicts, rounding
 * of `Retry-After`, redirects, IAM body errors, unknown errors, pass-through, and credential scrubbing.
 */
import {
  CsmsAbortedError,
  CsmsHttpError,
  CsmsInputError,
  CsmsNetworkError,
  CsmsResponseError,
  CsmsTimeoutError,
} from '@csms-console/csms-client';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { IAM_OPERATION } from './call-context.js';
import { breakerVerdict, scrub, toAppError } from './error-map.js';

const op = { operation: 'ShowSecret', attempts: 3 };
const http = (status: number, errorCode?: string, extra: object = {}) =>
  new CsmsHttpError({ ...op, status, errorCode, ...extra });

describe('breakerVerdict', () => {
  it.each([
    ['a 5xx after retries', http(503), 'failure'],
    ['a timeout', new CsmsTimeoutError({ ...op, kind: 'deadline', timeoutMs: 15_000 }), 'failure'],
    ['a network error', new CsmsNetworkError({ ...op, networkCode: 'ECONNRESET' }), 'failure'],
    ['a 404', http(404, 'CSMS.0106'), 'healthy'],
    ['a 429', http(429, 'APIGW.0308'), 'healthy'],
    ['a 503 APIG.0308 (throttling)', http(503, 'APIG.0308'), 'healthy'],
    ['an abort', new CsmsAbortedError(op), 'neutral'],
    ['bad input', new CsmsInputError('secretName', 'must match'), 'neutral'],
    ['an invalid response', new CsmsResponseError({ ...op, reason: 'schema', status: 200 }), 'neutral'],
    ['an AppError from the call itself', new AppError(403, 'forbidden', 'No.'), 'neutral'],
  ])('%s -> %s', (_name, error, verdict) => {
    expect(breakerVerdict(error)).toBe(verdict);
  });
});

describe('toAppError', () => {
  it('rounds Retry-After up to whole seconds, at least 1', () => {
    expect(toAppError(http(429, undefined, { retryAfterMs: 1500 })).headers).toEqual({ 'Retry-After': '2' });
    expect(toAppError(http(429, undefined, { retryAfterMs: 0 })).headers).toEqual({ 'Retry-After': '1' });
  });

  it('maps what only a real upstream would send', () => {
    expect(toAppError(http(302))).toMatchObject({ status: 502, code: 'upstream_invalid_response' });
    expect(toAppError(http(404, 'APIGW.0101'))).toMatchObject({ status: 422, code: 'upstream_rejected' });
    expect(toAppError(http(400, 'APIGW.0303'))).toMatchObject({ status: 502, code: 'upstream_auth' });
    const iamBody = new CsmsResponseError({
      operation: IAM_OPERATION,
      attempts: 1,
      reason: 'missing-header',
      status: 201,
    });
    expect(toAppError(iamBody)).toMatchObject({ status: 502, code: 'upstream_auth' });
    expect(toAppError(http(503, '503', { operation: IAM_OPERATION }))).toMatchObject({
      code: 'upstream_error',
    });
  });

  it('passes AppErrors through and hides unknown errors behind a generic 500', () => {
    const own = new AppError(403, 'forbidden', 'No.');
    expect(toAppError(own)).toBe(own);
    const unknown = toAppError(new TypeError('x is undefined at /srv/app.js:1'));
    expect(unknown).toMatchObject({ status: 500, code: 'internal_error' });
    expect(unknown.message).not.toContain('/srv');
  });

  it('reports an abort as cancelled, or as shutting_down while closing', () => {
    expect(toAppError(new CsmsAbortedError(op))).toMatchObject({ status: 503, code: 'upstream_unavailable' });
    expect(toAppError(new Error('reason'), { aborted: true, shuttingDown: true })).toMatchObject({
      status: 503,
      code: 'shutting_down',
    });
  });

  it('scrubs every configured credential from the CSMS message, raw or encoded', () => {
    const sk = 'sk/with+chars=';
    const msg = `a ${sk} b ${encodeURIComponent(sk)} c ${Buffer.from(sk).toString('base64')}`;
    const error = toAppError(http(400, 'CSMS.0002', { errorMsg: msg }), { redact: [sk] });
    expect(error.details).toMatchObject({ csms_error_msg: 'a [REDACTED] b [REDACTED] c [REDACTED]' });
    expect(scrub(undefined, [sk])).toBeUndefined();
  });
});
