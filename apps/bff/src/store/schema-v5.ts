/**
 * Migration 5: expiry batches live in the store (issue 11 item 2), so any replica answers a batch's status
 * and any replica finishes a batch whose process died.
 * - `expiry_batches`: who asked (user, role, the audit actor of the request), for which account, and why.
 * - `expiry_batch_items`: one row per change, its result once settled. A process works on the pending items
 *   of one secret at a time under a lease (`lease_owner`, `lease_until`), claimed in one atomic UPDATE like
 *   `intent_claims` (migration 3); a lease that ran out (its holder crashed) is taken over. `attempts` counts
 *   claims: an item claimed before may already have an audit intent, found by its batch id and index.
 * - An index on audit rows' `details->>'batch_id'`: the audit rows of a batch item carry it.
 * (Version 4 is the fleet scan's cache; versions are applied by number, not order.)
 */
export const SCHEMA_V5: readonly string[] = [
  `CREATE TABLE expiry_batches (
    id text PRIMARY KEY,
    account text NOT NULL,
    created_by text NOT NULL,
    role text NOT NULL,
    reason text,
    retry_of text,
    audit jsonb NOT NULL,
    created_at bigint NOT NULL
  )`,
  `CREATE TABLE expiry_batch_items (
    batch_id text NOT NULL REFERENCES expiry_batches (id),
    idx integer NOT NULL,
    secret text NOT NULL,
    version text NOT NULL,
    expire_time bigint NOT NULL,
    expected_expire_time bigint,
    status text NOT NULL DEFAULT 'pending',
    code text,
    message text,
    csms_request_id text,
    result_expire_time bigint,
    current_expire_time bigint,
    attempts integer NOT NULL DEFAULT 0,
    lease_owner text,
    lease_until bigint,
    PRIMARY KEY (batch_id, idx)
  )`,
  `CREATE INDEX expiry_batch_items_pending ON expiry_batch_items (batch_id, secret) WHERE status = 'pending'`,
  `CREATE INDEX audit_log_batch ON audit_log ((details->>'batch_id'), ((details->>'batch_item')::int))
     WHERE details ? 'batch_id'`,
];
