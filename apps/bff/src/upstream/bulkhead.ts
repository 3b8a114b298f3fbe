/**
 * A bulkhead (docs/security.md §1.11): at most `maxConcurrent` calls run at once; up to `maxQueue` more wait in
 * FIFO order for at most `queueWaitMs`. A full queue or a wait that runs out fails with 503 `upstream_busy`;
 * an aborted signal takes its waiter out of the queue and rejects with the signal's reason.
 */
import { AppError } from '../errors.js';

export interface BulkheadOptions {
  maxConcurrent: number;
  maxQueue: number;
  queueWaitMs: number;
  /** Names the pool in errors (`details.pool`). */
  name?: string;
}

interface Waiter {
  start: () => void;
  fail: (error: Error) => void;
}

export function busyError(pool: string, reason: 'queue_full' | 'queue_timeout'): AppError {
  return new AppError(
    503,
    'upstream_busy',
    'The console is sending as many requests to Huawei Cloud as it allows at once. Try again in a moment.',
    { pool, reason },
    { 'Retry-After': '1' },
  );
}

export class Bulkhead {
  readonly #options: Required<BulkheadOptions>;
  readonly #queue: Waiter[] = [];
  #active = 0;

  constructor(options: BulkheadOptions) {
    this.#options = { name: 'default', ...options };
  }

  /** Calls running now. */
  get active(): number {
    return this.#active;
  }

  /** Calls waiting for a slot. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Runs `fn` once a slot is free; the slot is released however `fn` ends. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.#acquire(signal);
    try {
      return await fn();
    } finally {
      this.#release();
    }
  }

  #acquire(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    if (this.#active < this.#options.maxConcurrent && this.#queue.length === 0) {
      this.#active++;
      return Promise.resolve();
    }
    if (this.#queue.length >= this.#options.maxQueue) {
      return Promise.reject(busyError(this.#options.name, 'queue_full'));
    }
    return new Promise<void>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const at = this.#queue.indexOf(waiter);
        if (at >= 0) this.#queue.splice(at, 1);
      };
      const waiter: Waiter = {
        start: () => {
          settle();
          this.#active++;
          resolve();
        },
        fail: (error) => {
          settle();
          reject(error);
        },
      };
      const onAbort = () => waiter.fail(signal?.reason as Error);
      const timer = setTimeout(
        () => waiter.fail(busyError(this.#options.name, 'queue_timeout')),
        this.#options.queueWaitMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(waiter);
    });
  }

  #release(): void {
    this.#active--;
    this.#queue[0]?.start();
  }
}
