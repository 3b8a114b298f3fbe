/**
 * The process-wide policies a caller hands the transport, the way smithy's retry strategy owns its quota: a
 * retry quota (a budget that pays for each retry) and a circuit breaker (admits each call, hears each
 * attempt, may stop retries). The client ships no default for either: how much to retry across calls and
 * when to stop calling are the caller's choices (the BFF keeps one of each per account).
 */
import type { AttemptEvent } from './transport-options.js';

export interface RetryQuota {
  /** Pays for a retry after the failed attempt `failed`; false when it cannot, and the call then fails. */
  tryAcquire(failed: AttemptEvent): boolean;
  /** A successful attempt (e.g. refunds a little). */
  recordSuccess(event: AttemptEvent): void;
}

export interface CircuitBreakerPolicy {
  /**
   * Before a call's first attempt (each `send`, so an IAM token request is a call of its own). Throws to
   * refuse the call: nothing is sent, and the error reaches the caller as it is.
   */
  admit(operation: string): BreakerPermit;
}

/** One admitted call. */
export interface BreakerPermit {
  /** Every attempt of the call, retries included, as the attempt hook sees it. */
  attempt(event: AttemptEvent): void;
  /** Asked before and after each backoff wait: false stops the call with its last failure. */
  mayRetry(): boolean;
  /** The call ended, however. */
  done(): void;
}
