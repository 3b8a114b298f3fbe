/**
 * The one error family of the client. Every failure is a `CsmsError` with a `code` naming its kind.
 *
 * Safety rule: no message or property ever holds an access key, secret key, security token, IAM password,
 * `X-Auth-Token`, `Authorization`, request headers or a raw upstream body. HTTP errors keep only the
 * upstream `error_code`/`error_msg` (length-capped, known credential values redacted) and the request id.
 */

import type { ResponseMetadata } from './metadata.js';

export type CsmsErrorCode =
  'invalid_input' | 'http_error' | 'timeout' | 'network_error' | 'invalid_response' | 'aborted';

/** What every transport-level error knows about the call that failed. */
export interface CallFacts {
  /** Operation name, e.g. `ListSecretVersions`. */
  operation: string;
  /** Attempts made (0 when nothing was sent). */
  attempts: number;
}

/** The metadata an error knows when it is made; the transport completes it (retry delays) as it throws. */
function metadataOf(facts: CallFacts & { requestId?: string; status?: number }): ResponseMetadata {
  const meta: ResponseMetadata = { attempts: facts.attempts, totalRetryDelayMs: 0 };
  if (facts.requestId !== undefined) meta.requestId = facts.requestId;
  if (facts.status !== undefined) meta.httpStatusCode = facts.status;
  return meta;
}

export abstract class CsmsError extends Error {
  abstract readonly code: CsmsErrorCode;
  /** The failed call's request id, attempts, last status and retry delays, as on a successful output. */
  $metadata: ResponseMetadata = { attempts: 0, totalRetryDelayMs: 0 };

  /** Own fields only; `cause` and `stack` stay out so that logging `JSON.stringify(error)` is safe. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...Object.fromEntries(Object.entries(this)) };
  }
}

/** A caller's input broke a rule; thrown before any network I/O. The offending value is never echoed. */
export class CsmsInputError extends CsmsError {
  override readonly name = 'CsmsInputError';
  readonly code = 'invalid_input';
  readonly field: string;
  readonly reason: string;

  constructor(field: string, reason: string) {
    super(`Invalid ${field}: ${reason}`);
    this.field = field;
    this.reason = reason;
  }
}

export interface HttpErrorFacts extends CallFacts {
  status: number;
  errorCode?: string;
  errorMsg?: string;
  requestId?: string;
  /** Set when a 429/503 carried a usable `Retry-After`. */
  retryAfterMs?: number;
}

/** CSMS, the API gateway or IAM answered with a non-2xx status. */
export class CsmsHttpError extends CsmsError {
  override readonly name = 'CsmsHttpError';
  readonly code = 'http_error';
  readonly operation: string;
  readonly attempts: number;
  readonly status: number;
  readonly errorCode: string | undefined;
  readonly errorMsg: string | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(facts: HttpErrorFacts) {
    const detail = facts.errorCode ? ` ${facts.errorCode}: ${facts.errorMsg ?? ''}` : ' (no CSMS error body)';
    const id = facts.requestId ? ` [request ${facts.requestId}]` : '';
    super(`${facts.operation} failed with HTTP ${facts.status}${detail}${id}`);
    this.operation = facts.operation;
    this.attempts = facts.attempts;
    this.$metadata = metadataOf(facts);
    this.status = facts.status;
    this.errorCode = facts.errorCode;
    this.errorMsg = facts.errorMsg;
    this.requestId = facts.requestId;
    this.retryAfterMs = facts.retryAfterMs;
  }
}

export interface TimeoutFacts extends CallFacts {
  /** `attempt`: one attempt ran out of time (retryable); `deadline`: the whole call's budget is spent. */
  kind: 'attempt' | 'deadline';
  /** For attempt timeouts: whether the TCP connect or the response took too long. */
  phase?: 'connect' | 'response';
  timeoutMs: number;
}

export class CsmsTimeoutError extends CsmsError {
  override readonly name = 'CsmsTimeoutError';
  readonly code = 'timeout';
  readonly operation: string;
  readonly attempts: number;
  readonly kind: 'attempt' | 'deadline';
  readonly phase: 'connect' | 'response' | undefined;
  readonly timeoutMs: number;

