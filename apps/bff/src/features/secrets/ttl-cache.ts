/**
 * A small time-boxed cache for slow-changing CSMS inputs (the notification answer's event and records), over
 * lru-cache's TTL entries on the app's clock. An entry is fresh for `ttlMs` counted from when its load
 * started, so nothing is served older than `ttlMs` after CSMS answered. Only successful loads are kept: a
 * failure goes to its caller and the next request asks again. `ttlMs` 0 turns caching off. At most
 * `maxEntries` keys; the least recently used goes first.
 */
import { LRUCache } from 'lru-cache';

export class TtlCache<V extends NonNullable<unknown>> {
  readonly #entries: LRUCache<string, V>;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
    maxEntries = 1000,
  ) {
    // ttlResolution 0: read the clock on every check (a test clock jumps; the default caches it for 1 ms).
    this.#entries = new LRUCache({ max: maxEntries, ttl: ttlMs, ttlResolution: 0, perf: { now } });
  }

  async get(key: string, load: () => Promise<V>): Promise<V> {
    if (this.ttlMs <= 0) return load();
    // lru-cache serves up to and including age == ttl, and a start "in the future" after the clock went
    // back; ours is fresh only for 0 <= age < ttl, i.e. a remaining TTL in (0, ttl].
    const remaining = this.#entries.getRemainingTTL(key);
    const hit = remaining > 0 && remaining <= this.ttlMs ? this.#entries.get(key) : undefined;
    if (hit !== undefined) return hit;
    const at = this.now();
    const value = await load();
    this.#entries.set(key, value, { start: at });
    return value;
  }
}
