import type { ExpiryBucket } from '@csms-console/api-contract';
import { BUCKET_DISPLAY, bucketLabel } from '../utils/list-expiry';

/** A secret's most urgent expiry bucket as text and icon (colour is only a second cue). */
export function BucketBadge({ bucket }: { bucket: ExpiryBucket }) {
  const { icon, tone } = BUCKET_DISPLAY[bucket];
  return (
    <span className={`status ${tone}`}>
      <span aria-hidden="true">{icon}</span>
      {bucketLabel(bucket)}
    </span>
  );
}
