/**
 * Migration 2: limits that hold across processes (docs/security.md R1, R2).
 * - `login_counters` counts attempts *before* the password is checked (hence `attempts`, not `failures`),
 *   and every row carries `expires_at`, the end of its window or block, so the purge is one index range.
 * - `rate_limits` is rate-limiter-flexible's PostgreSQL table (its column order: key, points, expire),
 *   created here so it lands in the store's schema and the library never issues DDL. UNLOGGED: a request
 *   counter needs no WAL, so the upsert on every request is not an fsync (`synchronous_commit=on` applies to
 *   logged writes); a crash or a failover starts the minute's counts afresh, which is harmless.
 */
const DAY_MS = 86_400_000;

export const SCHEMA_V2: readonly string[] = [
  'ALTER TABLE login_counters RENAME COLUMN failures TO attempts',
  'ALTER TABLE login_counters ADD COLUMN expires_at bigint NOT NULL DEFAULT 0',
  // Version 1 counted every key in a window of at most a day.
  `UPDATE login_counters SET expires_at = GREATEST(window_start + ${DAY_MS}, coalesce(blocked_until, 0))`,
  'ALTER TABLE login_counters ALTER COLUMN expires_at DROP DEFAULT',
  'CREATE INDEX login_counters_expires_at ON login_counters (expires_at)',

  `CREATE UNLOGGED TABLE rate_limits (
    key varchar(255) PRIMARY KEY,
    points integer NOT NULL DEFAULT 0,
    expire bigint
  )`,
  'CREATE INDEX rate_limits_expire ON rate_limits (expire)',
];
