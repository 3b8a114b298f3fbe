/**
 * CSMS client errors -> `AppError` (docs/security.md §1.7 E2), plus what each failure means for the breaker and
 * the log. Messages are plain sentences for a security admin; CSMS's own `error_code`, `error_msg` and
 * request id travel in `details` (`csms_error_code`, `csms_error_msg`, `csms_request_id`) where the admin
 * can act on them. Nothing here copies an SDK message, a header or a credential.
 */
import {
  type AttemptEvent,
  CsmsAbortedError,
  CsmsError,
  CsmsHttpError,
  CsmsInputError,
  CsmsNetworkError,
  CsmsResponseError,
  CsmsTimeoutError,
  IAM_TOKEN_OPERATION,
} from '@csms-console/csms-client';
import { AppError } from '../errors.js';
import type { BreakerVerdict } from './breaker.js';

export interface MapContext {
  /** What a CSMS "not found" (CSMS.0005) means for this call. CSMS.0106 is always `secret_not_found`. */
  notFound?: 'secret_not_found' | 'version_not_found';
  /** The call's signal fired (client gone, or shutdown). */
  aborted?: boolean;
  /** The upstream is closing: an aborted call is reported as `shutting_down`. */
  shuttingDown?: boolean;
  /**
   * Every configured credential value. The client scrubs its own credentials from upstream messages; this
   * also catches another account's (an echo from a shared gateway), raw or base64/hex/URL-encoded.
   */
  redact?: readonly string[];
}

/** `text` with each of `secrets` (and its common encodings) replaced by `[REDACTED]`. */
export function scrub(text: string | undefined, secrets: readonly string[] = []): string | undefined {
  if (text === undefined) return undefined;
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    const bytes = Buffer.from(secret);
    for (const form of [
      secret,
      encodeURIComponent(secret),
      bytes.toString('base64'),
      bytes.toString('hex'),
    ]) {
      out = out.replaceAll(form, '[REDACTED]');
    }
  }
  return out;
}

export function shuttingDownError(): AppError {
  return new AppError(503, 'shutting_down', 'The console is restarting. Try again in a moment.', undefined, {
    'Retry-After': '5',
  });
}

const NOT_FOUND_CODES = new Set(['CSMS.0005', 'CSMS.0106']);
/** The secret's state blocks the operation: not ENABLED (0109), or scheduled for deletion (0103, 0107). */
const STATE_CODES = new Set(['CSMS.0109', 'CSMS.0103', 'CSMS.0107']);
const THROTTLE_CODES = new Set(['APIG.0308', 'APIGW.0308']);
/** Invalid token (CSMS), and the gateway's authentication/authorization family. */
const AUTH_CODE = /^(CSMS\.030[12]|APIGW?\.030[1-7])$/;

const MESSAGES = {
  secret_not_found: 'The secret does not exist in this account.',
  version_not_found: 'The secret version does not exist.',
  secret_not_enabled:
    'The secret is not enabled (it is disabled, frozen or scheduled for deletion), so CSMS does not allow this.',
  upstream_throttled:
    'Huawei Cloud is limiting how fast the console may call CSMS. Try again in a few seconds.',
  upstream_auth:
    "Huawei Cloud did not accept the console's own credentials or permissions for this account. An administrator needs to check the account configuration.",
  upstream_timeout: 'Huawei Cloud CSMS did not answer in time. Try again.',
  upstream_unavailable: 'The console could not reach Huawei Cloud CSMS. Try again shortly.',
  upstream_error: 'Huawei Cloud CSMS reported an internal error. Try again shortly.',
  upstream_invalid_response: 'Huawei Cloud CSMS sent an answer the console could not understand.',
  upstream_rejected: 'Huawei Cloud CSMS refused the request; its error code and message say why.',
} as const;

function compact(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined));
}