  constructor(facts: TimeoutFacts) {
    const what = facts.kind === 'deadline' ? 'call deadline' : `${facts.phase ?? 'response'} timeout`;
    super(
      `${facts.operation} exceeded its ${what} of ${facts.timeoutMs} ms after ${facts.attempts} attempt(s)`,
    );
    this.operation = facts.operation;
    this.attempts = facts.attempts;
    this.$metadata = metadataOf(facts);
    this.kind = facts.kind;
    this.phase = facts.phase;
    this.timeoutMs = facts.timeoutMs;
  }
}

export interface NetworkFacts extends CallFacts {
  /** Node's error code, e.g. `ECONNRESET`, `ECONNREFUSED`, `EAI_AGAIN`. */
  networkCode: string;
}

export class CsmsNetworkError extends CsmsError {
  override readonly name = 'CsmsNetworkError';
  readonly code = 'network_error';
  readonly operation: string;
  readonly attempts: number;
  readonly networkCode: string;

  constructor(facts: NetworkFacts, options?: { cause?: unknown }) {
    super(
      `${facts.operation} failed: network error ${facts.networkCode} after ${facts.attempts} attempt(s)`,
      options,
    );
    this.operation = facts.operation;
    this.attempts = facts.attempts;
    this.$metadata = metadataOf(facts);
    this.networkCode = facts.networkCode;
  }
}

export interface ResponseFacts extends CallFacts {
  /** `schema`: a 2xx body did not match; `invalid-json`: not JSON; `too-large`: over the body cap. */
  reason: 'schema' | 'invalid-json' | 'too-large' | 'missing-header';
  status: number;
  requestId?: string;
  /** Where the body broke the schema (paths and zod issue codes, never values). */
  issues?: ReadonlyArray<{ path: string; code: string }>;
}

/** A response the client cannot accept: malformed, oversize or not what the schema says. */
export class CsmsResponseError extends CsmsError {
  override readonly name = 'CsmsResponseError';
  readonly code = 'invalid_response';
  readonly operation: string;
  readonly attempts: number;
  readonly reason: ResponseFacts['reason'];
  readonly status: number;
  readonly requestId: string | undefined;
  readonly issues: ReadonlyArray<{ path: string; code: string }>;

  constructor(facts: ResponseFacts) {
    const first = facts.issues?.[0];
    const where = first ? ` at ${first.path || '(root)'} (${first.code})` : '';
    super(`${facts.operation} returned an unusable response (${facts.reason})${where}`);
    this.operation = facts.operation;
    this.attempts = facts.attempts;
    this.$metadata = metadataOf(facts);
    this.reason = facts.reason;
    this.status = facts.status;
    this.requestId = facts.requestId;
    this.issues = facts.issues ?? [];
  }
}

/** The caller's `AbortSignal` fired. */
export class CsmsAbortedError extends CsmsError {
  override readonly name = 'CsmsAbortedError';
  readonly code = 'aborted';
  readonly operation: string;
  readonly attempts: number;

  constructor(facts: CallFacts) {
    super(`${facts.operation} was aborted by the caller after ${facts.attempts} attempt(s)`);
    this.operation = facts.operation;
    this.attempts = facts.attempts;
    this.$metadata = metadataOf(facts);
  }
}

/** An answer meaning "this IAM token is not valid": 401 from the gateway, or CSMS's 400 `CSMS.0301`. */
export function isInvalidTokenError(error: unknown): error is CsmsHttpError {
  return (
    error instanceof CsmsHttpError &&
    (error.status === 401 || (error.status === 400 && error.errorCode === 'CSMS.0301'))
  );
}
