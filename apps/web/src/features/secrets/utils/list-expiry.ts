/**
 * The secrets list's expiry columns (issue 11 item 4): how a secret's worst bucket reads (text and icon, the
 * colour only a second cue, like the state column), and whether the answer has expiries to show at all.
 */
import type { ExpiryBucket, SecretList } from '@csms-console/api-contract';

export const BUCKET_DISPLAY: Record<ExpiryBucket, { label: string; icon: string; tone: string }> = {
  expired: { label: 'Expired', icon: '✖', tone: 'status-danger' },
  '7d': { label: 'Within 7 days', icon: '⚠', tone: 'status-warn' },
  '30d': { label: 'Within 30 days', icon: '◔', tone: 'status-within_30_days' },
  '90d': { label: 'Within 90 days', icon: '◑', tone: 'status-good' },
  later: { label: 'Later', icon: '✔', tone: 'status-good' },
  none: { label: 'No expiry', icon: '∞', tone: 'status-neutral' },
};

/**
 * When the fleet scan the expiries come from started; null when the BFF has no scan for the account yet
 * (or is older and does not say): then the list shows no expiry columns rather than a column of blanks.
 */
export function expiryScannedAt(list: Pick<SecretList, 'expiry_scanned_at'>): number | null {
  return list.expiry_scanned_at ?? null;
}