function fromHttp(error: CsmsHttpError, context: MapContext): AppError {
  const { status, errorCode: code, requestId } = error;
  const msg = scrub(error.errorMsg, context.redact);
  const facts = compact({ csms_error_code: code, csms_request_id: requestId });
  const actionable = compact({ csms_error_code: code, csms_error_msg: msg, csms_request_id: requestId });
  const app = (
    st: number,
    c: keyof typeof MESSAGES,
    d: Record<string, unknown>,
    h?: Record<string, string>,
  ) => new AppError(st, c, MESSAGES[c], d, h, { cause: error });

  if (status === 429 || (code !== undefined && THROTTLE_CODES.has(code))) {
    const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000));
    return app(503, 'upstream_throttled', facts, { 'Retry-After': String(seconds) });
  }
  // No token from IAM: the console cannot authenticate, whatever IAM's reason (its 5xx stay upstream_error).
  if (error.operation === IAM_TOKEN_OPERATION && status < 500) return app(502, 'upstream_auth', facts);
  if (code !== undefined && NOT_FOUND_CODES.has(code) && (status === 404 || status === 400)) {
    const which = code === 'CSMS.0106' ? 'secret_not_found' : (context.notFound ?? 'secret_not_found');
    return app(404, which, actionable);
  }
  if (code !== undefined && STATE_CODES.has(code)) return app(409, 'secret_not_enabled', actionable);
  if (status === 401 || status === 403 || (code !== undefined && AUTH_CODE.test(code)))
    return app(502, 'upstream_auth', facts);
  if (status >= 500) return app(503, 'upstream_error', facts);
  if (status >= 400) return app(422, 'upstream_rejected', actionable);
  return app(502, 'upstream_invalid_response', facts); // a 1xx/3xx: the client follows no redirects
}

/** The `AppError` for anything a call can throw. `AppError`s (busy, breaker, shutdown) pass through. */
export function toAppError(error: unknown, context: MapContext = {}): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof CsmsAbortedError || (context.aborted && !(error instanceof CsmsError))) {
    if (context.shuttingDown) return shuttingDownError();
    // The caller went away (client disconnected). 503 rather than a made-up 499: nobody may be listening.
    return new AppError(503, 'upstream_unavailable', 'The request to Huawei Cloud was cancelled.', {
      cancelled: true,
    });
  }
  if (error instanceof CsmsHttpError) return fromHttp(error, context);
  const app = (status: number, code: keyof typeof MESSAGES, details?: Record<string, unknown>) =>
    new AppError(status, code, MESSAGES[code], details, undefined, { cause: error });
  if (error instanceof CsmsTimeoutError) return app(504, 'upstream_timeout');
  if (error instanceof CsmsNetworkError) return app(503, 'upstream_unavailable');
  if (error instanceof CsmsResponseError) {
    if (error.operation === IAM_TOKEN_OPERATION) return app(502, 'upstream_auth');
    return app(502, 'upstream_invalid_response', compact({ csms_request_id: error.requestId }));
  }
  if (error instanceof CsmsInputError) {
    // Nothing was sent. field and reason never hold the value.
    const issue = { location: 'upstream', path: error.field, message: error.reason };
    return new AppError(400, 'invalid_input', `CSMS does not accept this ${error.field}: ${error.reason}.`, {
      issues: [issue],
    });
  }
  return new AppError(500, 'internal_error', 'Something went wrong in the console.', undefined, undefined, {
    cause: error,
  });
}

/**
 * What one transport attempt means for the breaker. Retryable failures (5xx, timeout, network, the call's
 * deadline cutting an attempt) count; any answer CSMS gave on purpose (2xx, a 4xx, 429 and throttling codes
 * under any status) shows it is up and resets the count. IAM's failures count (no token, no CSMS), but IAM
 * answering says nothing about CSMS, so its successes and refusals are neutral, as are the caller's own
 * stops and bodies the client could not read.
 */
export function attemptVerdict(event: AttemptEvent): BreakerVerdict {
  const iam = event.operation === IAM_TOKEN_OPERATION;
  switch (event.outcome) {
    case 'success':
      return iam ? 'neutral' : 'healthy';
    case 'http_error': {
      const status = event.status ?? 0;
      const throttled = event.errorCode !== undefined && THROTTLE_CODES.has(event.errorCode);
      if (throttled || (status >= 400 && status < 500)) return iam ? 'neutral' : 'healthy';
      return status >= 500 ? 'failure' : 'neutral';
    }
    case 'timeout':
    case 'network_error':
    case 'deadline':
      return 'failure';
    default:
      return 'neutral';
  }
}

/** Safe facts about a failure for one log line: no message, header, body or credential. */
export function failureFacts(error: unknown): Record<string, unknown> {
  if (error instanceof CsmsHttpError)
    return compact({
      upstream_status: error.status,
      csms_error_code: error.errorCode,
      upstream_op: error.operation,
    });
  if (error instanceof CsmsNetworkError)
    return { network_code: error.networkCode, upstream_op: error.operation };
  if (error instanceof CsmsTimeoutError) return { timeout: error.kind, upstream_op: error.operation };
  if (error instanceof CsmsResponseError)
    return { invalid_response: error.reason, upstream_op: error.operation };
  if (error instanceof CsmsError) return { client_error: error.code };
  if (error instanceof AppError) return {};
  return { error_type: error instanceof Error ? error.name : typeof error };
}
