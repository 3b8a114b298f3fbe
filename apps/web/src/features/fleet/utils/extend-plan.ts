/** Pure rules of "Extend selected": the new expiry of a preset and the batch items it makes. */
import {
  MAX_BATCH_ITEMS,
  type BatchItemInput,
  type ExpiryPolicy,
  type FleetItem,
} from '@csms-console/api-contract';
import { addDaysPreset, floorToSecond } from '../../../lib/time';

export const EXTEND_PRESETS = [30, 90] as const;
export { MAX_BATCH_ITEMS };

/**
 * `now` + `days`, but never past the role's horizon (support: 90 days): the BFF refuses anything later, so
 * "+90 days" is at most now + 90 days, to the second.
 */
export function presetExpiry(now: number, days: number, policy: ExpiryPolicy): number {
  return Math.min(addDaysPreset(now, days), floorToSecond(now + policy.max_horizon_ms));
}

/** One batch item per selected version, each expecting the expiry the board showed. */
export function batchItems(items: readonly FleetItem[], expireTime: number): BatchItemInput[] {
  return items.map((item) => ({
    secret: item.secret,
    version: item.version,
    expire_time: expireTime,
    expected_expire_time: item.expire_time,
  }));
}

/** One `POST .../expiry-batches` worth of items: one account, at most MAX_BATCH_ITEMS versions. */
export interface BatchChunk<T> {
  account: string;
  items: T[];
}

/**
 * The BFF takes at most MAX_BATCH_ITEMS items of one account per batch: any selection becomes one chunk per
 * account and MAX_BATCH_ITEMS items, accounts in the order they first appear, items in the order given.
 */
export function chunkByAccount<T extends { account: string }>(
  items: readonly T[],
  size: number = MAX_BATCH_ITEMS,
): BatchChunk<T>[] {
  const byAccount = new Map<string, T[]>();
  for (const item of items) {
    const list = byAccount.get(item.account);
    if (list) list.push(item);
    else byAccount.set(item.account, [item]);
  }
  const chunks: BatchChunk<T>[] = [];
  for (const [account, list] of byAccount) {
    for (let start = 0; start < list.length; start += size) {
      chunks.push({ account, items: list.slice(start, start + size) });
    }
  }
  return chunks;
}
