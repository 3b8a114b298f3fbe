import { describe, expect, it } from 'vitest';
import { ApiError } from './api-client';
import {
  DEFAULT_WAIT_MS,
  MAX_WAITED_RETRIES,
  readRetryDelay,
  readRetryWait,
  shouldRetryRead,
  writeRetryWait,
} from './retry-wait';

const err = (
  status: number,
  code: ConstructorParameters<typeof ApiError>[1],
  retryAfterMs: number | null = null,
) => new ApiError(status, code, 'message', 'req-1', {}, retryAfterMs);

describe('read retries', () => {
  it('retries a 429/503 a bounded number of times after the server-asked wait', () => {
    const limited = err(429, 'rate_limited', 12_000);
    const breaker = err(503, 'upstream_unavailable', 30_000);
    for (let n = 0; n < MAX_WAITED_RETRIES; n++) {
      expect(shouldRetryRead(n, limited)).toBe(true);
      expect(shouldRetryRead(n, breaker)).toBe(true);
    }
    expect(shouldRetryRead(MAX_WAITED_RETRIES, limited)).toBe(false);
    // Whatever the failure count, the delay is the server's, not a backoff.
    expect(readRetryDelay(0, limited)).toBe(12_000);
    expect(readRetryDelay(3, limited)).toBe(12_000);
    expect(readRetryDelay(3, breaker)).toBe(30_000);
  });

  it('waits a default when a 429/503 names no Retry-After', () => {
    expect(readRetryDelay(0, err(503, 'audit_unavailable'))).toBe(DEFAULT_WAIT_MS);
  });

  it('never retries another 4xx; retries anything else once with a backoff', () => {
    expect(shouldRetryRead(0, err(401, 'unauthenticated'))).toBe(false);
    expect(shouldRetryRead(0, err(404, 'secret_not_found'))).toBe(false);
    const failed = err(502, 'upstream_auth');
    expect(shouldRetryRead(0, failed)).toBe(true);
    expect(shouldRetryRead(1, failed)).toBe(false);
    expect(readRetryDelay(0, failed)).toBe(1_000);
    expect(shouldRetryRead(0, new TypeError('boom'))).toBe(true);
  });
});

describe('readRetryWait', () => {
  it('is "auto" while a fetch waits after a 429/503, due at arrival + the wait', () => {
    const e = err(429, 'rate_limited', 12_000);
    const wait = readRetryWait({ fetchStatus: 'fetching', failureReason: e, isError: false, error: null });
    expect(wait).toEqual({ kind: 'auto', error: e, retryAt: e.receivedAt + 12_000 });
  });

  it('is "stopped" once the retries are used up', () => {
    const e = err(503, 'upstream_busy', 1_000);
    expect(readRetryWait({ fetchStatus: 'idle', failureReason: e, isError: true, error: e })).toEqual({
      kind: 'stopped',
      error: e,
    });
  });

  it('is null for other failures and for a query not held up', () => {
    const e = err(500, 'internal_error');
    expect(
      readRetryWait({ fetchStatus: 'fetching', failureReason: e, isError: false, error: null }),
    ).toBeNull();
    expect(readRetryWait({ fetchStatus: 'idle', failureReason: e, isError: true, error: e })).toBeNull();
    expect(
      readRetryWait({ fetchStatus: 'idle', failureReason: null, isError: false, error: null }),
    ).toBeNull();
  });
});

describe('writeRetryWait', () => {
  it('tells when a refused write may be sent again, without scheduling anything', () => {
    const e = err(429, 'rate_limited', 20_000);
    expect(writeRetryWait(e)).toEqual({ kind: 'manual', error: e, retryAt: e.receivedAt + 20_000 });
    expect(writeRetryWait(err(409, 'expire_time_changed'))).toBeNull();
    expect(writeRetryWait(new Error('x'))).toBeNull();
  });
});
