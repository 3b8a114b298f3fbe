/**
 * The HTTP transport: keep-alive agents, a deadline per call combined with the caller's `AbortSignal`,
 * per-attempt timeouts, retries with full-jitter backoff and `Retry-After`, a body cap, a hook after every
 * attempt, and the caller's policies (a retry quota and a circuit breaker, policies.ts) consulted before each
 * retry. Every answer and every error carries the call's `$metadata` (metadata.ts). It knows nothing of CSMS operations; headers (signed or token) come from a callback that
 * runs before every attempt, so each attempt carries a fresh `X-Sdk-Date`.
 */
import http from 'node:http';
import https from 'node:https';
import { AttemptError, attemptRequest, type RawResponse } from './http-attempt.js';
import { judgeFailure, judgeResponse, judgeStop, retryDelay, type Verdict } from './attempt-verdict.js';
import { CsmsAbortedError, CsmsTimeoutError, type CsmsError } from './errors.js';
import { sanitizeRequestId } from './error-body.js';
import type { ResponseMetadata } from './metadata.js';
import type { CircuitBreakerPolicy, RetryQuota } from './policies.js';
import type { HttpMethod } from './retry-policy.js';
import { resolveRuntime, type Runtime } from './runtime.js';
import { uriEncode, type QueryPairs } from './signing/index.js';
import {
  parseTransportSettings,
  type AttemptEvent,
  type TransportOptions,
  type TransportSettings,
} from './transport-options.js';

export interface WireRequest {
  method: HttpMethod;
  /** Scheme, host and port to connect to. */
  endpoint: URL;
  /** The path exactly as sent (percent-encoded), starting with `/`. */
  path: string;
  /** Decoded query pairs, sent in this order. */
  query: QueryPairs;
  body?: string;
}

export interface TransportRequest extends WireRequest {
  /** Operation name for errors and the attempt hook, e.g. `ListSecrets`. */
  operation: string;
  /** Headers for one attempt (e.g. freshly signed at `now`). `User-Agent`, `Accept` are added after. */
  headers: (request: WireRequest, now: number) => Record<string, string>;
  /** Absolute end of the call on the runtime clock; default now + the read/write deadline. */
  deadlineAt?: number;
  signal?: AbortSignal;
  /** Credential values to scrub from upstream error messages. */
  redact?: readonly string[];
}

export interface TransportResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  requestId: string | undefined;
  attempts: number;
  $metadata: ResponseMetadata;
}

/** `?a=1&b=x%20y` from decoded pairs, each part encoded like the canonical query (RFC 3986 unreserved kept). */
export function encodeQuery(query: QueryPairs): string {
  if (query.length === 0) return '';
  return `?${query.map(([name, value]) => `${uriEncode(name)}=${uriEncode(value)}`).join('&')}`;
}

