/** The fleet view's buckets and `within`, at every bound (one millisecond either side). */
import { describe, expect, it } from 'vitest';
import { ExpiryQuerySchema, expiryBucket, isWithin } from './index.js';

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;

describe('expiryBucket', () => {
  it.each([
    [null, 'none'],
    [0, 'expired'],
    [NOW - 1, 'expired'],
    [NOW, 'expired'],
    [NOW + 1, '7d'],
    [NOW + 7 * DAY, '7d'],
    [NOW + 7 * DAY + 1, '30d'],
    [NOW + 30 * DAY, '30d'],
    [NOW + 30 * DAY + 1, '90d'],
    [NOW + 90 * DAY, '90d'],
    [NOW + 90 * DAY + 1, 'later'],
    [NOW + 3650 * DAY, 'later'],
  ] as const)('%s -> %s', (expireTime, bucket) => {
    expect(expiryBucket(expireTime, NOW)).toBe(bucket);
  });
});

describe('within', () => {
  it('holds what expires at most that many days ahead, expired included; all holds everything', () => {
    expect(isWithin(NOW - 100 * DAY, 0, NOW)).toBe(true);
    expect(isWithin(NOW, 0, NOW)).toBe(true);
    expect(isWithin(NOW + 1, 0, NOW)).toBe(false);
    expect(isWithin(NOW + 7 * DAY, 7, NOW)).toBe(true);
    expect(isWithin(NOW + 7 * DAY + 1, 7, NOW)).toBe(false);
    expect(isWithin(null, 3650, NOW)).toBe(false);
    expect(isWithin(null, 'all', NOW)).toBe(true);
  });

  it.each([
    ['0', 0],
    ['7', 7],
    ['3650', 3650],
    ['all', 'all'],
  ])('parses %s', (within, parsed) => {
    expect(ExpiryQuerySchema.parse({ within })).toEqual({ within: parsed });
  });

  it.each(['', '-1', '3651', '1.5', '07', '1e3', ' 7', 'ALL', 'none'])('refuses %j', (within) => {
    expect(ExpiryQuerySchema.safeParse({ within }).success).toBe(false);
  });

  it('refuses a repeated or unknown key, accepts none', () => {
    expect(ExpiryQuerySchema.safeParse({ within: ['1', '2'] }).success).toBe(false);
    expect(ExpiryQuerySchema.safeParse({ bucket: 'expired' }).success).toBe(false);
    expect(ExpiryQuerySchema.parse({})).toEqual({});
  });
});
