/**
 * The process's fleet-scan slots: at most `size` scan calls in flight across every account's scan, so the
 * scan pool's bulkhead (same size) never queues them past its wait and refuses one as busy. A priority
 * request (the next page of the secret listing) takes the next free slot ahead of the version reads, so
 * the listing keeps feeding the readers instead of waiting behind the ones it already fed.
 */
export class ScanSlots {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(size: number) {
    this.#free = size;
  }

  async run<T>(fn: () => Promise<T>, priority = false): Promise<T> {
    if (this.#free > 0) this.#free--;
    else
      await new Promise<void>((resolve) => {
        if (priority) this.#waiting.unshift(resolve);
        else this.#waiting.push(resolve);
      });
    try {
      return await fn();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}
