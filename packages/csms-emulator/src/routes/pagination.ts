/**
 * Marker pagination (docs/csms-api.md §2.5, §3.1): items after the marker, up to `limit`. `next_marker` (the last
 * item's key) is present only while more items remain, so "stop when next_marker is missing" and "stop on a
 * short page" both end the walk; `previous_marker` is the first item's key; `current_count` the page size.
 */

export interface Page<T> {
  items: T[];
  more: boolean;
}

/** Index of the first key strictly greater than `marker` in ascending `keys`. */
export function indexAfter<K>(keys: readonly K[], marker: K, compare: (a: K, b: K) => number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(keys[mid]!, marker) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function takePage<T>(
  items: readonly T[],
  start: number,
  limit: number,
  keep?: (item: T) => boolean,
): Page<T> {
  const page: T[] = [];
  for (let i = start; i < items.length; i++) {
    const item = items[i]!;
    if (keep && !keep(item)) continue;
    if (page.length === limit) return { items: page, more: true };
    page.push(item);
  }
  return { items: page, more: false };
}

export function pageInfo<T>(page: Page<T>, key: (item: T) => string): Record<string, unknown> {
  const info: Record<string, unknown> = {};
  const first = page.items[0];
  const last = page.items.at(-1);
  if (page.more && last !== undefined) info.next_marker = key(last);
  if (first !== undefined) info.previous_marker = key(first);
  info.current_count = page.items.length;
  return info;
}

/** Code-unit order, the order ListSecrets and ListSecretEvents use. */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
