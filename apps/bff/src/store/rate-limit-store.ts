/**
 * The `rate_limits` table (migration 2) for rate-limiter-flexible's `RateLimiterPostgres`, and a client for
 * it over the store's `Db`, so the library runs on the store's pool and schema (`search_path`) and never
 * opens connections or creates tables of its own. The library reads `rows` and `rowCount`; `Db` reports
 * `affectedRows` for writes only, so a query's count is its returned rows, or the rows it changed.
 */
import type { Db, RateLimitStore } from './types.js';

const TABLE = 'rate_limits';
const PURGE_BATCH = 5_000;

export function createRateLimitStore(db: Db): RateLimitStore {
  return {
    table: TABLE,
    client: {
      async query(q) {
        const result = await db.query(q.text, q.values);
        return { rows: result.rows, rowCount: result.rows.length || result.affectedRows };
      },
    },
    async purgeExpired(now) {
      let total = 0;
      for (;;) {
        const { affectedRows } = await db.query(
          `DELETE FROM ${TABLE} WHERE key IN (
             SELECT key FROM ${TABLE} WHERE expire < $1::bigint LIMIT ${PURGE_BATCH} FOR UPDATE SKIP LOCKED)`,
          [now],
        );
        total += affectedRows;
        if (affectedRows < PURGE_BATCH) return total;
      }
    },
  };
}
