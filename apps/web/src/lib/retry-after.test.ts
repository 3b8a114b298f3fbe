import { describe, expect, it } from 'vitest';
import {
  MAX_RETRY_AFTER_MS,
  MIN_RETRY_AFTER_MS,
  parseRetryAfter,
  retryAfterFromDetails,
  retryAfterMs,
} from './retry-after';

const NOW = Date.UTC(2026, 4, 12, 10, 0, 0);

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('12', NOW)).toBe(12_000);
    expect(parseRetryAfter(' 30 ', NOW)).toBe(30_000);
    expect(parseRetryAfter('299', NOW)).toBe(299_000);
  });

  it('reads an IMF-fixdate relative to now', () => {
    expect(parseRetryAfter('Tue, 12 May 2026 10:00:45 GMT', NOW)).toBe(45_000);
  });

  it('reads the obsolete HTTP-date formats too (RFC 9110 §5.6.7)', () => {
    expect(parseRetryAfter('Tuesday, 12-May-26 10:01:00 GMT', NOW)).toBe(60_000);
  });

  it('bounds a wait to at least 1 s: 0, and a date already past', () => {
    expect(parseRetryAfter('0', NOW)).toBe(MIN_RETRY_AFTER_MS);
    expect(parseRetryAfter('Tue, 12 May 2026 09:00:00 GMT', NOW)).toBe(MIN_RETRY_AFTER_MS);
  });

  it('bounds a wait to at most 5 minutes', () => {
    expect(MAX_RETRY_AFTER_MS).toBe(300_000);
    expect(parseRetryAfter('3600', NOW)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('Wed, 13 May 2026 10:00:00 GMT', NOW)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('99999999999999999999', NOW)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('is null when absent or unreadable, never a guess', () => {
    for (const header of [
      null,
      undefined,
      '',
      '   ',
      '-3',
      '1.5',
      '12s',
      'soon',
      'Tue, 99 Foo 2026',
      '0x10',
    ]) {
      expect(parseRetryAfter(header, NOW), String(header)).toBeNull();
    }
  });
});

describe('retryAfterFromDetails', () => {
  it('reads the BFF body hint in seconds, bounded', () => {
    expect(retryAfterFromDetails({ retry_after_s: 20 })).toBe(20_000);
    expect(retryAfterFromDetails({ retry_after_s: 0 })).toBe(MIN_RETRY_AFTER_MS);
    expect(retryAfterFromDetails({ retry_after_s: 900 })).toBe(MAX_RETRY_AFTER_MS);
  });

  it('ignores anything that is not a non-negative number', () => {
    for (const value of [undefined, '20', -1, Number.NaN, Number.POSITIVE_INFINITY, null, {}]) {
      expect(retryAfterFromDetails({ retry_after_s: value }), JSON.stringify(value)).toBeNull();
    }
  });
});

describe('retryAfterMs', () => {
  it('prefers the header, falls back to details, else null', () => {
    expect(retryAfterMs('7', { retry_after_s: 40 }, NOW)).toBe(7_000);
    expect(retryAfterMs(null, { retry_after_s: 40 }, NOW)).toBe(40_000);
    expect(retryAfterMs('garbage', { retry_after_s: 40 }, NOW)).toBe(40_000);
    expect(retryAfterMs(null, {}, NOW)).toBeNull();
  });
});
