/**
 * Reconciler leases on open audit intents (migration 3). A claim is one atomic upsert: it succeeds when the
 * intent has no outcome and nobody holds a live lease on it; a lease that ran out (its holder crashed) is
 * taken over. A lease is given back when settling failed, so any process retries at its next run; after a
 * settlement it is kept (one small row per reconciled intent, like the reconciled row itself): a replica
 * whose claim statement started before that outcome committed then still meets the live lease, instead of
 * reading CSMS again for an intent that is already settled. No transaction stays open across the CSMS read,
 * so PGlite's single connection and the audit chain's lock are never held up by it.
 */
import type { AuditStore, Queryable } from './types.js';

export function createIntentClaims(db: Queryable): Pick<AuditStore, 'claimIntent' | 'releaseIntent'> {
  return {
    async claimIntent(intentId, owner, now, leaseMs) {
      if (!Number.isSafeInteger(now) || !Number.isSafeInteger(leaseMs) || leaseMs <= 0) {
        throw new RangeError('a claim needs integer epoch milliseconds and a positive lease');
      }
      const { rows } = await db.query<{ intent_id: string }>(
        `INSERT INTO intent_claims (intent_id, owner, until)
           SELECT $1, $2, $3::bigint
            WHERE NOT EXISTS (SELECT 1 FROM audit_log WHERE intent_id = $1)
         ON CONFLICT (intent_id) DO UPDATE SET owner = EXCLUDED.owner, until = EXCLUDED.until
            WHERE intent_claims.until <= $4::bigint
         RETURNING intent_id`,
        [intentId, owner, now + leaseMs, now],
      );
      return rows.length === 1;
    },
    async releaseIntent(intentId, owner) {
      await db.query('DELETE FROM intent_claims WHERE intent_id = $1 AND owner = $2', [intentId, owner]);
    },
  };
}
