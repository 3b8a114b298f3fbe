/**
 * The expiry timeline's data: one bar for the versions already expired, then one per week for the next 13
 * weeks (week n holds expiries in (now + (n-1) weeks, now + n weeks]), each bar split by stage kind so an
 * expired SYSCURRENT stands out from versions nothing reads.
 */
import type { FleetItem } from '@csms-console/api-contract';
import { DAY_MS } from '../../../lib/time';
import { stageKind, type StageKind } from './severity';

export const TIMELINE_WEEKS = 13;
const WEEK_MS = 7 * DAY_MS;

export type TimelineBins = Record<StageKind, number[]>;

/** Index 0 = expired, 1..13 = weeks ahead; versions without expiry or beyond 13 weeks are not drawn. */
export function timelineBins(items: readonly FleetItem[], now: number): TimelineBins {
  const empty = () => Array.from({ length: TIMELINE_WEEKS + 1 }, () => 0);
  const bins: TimelineBins = { current: empty(), labelled: empty(), unlabelled: empty() };
  for (const item of items) {
    if (item.expire_time === null) continue;
    const ahead = item.expire_time - now;
    const index = item.bucket === 'expired' || ahead <= 0 ? 0 : Math.ceil(ahead / WEEK_MS);
    if (index > TIMELINE_WEEKS) continue;
    bins[stageKind(item.stages)][index]! += 1;
  }
  return bins;
}
