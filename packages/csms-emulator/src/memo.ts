/**
 * A bounded memo of a pure function of a string, for values that come off the wire and repeat (paths,
 * SignedHeaders lists). The last key is checked first: comparing a fresh string with it is cheaper than
 * hashing it for the map, and a client sends the same values request after request. Cleared when full.
 */
export class StringMemo<V> {
  private lastKey: string | undefined;
  private lastValue: V | undefined;
  private readonly values = new Map<string, V>();

  constructor(
    private readonly compute: (key: string) => V,
    private readonly capacity = 4096,
  ) {}

  get(key: string): V {
    if (key === this.lastKey) return this.lastValue as V;
    let value = this.values.get(key);
    if (value === undefined) {
      value = this.compute(key);
      if (this.values.size >= this.capacity) this.values.clear();
      this.values.set(key, value);
    }
    this.lastKey = key;
    this.lastValue = value;
    return value;
  }
}
