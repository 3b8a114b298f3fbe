import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF, networkCodeOf, parseRetryAfter } from './retry-policy.js';

describe('backoffDelay (full jitter)', () => {
  it('is random(0, min(cap, base * 2^n)): 200 ms base, 2 s cap for 5xx; 1 s base, 5 s cap for 429', () => {
    const top = () => 0.999_999;
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(DEFAULT_BACKOFF, false, n, top))).toEqual([
      199, 399, 799, 1599, 1999,
    ]);
    expect([0, 1, 2, 3].map((n) => backoffDelay(DEFAULT_BACKOFF, true, n, top))).toEqual([
      999, 1999, 3999, 4999,
    ]);
    expect(backoffDelay(DEFAULT_BACKOFF, true, 3, () => 0)).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2030, 0, 1);
  it.each([
    ['1', 1000],
    [' 5 ', 5000],
    ['0', 0],
    [new Date(now + 4000).toUTCString(), 4000],
    [new Date(now - 4000).toUTCString(), 0],
    ['-1', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j -> %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('networkCodeOf', () => {
  it('keeps well-formed codes only', () => {
    expect(networkCodeOf(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    expect(networkCodeOf(Object.assign(new Error('x'), { code: 'bad code\n' }))).toBe('UNKNOWN');
    expect(networkCodeOf(null)).toBe('UNKNOWN');
  });
});
