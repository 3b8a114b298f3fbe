/**
 * The secrets list's expiry columns (issue 11 item 4): how a secret's worst bucket reads (text and icon, the
 * colour only a second cue, like the state column), and whether the answer has expiries to show at all.
 */
import type { ExpiryBucket, SecretList } from '@csms-console/api-contract';
import { t } from '../../../lib/i18n';

export const BUCKET_DISPLAY: Record<ExpiryBucket, { icon: string; tone: string }> = {
  expired: { icon: '✖', tone: 'status-danger' },
  '7d': { icon: '⚠', tone: 'status-warn' },
  '30d': { icon: '◔', tone: 'status-within_30_days' },
  '90d': { icon: '◑', tone: 'status-good' },
  later: { icon: '✔', tone: 'status-good' },
  none: { icon: '∞', tone: 'status-neutral' },
};

/** `Within 7 days`... in the active language (call it while rendering). */
export function bucketLabel(bucket: ExpiryBucket): string {
  return t(`secrets.bucket.${bucket}`);
}

/**
 * When the fleet scan the expiries come from started; null when the BFF has no scan for the account yet
 * (or is older and does not say): then the list shows no expiry columns rather than a column of blanks.
 */
export function expiryScannedAt(list: Pick<SecretList, 'expiry_scanned_at'>): number | null {
  return list.expiry_scanned_at ?? null;
}
