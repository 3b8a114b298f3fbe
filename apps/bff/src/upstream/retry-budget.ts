/**
 * The retry budget of docs/security.md §1.11 (AWS standard mode): a token bucket of 500 per account; a retry
 * costs 5, a retry after a timeout 10, a success refunds 1. When the bucket cannot pay, the call stops
 * retrying and reports its last failure, so a struggling CSMS is not hit with three times the traffic.
 * It is the account transport's `RetryQuota` (the client asks it before each retry); cockatiel has no such
 * budget, so it stays ours.
 */
import { IAM_TOKEN_OPERATION, type AttemptEvent, type RetryQuota } from '@csms-console/csms-client';

export interface RetryBudgetOptions {
  capacity: number;
  retryCost: number;
  timeoutRetryCost: number;
  successRefund: number;
}

export const DEFAULT_RETRY_BUDGET: RetryBudgetOptions = {
  capacity: 500,
  retryCost: 5,
  timeoutRetryCost: 10,
  successRefund: 1,
};

export class RetryBudget implements RetryQuota {
  readonly #options: RetryBudgetOptions;
  #tokens: number;

  constructor(options: Partial<RetryBudgetOptions> = {}) {
    this.#options = { ...DEFAULT_RETRY_BUDGET, ...options };
    this.#tokens = this.#options.capacity;
  }

  get tokens(): number {
    return this.#tokens;
  }

  /** Pays for one retry; false (and nothing taken) when the bucket cannot afford it. */
  tryRetry(afterTimeout: boolean): boolean {
    const cost = afterTimeout ? this.#options.timeoutRetryCost : this.#options.retryCost;
    if (this.#tokens < cost) return false;
    this.#tokens -= cost;
    return true;
  }

  /** A successful attempt puts a little back, up to the capacity. */
  success(): void {
    this.#tokens = Math.min(this.#options.capacity, this.#tokens + this.#options.successRefund);
  }

  tryAcquire(failed: AttemptEvent): boolean {
    return this.tryRetry(failed.outcome === 'timeout');
  }

  /** Only CSMS answers refund: an IAM token says nothing about how CSMS is doing. */
  recordSuccess(event: AttemptEvent): void {
    if (event.operation !== IAM_TOKEN_OPERATION) this.success();
  }
}
