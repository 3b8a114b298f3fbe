/**
 * Migration 3: replicas settle each audit intent once (issue 9 item 6).
 * - `intent_claims`: a reconciler leases an open intent before it reads CSMS, so two processes never settle
 *   the same one; a crashed claimer's lease runs out and another process retries it.
 * - At most one outcome row per intent (the only rows with an `intent_id`). Pairs written before this
 *   migration cannot be removed (audit_log is append-only), so the index starts after the last of them;
 *   on a database without any, it covers every row.
 */
export const SCHEMA_V3: readonly string[] = [
  `CREATE TABLE intent_claims (
    intent_id text PRIMARY KEY,
    owner text NOT NULL,
    until bigint NOT NULL
  )`,
  `DO $$
  DECLARE
    last_duplicate bigint;
  BEGIN
    SELECT coalesce(max(seq), 0) INTO last_duplicate FROM audit_log
     WHERE intent_id IN (SELECT intent_id FROM audit_log WHERE intent_id IS NOT NULL
                          GROUP BY intent_id HAVING count(*) > 1);
    EXECUTE format(
      'CREATE UNIQUE INDEX audit_log_one_outcome ON audit_log (intent_id) WHERE intent_id IS NOT NULL AND seq > %s',
      last_duplicate);
  END
  $$`,
];
