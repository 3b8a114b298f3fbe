/**
 * Login attempt counters and blocks (docs/security.md R1), shared by every BFF process on the store. Each key has
 * one row: `attempts` in a fixed window from `window_start`, an optional `blocked_until`, and `expires_at`
 * (the later of the window's and the block's end) for the purge.
 *
 * `take` is one INSERT ... ON CONFLICT DO UPDATE ... RETURNING: PostgreSQL locks each row it updates and
 * evaluates the SET on the latest committed version, so parallel attempts from any number of processes get
 * distinct counts, and the one past the limit sets the block. Rows are taken in key order, so two attempts
 * sharing keys cannot deadlock; `block`, `refund` and `clear` touch one row per statement for the same reason.
 */
import type { Db, LoginCounterStore } from './types.js';

const TAKE = `
WITH rule AS (
  SELECT * FROM unnest($1::text[], $2::integer[], $3::bigint[], $4::bigint[])
    AS r(key, max_attempts, window_ms, block_ms)
)
INSERT INTO login_counters AS c (key, attempts, window_start, blocked_until, expires_at)
SELECT key, 1, $5::bigint, NULL, $5::bigint + window_ms FROM rule ORDER BY key
ON CONFLICT (key) DO UPDATE SET (attempts, window_start, blocked_until, expires_at) = (
  SELECT n.attempts, n.window_start, n.blocked_until,
         GREATEST(n.window_start + r.window_ms, coalesce(n.blocked_until, 0))
  FROM rule r
  -- blocked: refuse and count nothing; fresh: the window or an earlier block has ended, start over.
  CROSS JOIN LATERAL (SELECT coalesce(c.blocked_until > $5::bigint, false) AS blocked,
                             c.blocked_until IS NOT NULL OR c.window_start <= $5::bigint - r.window_ms AS fresh) s
  CROSS JOIN LATERAL (SELECT CASE WHEN s.blocked THEN c.attempts WHEN s.fresh THEN 1
                                  ELSE c.attempts + 1 END AS attempts) t
  CROSS JOIN LATERAL (SELECT t.attempts,
                             CASE WHEN s.fresh AND NOT s.blocked THEN $5::bigint ELSE c.window_start END AS window_start,
                             CASE WHEN s.blocked THEN c.blocked_until
                                  WHEN t.attempts > r.max_attempts THEN $5::bigint + r.block_ms END AS blocked_until) n
  WHERE r.key = c.key
)
RETURNING key, attempts, window_start, blocked_until`;

/** Rows per purge statement: a bounded lock footprint; the loop continues while full batches come back. */
const PURGE_BATCH = 5_000;

export function createLoginCounterStore(db: Db): LoginCounterStore {
  return {
    async take(rules, now) {
      if (rules.length === 0) return [];
      if (new Set(rules.map((r) => r.key)).size !== rules.length) throw new Error('duplicate counter key');
      for (const r of rules) {
        if (!(r.maxAttempts >= 1 && r.windowMs >= 1 && r.blockMs >= 1)) {
          throw new Error('a counter rule needs at least one attempt, a window and a block');
        }
      }
      const { rows } = await db.query<{
        key: string;
        attempts: number;
        window_start: number;
        blocked_until: number | null;
      }>(TAKE, [
        rules.map((r) => r.key),
        rules.map((r) => r.maxAttempts),
        rules.map((r) => r.windowMs),
        rules.map((r) => r.blockMs),
        now,
      ]);
      const byKey = new Map(rows.map((row) => [row.key, row]));
      return rules.map((r) => {
        const row = byKey.get(r.key);
        if (!row) throw new Error('the counter upsert returned no row');
        const blocked = row.blocked_until !== null && row.blocked_until > now;
        return {
          key: r.key,
          attempts: row.attempts,
          windowStart: row.window_start,
          blockedUntil: blocked ? row.blocked_until : null,
        };
      });
    },

    async block(take, until) {
      await db.query(
        `UPDATE login_counters
         SET blocked_until = GREATEST(coalesce(blocked_until, 0), $3::bigint),
             expires_at = GREATEST(expires_at, $3::bigint)
         WHERE key = $1 AND window_start = $2::bigint`,
        [take.key, take.windowStart, until],
      );
    },

    async refund(takes) {
      await Promise.all(
        takes.map((t) =>
          db.query(
            `UPDATE login_counters SET attempts = attempts - 1
             WHERE key = $1 AND window_start = $2::bigint AND attempts > 0`,
            [t.key, t.windowStart],
          ),
        ),
      );
    },

    async clear(key) {
      await db.query('DELETE FROM login_counters WHERE key = $1', [key]);
    },

    async purgeExpired(now) {
      let total = 0;
      for (;;) {
        // SKIP LOCKED: a row an attempt holds right now is left for the next run instead of waited on.
        const { affectedRows } = await db.query(
          `DELETE FROM login_counters WHERE key IN (
             SELECT key FROM login_counters WHERE expires_at < $1::bigint
             LIMIT ${PURGE_BATCH} FOR UPDATE SKIP LOCKED)`,
          [now],
        );
        total += affectedRows;
        if (affectedRows < PURGE_BATCH) return total;
      }
    },
  };
}
