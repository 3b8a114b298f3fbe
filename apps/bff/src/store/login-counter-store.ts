/**
 * Login failure counters and blocks (security.md R1), shared by every BFF process on the store. Each key has
 * one row: a fixed window of `failures` since `window_start`, and an optional `blocked_until`.
 */
import type { Db, LoginCounterStore } from './types.js';

export function createLoginCounterStore(db: Db): LoginCounterStore {
  return {
    async recordFailure(key, windowMs, now) {
      const { rows } = await db.query<{ failures: number }>(
        `INSERT INTO login_counters AS c (key, failures, window_start) VALUES ($1, 1, $2::bigint)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN c.window_start > $2::bigint - $3::bigint THEN c.failures + 1 ELSE 1 END,
           window_start = CASE WHEN c.window_start > $2::bigint - $3::bigint THEN c.window_start ELSE $2::bigint END
         RETURNING failures`,
        [key, now, windowMs],
      );
      return rows[0]?.failures ?? 1;
    },

    /** A block never shortens a later one already in place. */
    async block(key, until) {
      await db.query(
        `INSERT INTO login_counters AS c (key, failures, window_start, blocked_until) VALUES ($1, 0, 0, $2::bigint)
         ON CONFLICT (key) DO UPDATE SET blocked_until = GREATEST(c.blocked_until, $2::bigint)`,
        [key, until],
      );
    },

    async blockedUntil(keys, now) {
      if (keys.length === 0) return undefined;
      const { rows } = await db.query<{ until: number | null }>(
        'SELECT max(blocked_until) AS until FROM login_counters WHERE key = ANY($1::text[]) AND blocked_until > $2::bigint',
        [keys, now],
      );
      return rows[0]?.until ?? undefined;
    },

    async failures(key, windowMs, now) {
      const { rows } = await db.query<{ failures: number }>(
        'SELECT failures FROM login_counters WHERE key = $1 AND window_start > $2::bigint - $3::bigint',
        [key, now, windowMs],
      );
      return rows[0]?.failures ?? 0;
    },

    async clear(key) {
      await db.query('DELETE FROM login_counters WHERE key = $1', [key]);
    },
  };
}
