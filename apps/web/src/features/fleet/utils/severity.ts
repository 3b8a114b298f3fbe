/**
 * The board's default order, stage-aware: how urgent a version's expiry is depends on what uses it. An
 * expired SYSCURRENT version breaks whatever reads the secret now; an expired version with other labels
 * (e.g. SYSPREVIOUS, a rollback target) matters less; an expired unlabelled version is used by nothing and
 * CSMS may delete it anyway, so it comes last among the expired. Defined once, here.
 */
import { EXPIRY_BUCKETS, type FleetItem } from '@csms-console/api-contract';

export const CURRENT_STAGE = 'SYSCURRENT';

export type StageKind = 'current' | 'labelled' | 'unlabelled';

export function stageKind(stages: readonly string[]): StageKind {
  if (stages.includes(CURRENT_STAGE)) return 'current';
  return stages.length === 0 ? 'unlabelled' : 'labelled';
}

const STAGE_RANK: Record<StageKind, number> = { current: 0, labelled: 1, unlabelled: 2 };

/**
 * Ascending = most severe first: by bucket (expired, 7d, 30d, 90d, later, none), then by stage (SYSCURRENT,
 * other labels, unlabelled), then soonest (longest expired) first, then by secret and version so the order
 * is total and stable.
 */
export function compareSeverity(a: FleetItem, b: FleetItem): number {
  return (
    EXPIRY_BUCKETS.indexOf(a.bucket) - EXPIRY_BUCKETS.indexOf(b.bucket) ||
    STAGE_RANK[stageKind(a.stages)] - STAGE_RANK[stageKind(b.stages)] ||
    (a.expire_time ?? Infinity) - (b.expire_time ?? Infinity) ||
    a.secret.localeCompare(b.secret) ||
    a.version.localeCompare(b.version)
  );
}
