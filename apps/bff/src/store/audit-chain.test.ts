import { expect, it } from 'vitest';
import { GENESIS_HASH } from './audit-hash.js';
import { verifyChain } from './audit-verify.js';
import { openStores } from './index.js';
import { describeEachStore, openTestStores, storeBackends, STORE_OPEN_TIMEOUT_MS } from './testing.js';
import type { AuditVerify } from '@csms-console/api-contract';
import type { Queryable } from './types.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
/** SQL that changes the first hex digit of `column` (0 <-> 1, anything else -> 0). */
const FLIP = (column: string) =>
  `(CASE WHEN left(${column}, 1) = '0' THEN '1' ELSE '0' END) || substr(${column}, 2)`;
const SLOW_MS = 30_000;

describeEachStore('audit chain', (getStores) => {
  const audit = () => getStores().audit;

  it('verifies an empty log as intact', async () => {
    expect(await audit().verify()).toEqual({
      intact: true,
      rows_checked: 0,
      head_hash: null,
      first_broken: null,
    });
  });

  it(
    'gives 200 concurrent appends seq 1..200 on one intact chain',
    async () => {
      const entries = await Promise.all(
        range(200).map((i) => audit().append({ action: 'audit.view', outcome: 'ok', reason: `r${i}` })),
      );
      const bySeq = [...entries].sort((a, b) => a.seq - b.seq);
      expect(bySeq.map((e) => e.seq)).toEqual(range(200));
      expect(bySeq[0]!.prev_hash).toBe(GENESIS_HASH);
      bySeq.slice(1).forEach((e, i) => expect(e.prev_hash).toBe(bySeq[i]!.hash));
      expect(bySeq.map((e) => e.id)).toEqual(bySeq.map((e) => e.id).sort()); // ULIDs follow seq in one process
      expect(await audit().verify()).toEqual({
        intact: true,
        rows_checked: 200,
        head_hash: bySeq[199]!.hash,
        first_broken: null,
      });
    },
    SLOW_MS,
  );

  it.each([
    ['UPDATE', "UPDATE audit_log SET reason = 'x' WHERE seq = 1"],
    ['UPDATE of no row', "UPDATE audit_log SET reason = 'x' WHERE seq = -1"],
    ['DELETE', 'DELETE FROM audit_log WHERE seq = 2'],
    ['TRUNCATE', 'TRUNCATE audit_log'],
  ])('rejects %s with the append-only trigger', async (_, sql) => {
    await expect(getStores().db.query(sql)).rejects.toThrow(/append-only/);
    expect((await audit().verify()).rows_checked).toBe(200);
  });

  /** Tampers inside a transaction with the trigger off, checks the chain there, then rolls back. */
  async function tampered(sql: string): Promise<AuditVerify> {
    let report: AuditVerify | undefined;
    const undo = new Error('undo');
    await getStores()
      .db.transaction(async (tx: Queryable) => {
        await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
        await tx.query(sql);
        report = await verifyChain(tx);
        throw undo;
      })
      .catch((err: unknown) => {
        if (err !== undo) throw err;
      });
    return report!;
  }

  it.each([
    [
      'a byte of a text field',
      "UPDATE audit_log SET reason = 'r' || 'X' WHERE seq = 37",
      37,
      'hash mismatch',
    ],
    ['a jsonb field', `UPDATE audit_log SET details = '{"a":1}' WHERE seq = 5`, 5, 'hash mismatch'],
    ['the stored hash', `UPDATE audit_log SET hash = ${FLIP('hash')} WHERE seq = 9`, 9, 'hash mismatch'],
    [
      'a prev_hash',
      `UPDATE audit_log SET prev_hash = ${FLIP('prev_hash')} WHERE seq = 12`,
      12,
      'prev_hash does not match the previous row',
    ],
    ['a deleted row', 'DELETE FROM audit_log WHERE seq = 100', 101, 'seq gap'],
    [
      'a deleted last row',
      'DELETE FROM audit_log WHERE seq = 200',
      200,
      'rows missing at the end (audit_head is ahead)',
    ],
  ])('reports %s at the first broken row', async (_, sql, seq, problem) => {
    const report = await tampered(sql);
    expect(report).toMatchObject({ intact: false, first_broken: { seq, problem } });
    expect((await audit().verify()).intact).toBe(true); // rolled back
  });

  it('reports the row whose byte was flipped for good', async () => {
    const { rows } = await getStores().db.query<{ id: string; reason: string }>(
      'SELECT id, reason FROM audit_log WHERE seq = 150',
    );
    await getStores().db.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await tx.query('UPDATE audit_log SET reason = $1 WHERE seq = 150', [
        `${rows[0]!.reason.slice(0, -1)}#`,
      ]);
      await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    });
    const report = await audit().verify();
    expect(report).toEqual({
      intact: false,
      rows_checked: 150,
      head_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      first_broken: { seq: 150, id: rows[0]!.id, problem: 'hash mismatch' },
    });
    await expect(getStores().db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });
});

it.skipIf(!storeBackends().includes('postgres'))(
  'two pools on one PostgreSQL appending at once build one intact chain',
  async () => {
    const first = await openTestStores('postgres');
    const second = await openStores(first.options);
    try {
      const append = (s: typeof second, i: number) =>
        s.audit.append({ action: 'audit.view', outcome: 'ok', reason: `p${i}` });
      const entries = await Promise.all(
        range(150).flatMap((i) => [append(first.stores, i), append(second, i)]),
      );
      expect(entries.map((e) => e.seq).sort((a, b) => a - b)).toEqual(range(300));
      const report = await second.audit.verify();
      expect(report).toMatchObject({ intact: true, rows_checked: 300, first_broken: null });
    } finally {
      await second.close();
      await first.cleanup();
    }
  },
  STORE_OPEN_TIMEOUT_MS,
);
