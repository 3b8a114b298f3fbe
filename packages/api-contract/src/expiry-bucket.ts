/**
 * The fleet's expiry buckets, defined once for the BFF and the web app alike: which bucket a version's expiry
 * falls in, and which of several buckets is the most urgent (a secret's worst version).
 */
import { z } from 'zod/mini';

const DAY_MS = 86_400_000;

/** Most urgent first: `worstBucket` relies on this order. */
export const EXPIRY_BUCKETS = ['expired', '7d', '30d', '90d', 'later', 'none'] as const;
export const ExpiryBucketSchema = z.enum(EXPIRY_BUCKETS);
export type ExpiryBucket = z.infer<typeof ExpiryBucketSchema>;

/** Upper bounds (inclusive, ms after `now`) of the time-bounded buckets, nearest first. */
const BUCKET_LIMITS: readonly (readonly [ExpiryBucket, number])[] = [
  ['7d', 7 * DAY_MS],
  ['30d', 30 * DAY_MS],
  ['90d', 90 * DAY_MS],
];

/**
 * The bucket of an expiry at `now` (both epoch ms): `expired` when `expireTime <= now`; `7d`, `30d`, `90d`
 * when it falls at most that many days after `now` (and in no nearer bucket); `later` beyond 90 days; `none`
 * when the version has no expiry.
 */
export function expiryBucket(expireTime: number | null, now: number): ExpiryBucket {
  if (expireTime === null) return 'none';
  const ahead = expireTime - now;
  if (ahead <= 0) return 'expired';
  for (const [bucket, limit] of BUCKET_LIMITS) if (ahead <= limit) return bucket;
  return 'later';
}

/**
 * The most urgent of `buckets` (expired < 7d < 30d < 90d < later < none), or undefined when there are none.
 * A secret's worst bucket is its versions' worst: one expired version makes the secret `expired`.
 */
export function worstBucket(buckets: Iterable<ExpiryBucket>): ExpiryBucket | undefined {
  let worst: ExpiryBucket | undefined;
  for (const bucket of buckets)
    if (worst === undefined || EXPIRY_BUCKETS.indexOf(bucket) < EXPIRY_BUCKETS.indexOf(worst)) worst = bucket;
  return worst;
}
