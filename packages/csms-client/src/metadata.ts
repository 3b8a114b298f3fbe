/**
 * What every call tells its caller besides the data, the way smithy's `$metadata` does: CSMS's request id,
 * how many attempts the call took, the last HTTP status and the time spent waiting between attempts. Every
 * operation's output carries it as `$metadata` beside its own fields, and every `CsmsError` carries it too,
 * so a caller never has to rebuild a call's request id or attempt count from the attempt hook.
 */
export interface ResponseMetadata {
  /** CSMS's `X-Request-Id` of the last attempt that had one (for joining logs and audit rows with CTS). */
  requestId?: string;
  /** CSMS attempts sent (0 when nothing was sent; an IAM token request is not one of them). */
  attempts: number;
  /** The status of the last response, when one came. */
  httpStatusCode?: number;
  /** Milliseconds spent in backoff waits between attempts. */
  totalRetryDelayMs: number;
  /** On an error: a retry was due but a policy refused it (the retry quota was spent, or the breaker opened). */
  retryRefusedBy?: 'retry-quota' | 'breaker';
}

export interface MetadataBearer {
  $metadata: ResponseMetadata;
}

/** An operation's output: the parsed body, plus `$metadata`. */
export type WithMetadata<T> = T & MetadataBearer;

export const NO_METADATA: Readonly<ResponseMetadata> = Object.freeze({ attempts: 0, totalRetryDelayMs: 0 });
