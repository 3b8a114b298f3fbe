import { EXPIRY_BUCKETS, type ExpiryBucket } from '@csms-console/api-contract';
import { t } from '../../../lib/i18n';
import { bucketLabel, formatCount } from '../utils/labels';

/** Versions per bucket; each count is a toggle that filters the table to (or off) that bucket. */
export function BucketCounts({
  counts,
  active,
  onToggle,
}: {
  counts: Record<ExpiryBucket, number>;
  active: readonly ExpiryBucket[];
  onToggle: (bucket: ExpiryBucket) => void;
}) {
  return (
    <ul className="bucket-counts" aria-label={t('fleet.buckets.label')}>
      {EXPIRY_BUCKETS.map((bucket) => (
        <li key={bucket}>
          <button
            type="button"
            className={`bucket-count bucket-${bucket}`}
            aria-pressed={active.includes(bucket)}
            onClick={() => onToggle(bucket)}
          >
            <span className="bucket-count-n">{formatCount(counts[bucket])}</span>
            <span className="bucket-count-label">{bucketLabel(bucket)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
