/**
 * What a failed attempt means: the public error it becomes, whether it may be retried, and after how long.
 * Pure functions of the attempt's outcome, the settings and the clock.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { parseErrorBody, sanitizeRequestId } from './error-body.js';
import {
  CsmsAbortedError,
  CsmsHttpError,
  CsmsNetworkError,
  CsmsResponseError,
  CsmsTimeoutError,
  type CsmsError,
} from './errors.js';
import type { AttemptFailure } from './http-attempt.js';
import {
  backoffDelay,
  parseRetryAfter,
  RETRYABLE_METHODS,
  RETRYABLE_NETWORK_CODES,
  RETRYABLE_STATUSES,
  type HttpMethod,
} from './retry-policy.js';
import type { AttemptEvent, TransportSettings } from './transport-options.js';

export interface Verdict {
  error: CsmsError;
  outcome: AttemptEvent['outcome'];
  retryable: boolean;
  throttled?: boolean;
  retryAfterMs?: number;
  status?: number;
  errorCode?: string;
  requestId?: string;
}

export interface AttemptFacts {
  operation: string;
  attempts: number;
}

/** A non-2xx answer. `Retry-After` counts only on 429 and 503. */
export function judgeResponse(
  facts: AttemptFacts,
  response: { status: number; headers: IncomingHttpHeaders; body: Buffer },
  redact: readonly string[] | undefined,
  now: number,
): Verdict {
  const { status } = response;
  const body = parseErrorBody(response.body.toString('utf8'), redact);
  const requestId = sanitizeRequestId(response.headers['x-request-id'], redact) ?? body.requestId;
  const retryAfterMs =
    status === 429 || status === 503 ? parseRetryAfter(response.headers['retry-after'], now) : undefined;
  const { errorCode, errorMsg } = body;
  return {
    error: new CsmsHttpError({ ...facts, status, errorCode, errorMsg, requestId, retryAfterMs }),
    outcome: 'http_error',
    retryable: RETRYABLE_STATUSES.has(status),
    throttled: status === 429,
    retryAfterMs,
    status,
    errorCode,
    requestId,
  };
}

/** An attempt that produced no usable response (the abort case is judged by the transport). */
export function judgeFailure(
  facts: AttemptFacts,
  failure: Exclude<AttemptFailure, { kind: 'aborted' }>,
): Verdict {
  switch (failure.kind) {
    case 'timeout': {
      const { phase, timeoutMs } = failure;
      return {
        error: new CsmsTimeoutError({ ...facts, kind: 'attempt', phase, timeoutMs }),
        outcome: 'timeout',
        retryable: true,
      };
    }
    case 'network': {
      const { networkCode, cause } = failure;
      return {
        error: new CsmsNetworkError({ ...facts, networkCode }, { cause }),
        outcome: 'network_error',
        retryable: RETRYABLE_NETWORK_CODES.has(networkCode),
      };
    }
    case 'too-large': {
      const requestId = sanitizeRequestId(failure.headers['x-request-id']);
      const { status } = failure;
      return {
        error: new CsmsResponseError({ ...facts, reason: 'too-large', status, requestId }),
        outcome: 'invalid_response',
        retryable: false,
        status,
        requestId,
      };
    }
  }
}

/** The caller's abort or the deadline: final. */
export function judgeStop(error: CsmsError): Verdict {
  return { error, outcome: error instanceof CsmsAbortedError ? 'aborted' : 'deadline', retryable: false };
}

export interface RetryContext {
  method: HttpMethod;
  /** 1-based number of the attempt that just failed. */
  attempt: number;
  now: number;
  deadlineAt: number;
  random: () => number;
}

/**
 * Milliseconds to wait before the next attempt, or undefined when the error is final: not retryable, not an
 * idempotent method, attempts used up, `Retry-After` beyond the maximum, or too little time left afterwards.
 */
export function retryDelay(
  settings: TransportSettings,
  verdict: Verdict,
  context: RetryContext,
): number | undefined {
  if (
    !verdict.retryable ||
    !RETRYABLE_METHODS.has(context.method) ||
    context.attempt >= settings.maxAttempts
  ) {
    return undefined;
  }
  let delay: number;
  if (verdict.retryAfterMs !== undefined) {
    if (verdict.retryAfterMs > settings.maxRetryAfterMs) return undefined;
    delay = verdict.retryAfterMs;
  } else {
    const backoff = {
      baseMs: settings.backoffBaseMs,
      capMs: settings.backoffCapMs,
      throttleBaseMs: settings.throttleBackoffBaseMs,
      throttleCapMs: settings.throttleBackoffCapMs,
    };
    delay = backoffDelay(backoff, verdict.throttled === true, context.attempt - 1, context.random);
  }
  if (context.now + delay + settings.minAttemptBudgetMs > context.deadlineAt) return undefined;
  return delay;
}
