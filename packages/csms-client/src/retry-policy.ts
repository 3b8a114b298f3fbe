/**
 * Which failures are retried and how long to wait, per docs/security.md §1.11: GET and PUT only; network errors,
 * attempt timeouts, 429, 500, 502, 503, 504; full-jitter backoff `random(0, min(cap, base * 2^n))`.
 */
export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export const RETRYABLE_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'PUT']);
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);
export const RETRYABLE_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
]);

export interface BackoffOptions {
  /** For 5xx, network errors and timeouts. */
  baseMs: number;
  capMs: number;
  /** For 429 without a usable `Retry-After`. */
  throttleBaseMs: number;
  throttleCapMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  baseMs: 200,
  capMs: 2_000,
  throttleBaseMs: 1_000,
  throttleCapMs: 5_000,
};

/** Full jitter; `retryIndex` is 0 before the first retry. */
export function backoffDelay(
  options: BackoffOptions,
  throttled: boolean,
  retryIndex: number,
  random: () => number,
): number {
  const base = throttled ? options.throttleBaseMs : options.baseMs;
  const cap = throttled ? options.throttleCapMs : options.capMs;
  return Math.floor(random() * Math.min(cap, base * 2 ** retryIndex));
}

/** `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or malformed. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d{1,10}$/.test(raw)) return Number(raw) * 1000;
  if (!/^[A-Za-z]{3}/.test(raw)) return undefined; // every HTTP-date form starts with the day name
  const at = Date.parse(raw);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Node reports a cut connection as `ECONNRESET` ("socket hang up" included); map the rest by code. */
export function networkCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)) return code;
  return 'UNKNOWN';
}
