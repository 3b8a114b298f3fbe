/**
 * Walks the audit chain in seq order up to the head recorded in audit_head, recomputing every hash and
 * checking the prev_hash links and seq continuity. Batches are separate reads, so appends carry on during a
 * long check; rows appended after it started are left for the next one. A head ahead of the last row means
 * rows were removed from the end. `head_hash` is audit_head's hash (null for an empty log): the value to
 * compare with an exported copy.
 */
import type { AuditVerify } from '@csms-console/api-contract';
import { GENESIS_HASH, hashAuditEntry } from './audit-hash.js';
import { AUDIT_COLUMNS, rowToEntry, type AuditRow } from './audit-row.js';
import type { Queryable } from './types.js';

const BATCH = 500;

export async function verifyChain(db: Queryable): Promise<AuditVerify> {
  const { rows: heads } = await db.query<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_head WHERE id = 1',
  );
  const head = heads[0];
  if (!head) throw new Error('the audit head row is missing');

  let checked = 0;
  let prevHash = GENESIS_HASH;
  let lastSeq = 0;
  let lastId = '';
  const headHash = head.seq > 0 ? head.hash : null;
  const broken = (row: { seq: number; id: string }, problem: string): AuditVerify => ({
    intact: false,
    rows_checked: checked,
    head_hash: headHash,
    first_broken: { seq: row.seq, id: row.id, problem },
  });

  for (;;) {
    const { rows } = await db.query<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT ${BATCH}`,
      [lastSeq, head.seq],
    );
    for (const row of rows) {
      checked++;
      if (row.seq !== lastSeq + 1) return broken(row, 'seq gap');
      if (row.prev_hash !== prevHash) return broken(row, 'prev_hash does not match the previous row');
      if (hashAuditEntry(rowToEntry(row)) !== row.hash) return broken(row, 'hash mismatch');
      prevHash = row.hash;
      lastSeq = row.seq;
      lastId = row.id;
    }
    if (rows.length < BATCH) break;
  }

  if (lastSeq < head.seq)
    return broken({ seq: lastSeq + 1, id: '' }, 'rows missing at the end (audit_head is ahead)');
  if (head.seq > 0 && prevHash !== head.hash) {
    return broken({ seq: lastSeq, id: lastId }, 'audit_head does not match the last row');
  }
  return { intact: true, rows_checked: checked, head_hash: headHash, first_broken: null };
}
