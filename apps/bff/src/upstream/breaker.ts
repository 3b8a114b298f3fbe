/**
 * A consecutive-failure circuit breaker for one account (security.md §1.11). It opens after `threshold`
 * retryable failures in a row, answers 503 `upstream_unavailable` at once for `openMs`, then lets exactly
 * one probe through (half-open): a healthy probe closes it, a failed one re-opens it for another `openMs`.
 * What counts is the caller's verdict: `failure` counts, `healthy` (a 2xx, or any 4xx: CSMS answered on
 * purpose) resets the count, `neutral` (the caller gave up, shutdown, bad input) changes nothing.
 */
import type { BreakerState } from './types.js';
import { AppError } from '../errors.js';

export type BreakerVerdict = 'healthy' | 'failure' | 'neutral';

export interface BreakerOptions {
  threshold?: number;
  openMs?: number;
  now?: () => number;
  onStateChange?: (state: BreakerState) => void;
}

/** One admitted call; report how it ended exactly once. */
export interface BreakerPermit {
  done(verdict: BreakerVerdict): void;
}

export function breakerOpenError(state: BreakerState, retryAfterMs: number): AppError {
  return new AppError(
    503,
    'upstream_unavailable',
    'Huawei Cloud CSMS has been failing, so the console has paused calls to it for a short while. Try again shortly.',
    { breaker: state },
    { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
  );
}

export class CircuitBreaker {
  readonly #threshold: number;
  readonly #openMs: number;
  readonly #now: () => number;
  readonly #onStateChange: ((state: BreakerState) => void) | undefined;
  #state: BreakerState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #probing = false;

  constructor(options: BreakerOptions = {}) {
    this.#threshold = options.threshold ?? 5;
    this.#openMs = options.openMs ?? 30_000;
    this.#now = options.now ?? Date.now;
    this.#onStateChange = options.onStateChange;
  }

  /** The state now (an open breaker whose time is up reads as half-open). */
  get state(): BreakerState {
    if (this.#state === 'open' && this.#now() - this.#openedAt >= this.#openMs) this.#set('half_open');
    return this.#state;
  }

  /** Admits a call or throws the breaker's 503 without calling anyone. */
  acquire(): BreakerPermit {
    const state = this.state;
    if (state === 'open') throw breakerOpenError('open', this.#openedAt + this.#openMs - this.#now());
    if (state === 'half_open') {
      if (this.#probing) throw breakerOpenError('half_open', 1000);
      this.#probing = true;
      return this.#permit(true);
    }
    return this.#permit(false);
  }

  #permit(probe: boolean): BreakerPermit {
    let settled = false;
    return {
      done: (verdict) => {
        if (settled) return;
        settled = true;
        if (probe) this.#probing = false;
        this.#record(verdict, probe);
      },
    };
  }

  #record(verdict: BreakerVerdict, probe: boolean): void {
    if (verdict === 'neutral') return;
    if (verdict === 'healthy') {
      this.#failures = 0;
      if (probe || this.#state !== 'open') this.#set('closed');
      return;
    }
    if (probe) return this.#open();
    // A call admitted while closed that fails after the breaker opened must not extend the open period.
    if (this.#state !== 'closed') return;
    if (++this.#failures >= this.#threshold) this.#open();
  }

  #open(): void {
    this.#openedAt = this.#now();
    this.#failures = 0;
    this.#set('open');
  }

  #set(state: BreakerState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#onStateChange?.(state);
  }
}
