/**
 * One CSMS call: builds the wire path under `/v1/{project_id}`, authenticates every attempt (AK/SK signature
 * or IAM token), retries once with a fresh token on an invalid-token answer, and parses the 2xx body with zod.
 * The output is the parsed body with the call's `$metadata` beside its fields (metadata.ts).
 */
import type { z } from 'zod';
import { akskHeaders, akskSecrets, JSON_CONTENT_TYPE, type AkSkCredentials } from './credentials.js';
import { CsmsAbortedError, CsmsResponseError, CsmsTimeoutError, isInvalidTokenError } from './errors.js';
import type { ResponseMetadata, WithMetadata } from './metadata.js';
import type { HttpMethod } from './retry-policy.js';
import { uriEncode, type QueryPairs } from './signing/index.js';
import type { TokenProvider } from './token-provider.js';
import type { HttpTransport, TransportRequest, TransportResponse } from './transport.js';
import { basePath, checkInput, DeadlineMsSchema } from './validation.js';

/** Per-call options of every operation. */
export interface CallOptions {
  /** Aborts the call (including retries and backoff waits). */
  signal?: AbortSignal;
  /** Overrides the call's deadline (default 15 s for reads, 20 s for writes). */
  deadlineMs?: number;
}

export interface CallSpec<S extends z.ZodType> {
  operation: string;
  method: HttpMethod;
  /** Path segments after `/v1/{project_id}`; each is percent-encoded. */
  segments: readonly string[];
  query?: QueryPairs;
  body?: unknown;
  schema: S;
  options?: CallOptions;
}

type BaseRequest = Omit<TransportRequest, 'headers' | 'redact'>;

export type Authentication =
  { kind: 'aksk'; credentials: AkSkCredentials } | { kind: 'token'; provider: TokenProvider };

export class CsmsCaller {
  constructor(
    readonly endpoint: URL,
    readonly projectId: string,
    readonly auth: Authentication,
    readonly transport: HttpTransport,
  ) {}

  async call<S extends z.ZodType>(spec: CallSpec<S>): Promise<WithMetadata<z.output<S>>> {
    const options = spec.options ?? {};
    const deadlineMs =
      options.deadlineMs === undefined
        ? undefined
        : checkInput('deadlineMs', DeadlineMsSchema, options.deadlineMs);
    const deadlineAt = this.transport.deadlineFor(spec.method, deadlineMs);
    const path = `${basePath(this.endpoint)}/${['v1', this.projectId, ...spec.segments].map(uriEncode).join('/')}`;
    const base = {
      operation: spec.operation,
      method: spec.method,
      endpoint: this.endpoint,
      path,
      query: spec.query ?? [],
      body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
      deadlineAt,
      signal: options.signal,
    };
    const response = await this.#send(base);
    return this.#parse(spec, response);
  }

  async #send(base: BaseRequest): Promise<TransportResponse> {
    const auth = this.auth;
    if (auth.kind === 'aksk') {
      const { credentials } = auth;
      return this.transport.send({
        ...base,
        headers: (wire, now) => akskHeaders(credentials, this.projectId, wire, now),
        redact: akskSecrets(credentials),
      });
    }
    // An invalid-token answer from CSMS drops that token and is retried once with a fresh one; the second
    // round's metadata counts both rounds' attempts. A failure to obtain a token (IAM's own 401 included) is
    // thrown as it is.
    const { provider } = auth;
    let before: ResponseMetadata | undefined;
    for (let round = 1; ; round++) {
      const token = await this.#token(provider, base);
      try {
        const response = await this.transport.send({
          ...base,
          headers: () => ({ 'content-type': JSON_CONTENT_TYPE, 'x-auth-token': token }),
          redact: [...provider.secrets(), token],
        });
        response.$metadata = addRounds(before, response.$metadata);
        return response;
      } catch (error) {
        if (!isInvalidTokenError(error)) throw error;
        error.$metadata = addRounds(before, error.$metadata);
        provider.invalidate(token);
        if (round >= 2) throw error;
        before = error.$metadata;
      }
    }
  }

  /** The provider's token, waited for no longer than the call's deadline or the caller's signal. */
  async #token(provider: TokenProvider, base: BaseRequest): Promise<string> {
    const { operation, deadlineAt = this.transport.deadlineFor(base.method), signal } = base;
    const remaining = deadlineAt - this.transport.now();
    const deadline = AbortSignal.timeout(Math.max(1, remaining));
    try {
      return await provider.getToken({ signal: signal ? AbortSignal.any([signal, deadline]) : deadline });
    } catch (error) {
      if (error instanceof CsmsAbortedError) {
        if (signal?.aborted) throw new CsmsAbortedError({ operation, attempts: 0 });
        throw new CsmsTimeoutError({
          operation,
          attempts: 0,
          kind: 'deadline',
          timeoutMs: Math.max(0, remaining),
        });
      }
      throw error;
    }
  }

  #parse<S extends z.ZodType>(spec: CallSpec<S>, response: TransportResponse): WithMetadata<z.output<S>> {
    const { $metadata } = response;
    const facts = {
      operation: spec.operation,
      attempts: $metadata.attempts,
      status: response.status,
      requestId: $metadata.requestId,
    };
    const unusable = (error: CsmsResponseError): CsmsResponseError => {
      error.$metadata = { ...$metadata };
      return error;
    };
    let json: unknown;
    try {
      json = JSON.parse(response.body.toString('utf8'));
    } catch {
      throw unusable(new CsmsResponseError({ ...facts, reason: 'invalid-json' }));
    }
    const parsed = spec.schema.safeParse(json);
    if (parsed.success) return { ...(parsed.data as object), $metadata } as WithMetadata<z.output<S>>;
    const issues = parsed.error.issues
      .slice(0, 10)
      .map((issue) => ({ path: issue.path.map(String).join('.'), code: issue.code }));
    throw unusable(new CsmsResponseError({ ...facts, reason: 'schema', issues }));
  }
}

/** The metadata of a call's second round (after an invalid token), counting the first round's too. */
function addRounds(before: ResponseMetadata | undefined, after: ResponseMetadata): ResponseMetadata {
  if (!before) return after;
  return {
    ...after,
    requestId: after.requestId ?? before.requestId,
    attempts: before.attempts + after.attempts,
    totalRetryDelayMs: before.totalRetryDelayMs + after.totalRetryDelayMs,
  };
}
