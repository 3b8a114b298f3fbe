import type { ExpiryBucket } from '@csms-console/api-contract';

/** How the board names each bucket (api-contract's fleet.ts defines them). */
export const BUCKET_LABEL: Record<ExpiryBucket, string> = {
  expired: 'Expired',
  '7d': 'Within 7 days',
  '30d': 'Within 30 days',
  '90d': 'Within 90 days',
  later: 'Later',
  none: 'No expiry',
};
