/**
 * The BFF's only door to CSMS (docs/security.md §1.11, A3, K5). Every call goes through a bulkhead (interactive:
 * 4 in flight, 20 queued for up to 2 s; scan: its own pool), then the account's circuit breaker, then the
 * signed client with its deadlines and retries. Errors come out as `AppError`s with the codes of
 * docs/security.md §1.7. No inbound header ever reaches CSMS: calls take only typed arguments.
 */
import type { Account } from '@csms-console/api-contract';
import type { CsmsClient } from '@csms-console/csms-client';

export type Pool = 'interactive' | 'scan';

export interface UpstreamCallOptions {
  pool?: Pool;
  /** Aborts the call (the request's own signal: client gone, or shutdown). */
  signal?: AbortSignal;
  /** What a CSMS "not found" means for this call: `secret_not_found` (default) or `version_not_found`. */
  notFound?: 'secret_not_found' | 'version_not_found';
}

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface Upstream {
  /** The configured accounts (nothing secret), in configuration order. */
  accounts(): Account[];
  /** Throws `AppError(404, 'account_not_found')` for a name that is not configured. */
  assertAccount(account: string): void;
  /**
   * Runs one CSMS operation for `account` and returns the client's output as it is, with its `$metadata`
   * (CSMS request id, attempts). `operation` names it for metrics and logs (e.g. `ShowSecret`).
   * Throws `AppError`: account_not_found, upstream_busy, upstream_unavailable (breaker open, network),
   * upstream_timeout, upstream_throttled (+ Retry-After), upstream_auth, upstream_error,
   * upstream_invalid_response, secret_not_found / version_not_found, secret_not_enabled, upstream_rejected.
   */
  call<T>(
    account: string,
    operation: string,
    fn: (client: CsmsClient, signal: AbortSignal) => Promise<T>,
    options?: UpstreamCallOptions,
  ): Promise<T>;
  breakers(): Record<string, BreakerState>;
  /** Aborts every call in flight (shutdown) and closes keep-alive sockets. */
  close(): Promise<void>;
}
