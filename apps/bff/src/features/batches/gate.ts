/**
 * A FIFO counting semaphore: at most `limit` slots are held at once; the others wait their turn, in the order
 * they asked. A batch run holds one for its CSMS calls and one for its items in progress (batch-runner.ts).
 */
export class Gate {
  #held = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('a gate needs a limit of at least 1');
  }

  /** Waits for a slot; the function returned gives it back (only the first call counts). */
  async acquire(): Promise<() => void> {
    if (this.#held < this.limit) this.#held++;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve)); // the slot is handed over
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const next = this.#waiting.shift();
      if (next) next();
      else this.#held--;
    };
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
