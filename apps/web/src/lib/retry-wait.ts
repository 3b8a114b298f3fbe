/**
 * What a read does on a 429/503 (the BFF's request limits, a throttled or unreachable CSMS, an open
 * breaker, a busy bulkhead, a restarting BFF): wait as long as the server asked (`Retry-After`), then try
 * again, a bounded number of times, while the page keeps what it shows. A write never resends on its own:
 * the user decides, told when the server expects to answer again.
 */
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { isApiError, isTemporaryError, type ApiError } from './api-client';
import { useSlowRead, type SlowRead, type SlowReadState } from './slow-read';

/** Waited retries of one read before the page stops retrying by itself and leaves "Retry now" to the user. */
export const MAX_WAITED_RETRIES = 5;
/** The wait when a 429/503 names none (react-query's own backoff would start at 1 s: too eager here). */
export const DEFAULT_WAIT_MS = 5_000;

export function waitMsFor(error: ApiError): number {
  return error.retryAfterMs ?? DEFAULT_WAIT_MS;
}

/** react-query's `retry` for reads: 429/503 as the server asks; other 4xx never; anything else once. */
export function shouldRetryRead(failureCount: number, error: unknown): boolean {
  if (isTemporaryError(error)) return failureCount < MAX_WAITED_RETRIES;
  if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
  return failureCount < 1;
}

/** react-query's `retryDelay` for reads: the server's wait on a 429/503, else react-query's usual backoff. */
export function readRetryDelay(failureCount: number, error: unknown): number {
  return isTemporaryError(error) ? waitMsFor(error) : Math.min(1000 * 2 ** failureCount, 30_000);
}

export type RetryWait =
  /** A read waits for its next automatic attempt at `retryAt` (browser clock). */
  | { kind: 'auto'; error: ApiError; retryAt: number }
  /** A read used up its waited retries: only the user's "Retry now" starts again. */
  | { kind: 'stopped'; error: ApiError }
  /** A write was refused for now: nothing resent; the server expects to answer again from `retryAt`. */
  | { kind: 'manual'; error: ApiError; retryAt: number };

interface QueryRetryState {
  fetchStatus: 'fetching' | 'paused' | 'idle';
  failureReason: unknown;
  isError: boolean;
  error: unknown;
}

/**
 * A query's 429/503 situation, from its react-query state: still fetching with a 429/503 as the last failure
 * means a retry is scheduled (react-query waits `readRetryDelay` after `failureReason` arrived); an error
 * state holding a 429/503 means the retries are used up. Null when the query is not held up by one.
 */
export function readRetryWait(query: QueryRetryState): RetryWait | null {
  const reason = query.failureReason;
  if (query.fetchStatus !== 'idle' && isTemporaryError(reason)) {
    return { kind: 'auto', error: reason, retryAt: reason.receivedAt + waitMsFor(reason) };
  }
  if (query.fetchStatus === 'idle' && query.isError && isTemporaryError(query.error)) {
    return { kind: 'stopped', error: query.error };
  }
  return null;
}

/** A write's 429/503: when the user may reasonably press Save again. Null for any other failure. */
export function writeRetryWait(error: unknown): RetryWait | null {
  return isTemporaryError(error)
    ? { kind: 'manual', error, retryAt: error.receivedAt + waitMsFor(error) }
    : null;
}

/** What holds up a read on screen: a 429/503 wait, or a slow answer (lib/slow-read.ts) or its cancel. */
export type ReadHoldUp = RetryWait | SlowRead;

/**
 * What holds up a query on screen (a 429/503 and its wait first; else a slow answer, over 3 s, with Cancel;
 * else the state the user's Cancel left), shown by `<RetryNotice wait={wait} onRetry={retryNow} />`, and
 * the "Retry now" for it. A plain `refetch()` during react-query's retry delay only joins the pending
 * attempt when the query has no data yet, so the pending fetch is cancelled first (back to the state before
 * it) and a new one starts at once.
 */
export function useQueryRetry(
  query: QueryRetryState & SlowReadState & { refetch: () => Promise<unknown> },
  queryKey: QueryKey,
): { wait: ReadHoldUp | null; retryNow: () => void } {
  const queryClient = useQueryClient();
  const slow = useSlowRead(query, queryKey);
  return {
    wait: readRetryWait(query) ?? slow.hold,
    retryNow: () => {
      slow.restart();
      void queryClient.cancelQueries({ queryKey, exact: true }).then(() => query.refetch());
    },
  };
}
