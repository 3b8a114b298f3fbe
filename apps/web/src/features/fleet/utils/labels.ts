import type { ExpiryBucket, FleetNotify } from '@csms-console/api-contract';

/** How the board names each bucket (api-contract's fleet.ts defines them). */
export const BUCKET_LABEL: Record<ExpiryBucket, string> = {
  expired: 'Expired',
  '7d': 'Within 7 days',
  '30d': 'Within 30 days',
  '90d': 'Within 90 days',
  later: 'Later',
  none: 'No expiry',
};

/**
 * The "CSMS notifies" column: Yes, or No with the link that is missing (the same reasons as a secret page's
 * notification answer, features/versions/utils/notification.ts), or Unknown when the scan could not read
 * the secret's event. Said in words, so a screen reader reads the whole answer.
 */
export const NOTIFY_LABEL: Record<FleetNotify, string> = {
  ok: 'Yes',
  not_subscribed: 'No: not subscribed',
  event_missing: 'No: event missing',
  event_disabled: 'No: event disabled',
  event_type_missing: 'No: event lacks expiry',
  unknown: 'Unknown: event not read',
};

/** Ascending order of the column: every No first (by reason), then Unknown, then Yes. */
export const NOTIFY_ORDER: readonly FleetNotify[] = [
  'not_subscribed',
  'event_missing',
  'event_disabled',
  'event_type_missing',
  'unknown',
  'ok',
];

/** The board's notify filter: `yes` keeps versions CSMS will notify about, `no` those it will not. */
export const NOTIFY_FILTERS = ['yes', 'no'] as const;
export type NotifyFilter = (typeof NOTIFY_FILTERS)[number];

/** Whether `notify` passes the filter; an unknown answer is neither yes nor no. */
export function notifyMatches(notify: FleetNotify, filter: NotifyFilter): boolean {
  if (notify === 'unknown') return false;
  return (notify === 'ok') === (filter === 'yes');
}