/** setTimeout's ceiling (about 24.8 days); longer delays would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class HttpTransport {
  readonly settings: TransportSettings;
  readonly #runtime: Runtime;
  readonly #onAttempt: ((event: AttemptEvent) => void) | undefined;
  readonly #retryQuota: RetryQuota | undefined;
  readonly #breaker: CircuitBreakerPolicy | undefined;
  readonly #httpAgent: http.Agent;
  readonly #httpsAgent: https.Agent;

  constructor(options: TransportOptions = {}) {
    this.settings = parseTransportSettings(options);
    this.#runtime = resolveRuntime(options.runtime);
    this.#onAttempt = options.onAttempt;
    this.#retryQuota = options.retryQuota;
    this.#breaker = options.breaker;
    const { maxSockets, idleSocketTimeoutMs } = this.settings;
    // `timeout` closes idle sockets only (in-use ones have the attempt's own timeouts) and is what makes
    // Node respect the server's Keep-Alive hint.
    const agentOptions = { keepAlive: true, maxSockets, timeout: idleSocketTimeoutMs };
    this.#httpAgent = new http.Agent(agentOptions);
    this.#httpsAgent = new https.Agent(agentOptions);
  }

  /** The runtime clock (epoch ms). */
  now(): number {
    return this.#runtime.now();
  }

  /** Absolute deadline for a call starting now: 15 s for GET, 20 s otherwise, unless overridden. */
  deadlineFor(method: HttpMethod, overrideMs?: number): number {
    const budget =
      overrideMs ?? (method === 'GET' ? this.settings.readDeadlineMs : this.settings.writeDeadlineMs);
    return this.now() + budget;
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.#httpAgent.destroy();
    this.#httpsAgent.destroy();
  }

  async send(request: TransportRequest): Promise<TransportResponse> {
    const { operation, signal: callerSignal } = request;
    const startedAt = this.now();
    const deadlineAt = request.deadlineAt ?? this.deadlineFor(request.method);
    const budgetMs = Math.max(0, deadlineAt - startedAt);
    // Filled in as the attempts go; every error thrown below carries a copy of it.
    const meta: ResponseMetadata = { attempts: 0, totalRetryDelayMs: 0 };
    const withMeta = <E extends CsmsError>(error: E): E => {
      error.$metadata = { ...meta };
      return error;
    };
    const stopped = (attempts: number): CsmsError =>
      callerSignal?.aborted
        ? new CsmsAbortedError({ operation, attempts })
        : new CsmsTimeoutError({ operation, attempts, kind: 'deadline', timeoutMs: budgetMs });

    if (callerSignal?.aborted || budgetMs === 0) throw withMeta(stopped(0));
    const permit = this.#breaker?.admit(operation);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), Math.min(budgetMs, MAX_TIMER_MS));
    const signal = callerSignal ? AbortSignal.any([callerSignal, deadline.signal]) : deadline.signal;
    try {
      for (let attempt = 1; ; attempt++) {
        meta.attempts = attempt;
        const attemptStart = this.now();
        const facts = { operation, attempts: attempt };
        let verdict: Verdict;
        try {
          const raw = await this.#attempt(request, attemptStart, signal);
          if (raw.status >= 200 && raw.status < 300) {
            const requestId = sanitizeRequestId(raw.headers['x-request-id']);
            meta.requestId = requestId ?? meta.requestId;
            meta.httpStatusCode = raw.status;
            const event = this.#event(request, attempt, attemptStart, {
              outcome: 'success',
              status: raw.status,
              requestId,
            });
            permit?.attempt(event);
            this.#retryQuota?.recordSuccess(event);
            this.#emit(event);
            return { ...raw, requestId, attempts: attempt, $metadata: { ...meta } };
          }
          verdict = judgeResponse(facts, raw, request.redact, this.now());
        } catch (error) {
          if (!(error instanceof AttemptError)) throw error;
          const { failure } = error;
          verdict = failure.kind === 'aborted' ? judgeStop(stopped(attempt)) : judgeFailure(facts, failure);
        }
        meta.requestId = verdict.requestId ?? meta.requestId;
        if (verdict.status !== undefined) meta.httpStatusCode = verdict.status;
        const { outcome, status, errorCode, requestId } = verdict;
        const event = this.#event(request, attempt, attemptStart, { outcome, status, errorCode, requestId });
        permit?.attempt(event);
        let delayMs = retryDelay(this.settings, verdict, {
          method: request.method,
          attempt,
          now: this.now(),
          deadlineAt,
          random: this.#runtime.random,
        });
        // The policies decide last: an attempt that opened the breaker stops its own call's retries too.
        if (delayMs !== undefined) {
          if (permit && !permit.mayRetry()) meta.retryRefusedBy = 'breaker';
          else if (this.#retryQuota && !this.#retryQuota.tryAcquire(event))
            meta.retryRefusedBy = 'retry-quota';
          if (meta.retryRefusedBy) delayMs = undefined;
        }
        this.#emit({ ...event, willRetry: delayMs !== undefined, retryDelayMs: delayMs });
        if (delayMs === undefined) throw withMeta(verdict.error);
        try {
          await this.#runtime.sleep(delayMs, signal);
        } catch (error) {
          if (signal.aborted) throw withMeta(stopped(attempt));
          throw error;
        }
        meta.totalRetryDelayMs += delayMs;
        if (signal.aborted) throw withMeta(stopped(attempt));
        // Other calls may have opened the breaker while this one waited.
        if (permit && !permit.mayRetry()) {
          meta.retryRefusedBy = 'breaker';
          throw withMeta(verdict.error);
        }
      }
    } finally {
      clearTimeout(timer);
      permit?.done();
    }
  }

  #attempt(request: TransportRequest, now: number, signal: AbortSignal): Promise<RawResponse> {
    const wire: WireRequest = {
      method: request.method,
      endpoint: request.endpoint,
      path: request.path,
      query: request.query,
      body: request.body,
    };
    const headers: Record<string, string> = {
      ...request.headers(wire, now),
      'user-agent': this.settings.userAgent,
      accept: 'application/json',
    };
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    const isRead = request.method === 'GET';
    return attemptRequest({
      origin: request.endpoint,
      pathAndQuery: request.path + encodeQuery(request.query),
      method: request.method,
      headers,
      body: request.body,
      agent: request.endpoint.protocol === 'https:' ? this.#httpsAgent : this.#httpAgent,
      connectTimeoutMs: this.settings.connectTimeoutMs,
      responseTimeoutMs: isRead ? this.settings.readAttemptTimeoutMs : this.settings.writeAttemptTimeoutMs,
      maxResponseBytes: this.settings.maxResponseBytes,
      signal,
    });
  }

  /** The attempt as the hook and the policies see it (`willRetry` is settled after the policies). */
  #event(
    request: TransportRequest,
    attempt: number,
    attemptStart: number,
    result: Pick<AttemptEvent, 'outcome' | 'status' | 'errorCode' | 'requestId'>,
  ): AttemptEvent {
    const { operation, method } = request;
    const latencyMs = Math.max(0, this.now() - attemptStart);
    return { operation, method, attempt, latencyMs, willRetry: false, ...result };
  }

  #emit(event: AttemptEvent): void {
    try {
      this.#onAttempt?.(event);
    } catch {
      // A metrics hook must never break a call.
    }
  }
}
