/**
 * The cases of error-map.ts the emulator cannot produce (or that need no HTTP): breaker verdicts, rounding
 * of `Retry-After`, redirects, IAM body errors, unknown errors, pass-through, and credential scrubbing.
 */
import {
  type AttemptEvent,
  CsmsAbortedError,
  CsmsHttpError,
  CsmsResponseError,
  IAM_TOKEN_OPERATION as IAM_OPERATION,
} from '@csms-console/csms-client';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { attemptVerdict, scrub, toAppError } from './error-map.js';

const op = { operation: 'ShowSecret', attempts: 3 };
const http = (status: number, errorCode?: string, extra: object = {}) =>
  new CsmsHttpError({ ...op, status, errorCode, ...extra });

describe('attemptVerdict', () => {
  const event = (outcome: AttemptEvent['outcome'], extra: Partial<AttemptEvent> = {}): AttemptEvent => ({
    operation: 'ShowSecret',
    method: 'GET',
    attempt: 1,
    outcome,
    latencyMs: 5,
    willRetry: false,
    ...extra,
  });
  it.each([
    ['a 2xx', event('success', { status: 200 }), 'healthy'],
    ['a 502', event('http_error', { status: 502 }), 'failure'],
    ['a 503', event('http_error', { status: 503, errorCode: 'APIGW.0202' }), 'failure'],
    ['an attempt timeout', event('timeout'), 'failure'],
    ['the deadline cutting an attempt', event('deadline'), 'failure'],
    ['a network error', event('network_error'), 'failure'],
    ['a 404', event('http_error', { status: 404, errorCode: 'CSMS.0106' }), 'healthy'],
    ['a 429', event('http_error', { status: 429, errorCode: 'APIGW.0308' }), 'healthy'],
    ['a 503 APIG.0308 (throttling)', event('http_error', { status: 503, errorCode: 'APIG.0308' }), 'healthy'],
    ['a 3xx (no redirect followed)', event('http_error', { status: 302 }), 'neutral'],
    ['an abort', event('aborted'), 'neutral'],
    ['an unreadable body', event('invalid_response', { status: 200 }), 'neutral'],
    ['an IAM 5xx', event('http_error', { operation: IAM_OPERATION, status: 503 }), 'failure'],
    ['an IAM timeout', event('timeout', { operation: IAM_OPERATION }), 'failure'],
    ['an IAM token', event('success', { operation: IAM_OPERATION, status: 201 }), 'neutral'],
    ['an IAM refusal', event('http_error', { operation: IAM_OPERATION, status: 401 }), 'neutral'],
  ])('%s -> %s', (_name, attempt, verdict) => {
    expect(attemptVerdict(attempt)).toBe(verdict);
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
