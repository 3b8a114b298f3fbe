/** Pure rules of the versions table: order, stages, and what CSMS may delete. */
import type { SecretState, Version } from '@csms-console/api-contract';
import type { ExpiryStatus } from '../../../lib/time';

export const CURRENT_STAGE = 'SYSCURRENT';
/** CSMS keeps at most this many versions per secret; past it, the oldest unlabelled ones are deleted. */
export const CSMS_MAX_VERSIONS = 20;

/** `v12` → 12; NaN for anything that is not `v<digits>`. */
export function versionNumber(id: string): number {
  const match = /^v(\d+)$/.exec(id);
  return match ? Number(match[1]) : Number.NaN;
}

/**
 * Newest first: by create time, then by version number, then by id (so the order is total and stable even
 * when CSMS omits a create time or two versions share a second).
 */
export function sortNewestFirst(versions: readonly Version[]): Version[] {
  return [...versions].sort((a, b) => {
    const byTime = (b.create_time ?? -Infinity) - (a.create_time ?? -Infinity);
    if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
    const na = versionNumber(a.id);
    const nb = versionNumber(b.id);
    if (!Number.isNaN(na) && !Number.isNaN(nb) && na !== nb) return nb - na;
    return b.id.localeCompare(a.id);
  });
}

export function isCurrent(version: Version): boolean {
  return version.version_stages.includes(CURRENT_STAGE);
}

/** No stage label at all: CSMS may delete it once the secret exceeds its version limit. */
export function isUnlabelled(version: Version): boolean {
  return version.version_stages.length === 0;
}

/** SYSCURRENT first, then the other labels in the order CSMS gave them. */
export function orderedStages(stages: readonly string[]): string[] {
  return [...stages].sort((a, b) => Number(b === CURRENT_STAGE) - Number(a === CURRENT_STAGE));
}

/** The icon before an information note (aria-hidden; the note's words say it). */
export const INFO_ICON = 'ℹ ';

/** Text icons beside each expiry status label (status is never colour alone). */
export const EXPIRY_STATUS_ICON: Record<ExpiryStatus, string> = {
  expired: '✖',
  within_7_days: '⚠',
  within_30_days: '◔',
  ok: '✔',
  no_expiry: '∞',
};

/** Icon and tone of each secret state; its words are `versions.state.<STATE>` in the catalogues. */
export const SECRET_STATE_DISPLAY: Record<SecretState, { icon: string; tone: string }> = {
  ENABLED: { icon: '✔', tone: 'good' },
  DISABLED: { icon: '⊘', tone: 'danger' },
  PENDING_DELETE: { icon: '✖', tone: 'danger' },
  FROZEN: { icon: '❄', tone: 'warn' },
};
