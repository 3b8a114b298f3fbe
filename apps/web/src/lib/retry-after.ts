/**
 * How long the server asked us to wait before trying again (`Retry-After` on a 429 or 503, or the BFF's
 * `details.retry_after_s`), in milliseconds. Bounded: at least 1 s, so a `0` or a date in the past never
 * turns into a hot loop, and at most 5 min, so a wrong or hostile header never parks a page for hours.
 */
export const MIN_RETRY_AFTER_MS = 1_000;
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

const clamp = (ms: number): number => Math.min(MAX_RETRY_AFTER_MS, Math.max(MIN_RETRY_AFTER_MS, ms));

/**
 * `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3), relative to `now`; null when absent or
 * unreadable. A date must name its month (every HTTP-date format does): `Date.parse` would otherwise read
 * "-3" or "1.5" as years.
 */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | null {
  const value = header?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return clamp(Number(value) * 1000);
  if (!/[a-z]{3}/i.test(value)) return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : clamp(at - now);
}

/** The BFF's own hint in an error body (`details.retry_after_s`, whole seconds); null when absent or not a number. */
export function retryAfterFromDetails(details: Record<string, unknown>): number | null {
  const seconds = details.retry_after_s;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0
    ? clamp(seconds * 1000)
    : null;
}

/** The header wins (it is what HTTP caches and proxies see); the body's hint when the header is missing. */
export function retryAfterMs(
  header: string | null | undefined,
  details: Record<string, unknown>,
  now: number = Date.now(),
): number | null {
  return parseRetryAfter(header, now) ?? retryAfterFromDetails(details);
}
