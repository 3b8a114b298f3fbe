/**
 * Expiry batches in the store (migration 5). Work is claimed per secret: `claimGroup` leases a batch's pending
 * items on one secret in one atomic UPDATE, so two processes never work on the same item, and a lease that
 * ran out (its holder crashed) is taken over. Results are written only by the lease holder and only over a
 * pending item, so a late writer whose lease was taken over cannot overwrite a settled result.
 */
import { AUDIT_COLUMNS, rowToEntry, type AuditRow } from './audit-row.js';
import type { BatchItemRow, BatchItemResult, BatchRecord, BatchStore, Db } from './types.js';

const ITEM_COLUMNS = `batch_id, idx, secret, version, expire_time, expected_expire_time, status, code, message,
  csms_request_id, result_expire_time, current_expire_time, attempts`;

export function createBatchStore(db: Db): BatchStore {
  return {
    async create(batch, items) {
      await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO expiry_batches (id, account, created_by, role, reason, retry_of, audit, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            batch.id,
            batch.account,
            batch.created_by,
            batch.role,
            batch.reason,
            batch.retry_of,
            JSON.stringify(batch.audit),
            batch.created_at,
          ],
        );
        // One statement for all items (at most 500): arrays unnested in order.
        await tx.query(
          `INSERT INTO expiry_batch_items (batch_id, idx, secret, version, expire_time, expected_expire_time)
           SELECT $1, t.ord - 1, t.secret, t.version, t.expire_time, t.expected
             FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[])
                  WITH ORDINALITY AS t(secret, version, expire_time, expected, ord)`,
          [
            batch.id,
            items.map((i) => i.secret),
            items.map((i) => i.version),
            items.map((i) => i.expire_time),
            items.map((i) => i.expected_expire_time),
          ],
        );
      });
    },

    async get(id) {
      const { rows } = await db.query<BatchRecord>(
        `SELECT id, account, created_by, role, reason, retry_of, audit, created_at
           FROM expiry_batches WHERE id = $1`,
        [id],
      );
      const batch = rows[0];
      if (!batch) return undefined;
      const items = await db.query<BatchItemRow>(
        `SELECT ${ITEM_COLUMNS} FROM expiry_batch_items WHERE batch_id = $1 ORDER BY idx`,
        [id],
      );
      return { batch, items: items.rows };
    },

    async claimGroup(batchId, secret, owner, now, leaseMs) {
      const { rows } = await db.query<BatchItemRow>(
        `UPDATE expiry_batch_items
            SET lease_owner = $3, lease_until = $4::bigint, attempts = attempts + 1
          WHERE batch_id = $1 AND secret = $2 AND status = 'pending'
            AND (lease_until IS NULL OR lease_until <= $5::bigint)
          RETURNING ${ITEM_COLUMNS}`,
        [batchId, secret, owner, now + leaseMs, now],
      );
      return rows.sort((a, b) => a.idx - b.idx);
    },

    async renew(batchId, secret, owner, until) {
      await db.query(
        `UPDATE expiry_batch_items SET lease_until = $4::bigint
          WHERE batch_id = $1 AND secret = $2 AND status = 'pending' AND lease_owner = $3`,
        [batchId, secret, owner, until],
      );
    },

    async settle(batchId, idx, owner, result: BatchItemResult) {
      const { affectedRows } = await db.query(
        `UPDATE expiry_batch_items
            SET status = $4, code = $5, message = $6, csms_request_id = $7, result_expire_time = $8::bigint,
                current_expire_time = $9::bigint, lease_owner = NULL, lease_until = NULL
          WHERE batch_id = $1 AND idx = $2 AND status = 'pending' AND lease_owner = $3`,
        [
          batchId,
          idx,
          owner,
          result.status,
          result.code ?? null,
          result.message ?? null,
          result.csms_request_id ?? null,
          result.expire_time ?? null,
          result.current_expire_time ?? null,
        ],
      );
      return affectedRows === 1;
    },

    async release(batchId, idx, owner) {
      await db.query(
        `UPDATE expiry_batch_items SET lease_owner = NULL, lease_until = NULL
          WHERE batch_id = $1 AND idx = $2 AND status = 'pending' AND lease_owner = $3`,
        [batchId, idx, owner],
      );
    },

    async pendingGroups(batchId, now) {
      const { rows } = await db.query<{ secret: string }>(
        `SELECT DISTINCT secret FROM expiry_batch_items
          WHERE batch_id = $1 AND status = 'pending' AND (lease_until IS NULL OR lease_until <= $2::bigint)
          ORDER BY secret`,
        [batchId, now],
      );
      return rows.map((r) => r.secret);
    },

    async claimableBatches(now) {
      const { rows } = await db.query<{ batch_id: string }>(
        `SELECT DISTINCT batch_id FROM expiry_batch_items
          WHERE status = 'pending' AND (lease_until IS NULL OR lease_until <= $1::bigint)`,
        [now],
      );
      return rows.map((r) => r.batch_id);
    },

    async findIntent(batchId, idx) {
      const { rows } = await db.query<AuditRow>(
        `SELECT ${AUDIT_COLUMNS} FROM audit_log
          WHERE details ? 'batch_id' AND details->>'batch_id' = $1 AND (details->>'batch_item')::int = $2
          ORDER BY seq`,
        [batchId, idx],
      );
      const entries = rows.map(rowToEntry);
      const intent = entries.find((e) => e.outcome === 'intent');
      if (!intent) return undefined;
      const outcome = await db.query<AuditRow>(
        `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE intent_id = $1`,
        [intent.id],
      );
      const settled = outcome.rows[0];
      return { intent, outcome: settled ? rowToEntry(settled) : undefined };
    },
  };
}
