/**
 * The SPA's one door to the BFF: same-origin fetch with the anti-CSRF header, JSON in and out, every response
 * parsed with its api-contract schema, every failure turned into an `ApiError` carrying the BFF's stable code,
 * message, details and request id. Nothing here ever sees a credential: the session is an HttpOnly cookie.
 */
import { CSRF_HEADER, ErrorBodySchema, type ErrorCode } from '@csms-console/api-contract';
import { safeParse, type z } from 'zod/mini';
import { retryAfterMs } from './retry-after';

export type ClientErrorCode = ErrorCode | 'network_error' | 'invalid_response';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** When the answer arrived (browser clock): a countdown to `retryAfterMs` starts here. */
  readonly receivedAt = Date.now();
  constructor(
    readonly status: number,
    readonly code: ClientErrorCode,
    message: string,
    readonly requestId: string | null,
    readonly details: Record<string, unknown> = {},
    /** The server's `Retry-After` (or `details.retry_after_s`), bounded to 1 s..5 min; null when it gave none. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }

  /** 429 or 503: the server is there but cannot answer now; the same request may well succeed later. */
  get temporary(): boolean {
    return this.status === 429 || this.status === 503;
  }

  /** CSMS's own error code, when the BFF passed one on (docs/security.md §1.7). */
  get csmsCode(): string | null {
    const code = this.details.csms_error_code;
    return typeof code === 'string' ? code : null;
  }

  /** CSMS's own request id, when the failure came from CSMS. */
  get csmsRequestId(): string | null {
    const id = this.details.csms_request_id;
    return typeof id === 'string' ? id : null;
  }
}

export function isApiError(error: unknown, code?: ClientErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/** A 429/503 answer: worth trying again after the server's `Retry-After` (lib/retry-wait.ts). */
export function isTemporaryError(error: unknown): error is ApiError {
  return error instanceof ApiError && error.temporary;
}

type Listener = (error: ApiError) => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called whenever the BFF says the session is gone, so the app can send the user to sign in. */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

type UseListener = (sentAt: number) => void;
const sessionUseListeners = new Set<UseListener>();

/**
 * Called after every successful request that counted as use of the session (the BFF reset its idle timer),
 * with when it was sent (browser clock), so the SPA can tell when the session will idle out.
 */
export function onSessionUse(listener: UseListener): () => void {
  sessionUseListeners.add(listener);
  return () => sessionUseListeners.delete(listener);
}

interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** Don't announce a 401 (the login and session probes handle it themselves). */
  quietAuth?: boolean;
  /** false: the BFF does not count this request as use of the session (`GET /bff/session`). */
  touchesSession?: boolean;
}

const baseHeaders = (): Record<string, string> => ({ [CSRF_HEADER.name]: CSRF_HEADER.value });

/** fetch, with a network failure (not an abort) turned into `network_error`. */
async function send(path: string, init: RequestInit, signal: AbortSignal | undefined): Promise<Response> {
  try {
    return await fetch(path, {
      credentials: 'same-origin',
      cache: 'no-store',
      ...init,
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(
      0,
      'network_error',
      'The console could not reach its server. Check your connection.',
      null,
    );
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A non-2xx answer as an ApiError (announcing a lost session unless `quietAuth`). */
function failureOf(response: Response, text: string, options: RequestOptions): ApiError {
  const requestId = response.headers.get('X-Request-Id');
  const parsed = ErrorBodySchema.safeParse(parseJson(text));
  const details = parsed.success ? (parsed.data.error.details ?? {}) : {};
  // Only a 429/503 asks for a later retry; anything else keeps null whatever its headers say.
  const wait =
    response.status === 429 || response.status === 503
      ? retryAfterMs(response.headers.get('Retry-After'), details)
      : null;
  const error = parsed.success
    ? new ApiError(
        response.status,
        parsed.data.error.code,
        parsed.data.error.message,
        parsed.data.error.requestId,
        details,
        wait,
      )
    : new ApiError(
        response.status,
        'invalid_response',
        `The server answered ${response.status} without a readable error.`,
        requestId,
        {},
        wait,
      );
  if (error.code === 'unauthenticated' && !options.quietAuth) {
    for (const listener of unauthenticatedListeners) listener(error);
  }
  return error;
}

async function request<S extends z.core.$ZodType>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  schema: S | null,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...baseHeaders() };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const sentAt = Date.now();
  const response = await send(
    path,
    {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    },
    options.signal,
  );
  const text = await response.text();
  if (!response.ok) throw failureOf(response, text, options);
  // A 2xx passed the BFF's session check, which reset the idle timer (for the signed-in routes).
  if (options.touchesSession !== false) for (const listener of sessionUseListeners) listener(sentAt);
  if (schema === null) return undefined as z.output<S>;
  const parsed = safeParse(schema, parseJson(text));
  if (!parsed.success) {
    throw new ApiError(
      response.status,
      'invalid_response',
      'The server sent a response this console does not understand.',
      response.headers.get('X-Request-Id'),
    );
  }
  return parsed.data;
}

/**
 * A file the BFF serves (a CSV export). Fetched like any other request, because every `/api` request must
 * carry the anti-CSRF header, which a plain link cannot send; the caller hands the blob to the browser.
 */
async function download(
  path: string,
  fallbackName: string,
  options: RequestOptions = {},
): Promise<{ blob: Blob; filename: string }> {
  const sentAt = Date.now();
  const response = await send(path, { method: 'GET', headers: baseHeaders() }, options.signal);
  if (!response.ok) throw failureOf(response, await response.text(), options);
  for (const listener of sessionUseListeners) listener(sentAt);
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const named = /filename="([^"\\/]+)"/.exec(disposition)?.[1];
  return { blob: await response.blob(), filename: named ?? fallbackName };
}

export const api = {
  get: <S extends z.core.$ZodType>(path: string, schema: S, options?: RequestOptions) =>
    request('GET', path, schema, options),
  post: <S extends z.core.$ZodType>(path: string, schema: S | null, options?: RequestOptions) =>
    request('POST', path, schema, options),
  put: <S extends z.core.$ZodType>(path: string, schema: S, options?: RequestOptions) =>
    request('PUT', path, schema, options),
  /** `DELETE`: the BFF answers 204, so there is nothing to parse. */
  delete: (path: string, options?: RequestOptions) => request('DELETE', path, null, options),
  download,
};
