import { EXPIRY_BUCKETS } from '@csms-console/api-contract';
import { describe, expect, it } from 'vitest';
import { BUCKET_DISPLAY, bucketLabel, expiryScannedAt } from './list-expiry';

describe('BUCKET_DISPLAY', () => {
  it('gives every bucket its own label and icon', () => {
    expect(new Set(EXPIRY_BUCKETS.map(bucketLabel)).size).toBe(EXPIRY_BUCKETS.length);
    expect(new Set(EXPIRY_BUCKETS.map((b) => BUCKET_DISPLAY[b].icon)).size).toBe(EXPIRY_BUCKETS.length);
    expect(bucketLabel('7d')).toBe('Within 7 days');
  });
});

describe('expiryScannedAt', () => {
  it('is the scan time when the answer has one, null before a scan or from an older BFF', () => {
    expect(expiryScannedAt({ expiry_scanned_at: 1_800_000_000_000 })).toBe(1_800_000_000_000);
    expect(expiryScannedAt({ expiry_scanned_at: null })).toBeNull();
    expect(expiryScannedAt({})).toBeNull();
  });
});
