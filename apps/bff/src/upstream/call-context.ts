/**
 * Per-call facts from the shared transport. Each `Upstream.call` runs inside its own AsyncLocalStorage
 * record, so the transport's `onAttempt` hook (shared by every call of an account) writes the CSMS request
 * id and attempt count into the right call even when many run at once. The same record lets the runtime's
 * `sleep` (called only before a retry) charge the account's retry budget: when the budget cannot pay, the
 * sleep rejects with the failure the attempt just reported, and the transport hands that error back. The
 * call's breaker permit hears every attempt through the same record, and may refuse a retry the same way.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CsmsHttpError,
  CsmsNetworkError,
  CsmsTimeoutError,
  type AttemptEvent,
  type CsmsError,
  type TransportOptions,
} from '@csms-console/csms-client';
import type { RetryBudget } from './retry-budget.js';

/** The IAM token request: not a CSMS call, so it neither names the call's request id nor counts. */
export const IAM_OPERATION = 'KeystoneCreateUserTokenByPassword';

/** A call's circuit breaker as the transport hooks see it (upstream.ts wires it to the account's breaker). */
export interface AttemptGate {
  /** Every attempt, CSMS and IAM, retries included. */
  attempt(event: AttemptEvent): void;
  /** Asked before and after each backoff: false stops the call with the failure it just had. */
  mayRetry(): boolean;
}

export interface CallRecord {
  /** CSMS attempts made by this call (all its operations, retries included). */
  attempts: number;
  /** `X-Request-Id` of the last CSMS attempt that had one. */
  requestId: string | undefined;
  /** The last attempt reported (IAM's too), e.g. the failure about to be retried. */
  last: AttemptEvent | undefined;
  /** True when a retry was refused by the retry budget. */
  budgetExhausted: boolean;
  /** True when a retry was refused because the breaker opened. */
  breakerStopped: boolean;
  gate: AttemptGate | undefined;
}

const storage = new AsyncLocalStorage<CallRecord>();

/** Runs `fn` with a fresh record that the transport hooks below fill in, and `gate` told of each attempt. */
export function withCallRecord<T>(
  fn: () => Promise<T>,
  gate?: AttemptGate,
): { record: CallRecord; result: Promise<T> } {
  const record: CallRecord = {
    attempts: 0,
    requestId: undefined,
    last: undefined,
    budgetExhausted: false,
    breakerStopped: false,
    gate,
  };
  return { record, result: storage.run(record, fn) };
}

/** The error the transport would have thrown had it not planned a retry (the message has no body). */
function failureOf(event: AttemptEvent): CsmsError {
  const facts = { operation: event.operation, attempts: event.attempt };
  if (event.outcome === 'timeout')
    return new CsmsTimeoutError({ ...facts, kind: 'attempt', timeoutMs: event.latencyMs });
  if (event.outcome === 'network_error') return new CsmsNetworkError({ ...facts, networkCode: 'UNKNOWN' });
  return new CsmsHttpError({
    ...facts,
    status: event.status ?? 502,
    errorCode: event.errorCode,
    requestId: event.requestId,
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `base` plus the per-call attempt hook and a retry-budgeted sleep. */
export function trackedTransportOptions(
  base: TransportOptions | undefined,
  budget: RetryBudget,
): TransportOptions {
  const baseSleep = base?.runtime?.sleep ?? sleep;
  return {
    ...base,
    onAttempt: (event) => {
      const record = storage.getStore();
      if (record) record.last = event;
      if (event.operation !== IAM_OPERATION) {
        if (event.outcome === 'success') budget.success();
        if (record) {
          record.attempts++;
          record.requestId = event.requestId ?? record.requestId;
        }
      }
      record?.gate?.attempt(event);
      base?.onAttempt?.(event);
    },
    runtime: {
      ...base?.runtime,
      sleep: async (ms, signal) => {
        const record = storage.getStore();
        const last = record?.last;
        const stop = () => (last ? failureOf(last) : new Error('retry refused'));
        const breakerOpen = () => {
          if (!record?.gate || record.gate.mayRetry()) return false;
          record.breakerStopped = true;
          return true;
        };
        if (breakerOpen()) throw stop();
        if (!budget.tryRetry(last?.outcome === 'timeout')) {
          if (record) record.budgetExhausted = true;
          throw stop();
        }
        await baseSleep(ms, signal);
        // Other calls may have opened the breaker while this one backed off.
        if (breakerOpen()) throw stop();
      },
    },
  };
}
