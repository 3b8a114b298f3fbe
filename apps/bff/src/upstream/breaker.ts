/**
 * A consecutive-failure circuit breaker for one account (docs/security.md §1.11). It counts CSMS *attempts*, not
 * calls: each attempt that failed in a retryable way (5xx, timeout, network) counts, each answer CSMS gave on
 * purpose (a 2xx, or any 4xx) resets the count, and the caller's own stops (abort, shutdown, bad input) are
 * neutral. After `threshold` failures in a row it opens: calls get 503 `upstream_unavailable` at once for
 * `openMs`, and no call admitted earlier starts another retry. Then exactly one call is let through
 * (half-open); its first decisive attempt closes the breaker or re-opens it for another `openMs`, so a
 * failing probe costs CSMS one request.
 *
 * When to open is cockatiel's `IBreaker` (default `ConsecutiveBreaker(threshold)`; a `SamplingBreaker` fits
 * too). The states stay ours, because cockatiel's `CircuitBreakerPolicy` differs where it matters here: its
 * half-open state makes other callers wait for the probe (ignoring their abort signals) instead of failing
 * them at once, it counts a probe that ended neutrally (the caller gave up, an IAM token) as a success and
 * closes, and it reads `Date.now()` only, so the open period cannot run on an injected clock.
 */
import { CircuitState, ConsecutiveBreaker, type IBreaker } from 'cockatiel';
import type { BreakerState } from './types.js';
import { AppError } from '../errors.js';

export type BreakerVerdict = 'healthy' | 'failure' | 'neutral';

export interface BreakerOptions {
  /** Failed attempts in a row that open it (docs/security.md §1.11: 10); ignored when `breaker` is given. */
  threshold?: number;
  /** cockatiel's rule for when to open; default `new ConsecutiveBreaker(threshold)`. */
  breaker?: IBreaker;
  openMs?: number;
  now?: () => number;
  onStateChange?: (state: BreakerState) => void;
}

/** One admitted call. */
export interface BreakerPermit {
  /** One attempt of the call ended (called for every attempt, retries included). */
  attempt(verdict: BreakerVerdict): void;
  /** Whether the call may start a retry now: only while the breaker is closed. */
  mayRetry(): boolean;
  /** The call ended, after a last attempt with `verdict` if given; later reports are ignored. */
  done(verdict?: BreakerVerdict): void;
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
  readonly #counter: IBreaker;
  readonly #openMs: number;
  readonly #now: () => number;
  readonly #onStateChange: ((state: BreakerState) => void) | undefined;
  #state: BreakerState = 'closed';
  #openedAt = 0;
  #probing = false;

  constructor(options: BreakerOptions = {}) {
    this.#counter = options.breaker ?? new ConsecutiveBreaker(options.threshold ?? 10);
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
    let ended = false;
    let deciding = probe;
    const attempt = (verdict: BreakerVerdict) => {
      if (ended) return;
      // A probe's first healthy or failed attempt decides; after that its attempts count like any other.
      const decides = deciding && verdict !== 'neutral';
      if (decides) {
        deciding = false;
        this.#probing = false;
      }
      this.#record(verdict, decides);
    };
    return {
      attempt,
      mayRetry: () => !ended && this.state === 'closed',
      done: (verdict) => {
        if (verdict !== undefined) attempt(verdict);
        if (ended) return;
        ended = true;
        if (deciding) this.#probing = false; // the probe decided nothing (e.g. the caller gave up)
      },
    };
  }

  #record(verdict: BreakerVerdict, probe: boolean): void {
    if (verdict === 'neutral') return;
    if (verdict === 'healthy') {
      this.#counter.success(this.#state === 'closed' ? CircuitState.Closed : CircuitState.HalfOpen);
      if (probe || this.#state !== 'open') this.#set('closed');
      return;
    }
    if (probe) return this.#open();
    // An attempt admitted while closed that fails after the breaker opened must not extend the open period.
    if (this.#state !== 'closed') return;
    if (this.#counter.failure(CircuitState.Closed)) this.#open();
  }

  #open(): void {
    this.#openedAt = this.#now();
    this.#set('open');
  }

  #set(state: BreakerState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#onStateChange?.(state);
  }
}
