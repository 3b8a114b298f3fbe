/** The most urgent bucket of a set, and the list answer's expiry fields (optional: old answers still parse). */
import { describe, expect, it } from 'vitest';
import { EXPIRY_BUCKETS, SecretListSchema, expiryBucket, worstBucket, type ExpiryBucket } from './index.js';

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;

describe('worstBucket', () => {
  it('orders expired < 7d < 30d < 90d < later < none', () => {
    // Every pair, both ways: the earlier bucket in the order always wins.
    const order: ExpiryBucket[] = ['expired', '7d', '30d', '90d', 'later', 'none'];
    for (const [i, a] of order.entries())
      for (const b of order.slice(i)) {
        expect(worstBucket([a, b])).toBe(a);
        expect(worstBucket([b, a])).toBe(a);
      }
    expect([...EXPIRY_BUCKETS]).toEqual(order);
  });

  it('is undefined for no buckets, the bucket itself for one', () => {
    expect(worstBucket([])).toBeUndefined();
    expect(worstBucket(['later'])).toBe('later');
    expect(worstBucket(new Set<ExpiryBucket>(['none', '90d', 'later']))).toBe('90d');
  });

  it("agrees with the earliest expiry's bucket", () => {
    const times = [NOW + 40 * DAY, null, NOW + 3 * DAY, NOW + 400 * DAY];
    expect(worstBucket(times.map((t) => expiryBucket(t, NOW)))).toBe(expiryBucket(NOW + 3 * DAY, NOW));
  });
});

describe('SecretListSchema expiry fields', () => {
  const secret = {
    id: 'id-1',
    name: 'a',
    state: 'ENABLED',
    secret_type: null,
    kms_key_id: null,
    description: null,
    create_time: null,
    update_time: null,
    scheduled_delete_time: null,
    event_subscriptions: [],
  };

  it('parses an answer without them', () => {
    const parsed = SecretListSchema.parse({ secrets: [secret], next_marker: null, truncated: false });
    expect(parsed.secrets[0]).not.toHaveProperty('worst_bucket');
    expect(parsed.expiry_scanned_at).toBeUndefined();
  });

  it('parses them, and refuses a bucket that does not exist', () => {
    const answer = {
      secrets: [{ ...secret, nearest_expire_time: NOW, worst_bucket: 'expired' }],
      next_marker: null,
      truncated: false,
      expiry_scanned_at: NOW,
    };
    expect(SecretListSchema.parse(answer).secrets[0]?.worst_bucket).toBe('expired');
    const wrong = { ...answer, secrets: [{ ...secret, worst_bucket: 'soon' }] };
    expect(SecretListSchema.safeParse(wrong).success).toBe(false);
  });
});
