/**
 * The secrets list's expiry columns (issue 11 item 4), from the fleet scan's cached rows: per secret, its
 * earliest version expiry and its most urgent bucket at `now`. A secret the cache does not hold, or whose
 * read failed in the scan, gets neither: the list says nothing rather than something a scan never saw.
 */
import { expiryBucket, worstBucket, type ExpiryBucket, type SecretSummary } from '@csms-console/api-contract';
import type { FleetSecretRow, FleetVersionRow } from '../../store/types.js';

export interface SecretExpiry {
  nearest_expire_time: number | null;
  worst_bucket: ExpiryBucket;
}

/** One secret's expiry from its scanned versions; a secret without versions has nothing due (`none`). */
export function secretExpiry(versions: readonly { expire_time: number | null }[], now: number): SecretExpiry {
  const times = versions.map((v) => v.expire_time).filter((t): t is number => t !== null);
  return {
    nearest_expire_time: times.length === 0 ? null : Math.min(...times),
    worst_bucket: worstBucket(versions.map((v) => expiryBucket(v.expire_time, now))) ?? 'none',
  };
}

/** `secrets` with the expiry of each one `rows` read successfully; the others unchanged. */
export function withExpiry<S extends SecretSummary>(
  secrets: readonly S[],
  rows: readonly FleetSecretRow[],
  now: number,
): (S & Partial<SecretExpiry>)[] {
  const read = new Map<string, FleetVersionRow[]>();
  for (const row of rows) if (row.error === null && row.versions !== null) read.set(row.secret, row.versions);
  return secrets.map((s) => {
    const versions = read.get(s.name);
    return versions === undefined ? s : { ...s, ...secretExpiry(versions, now) };
  });
}
