/**
 * A small time-boxed cache for slow-changing CSMS inputs (the notification answer's event and records).
 * An entry is fresh for `ttlMs` counted from when its load started, so nothing is served older than `ttlMs`
 * after CSMS answered. Only successful loads are kept: a failure goes to its caller and the next request asks
 * again. `ttlMs` 0 turns caching off. At most `maxEntries` keys; the oldest goes first.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { at: number; value: V }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly maxEntries = 1000,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    if (this.ttlMs <= 0) return load();
    const at = this.now();
    const hit = this.#entries.get(key);
    if (hit && at >= hit.at && at - hit.at < this.ttlMs) return hit.value;
    const value = await load();
    this.#entries.delete(key);
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { at, value });
    return value;
  }
}
