/**
 * Issue 9 item 6 at the store: an intent is claimed by one reconciler at a time (a lease that a crashed
 * holder loses), and it gets at most one outcome row, even when writers race; a refused outcome leaves the
 * audit chain exactly as it was.
 */
import { expect, it } from 'vitest';
import { openStores } from './index.js';
import {
  describeEachStore,
  openTestStores,
  storeBackends,
  STORE_OPEN_TIMEOUT_MS,
  type TestStores,
} from './testing.js';
import { IntentSettledError, type Stores } from './types.js';

const LEASE = 60_000;
const T = 1_700_000_000_000;

const intent = (stores: Stores, at = T) =>
  stores.audit.append({
    action: 'version.update',
    outcome: 'intent',
    at,
    target: { account: 'a', secret: 's', version: 'v1' },
  });

const head = async (stores: Stores) =>
  (await stores.db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head')).rows[0];

describeEachStore('intent settlement', (getStores) => {
  it('a claim is exclusive until its lease runs out, then another process may take it over', async () => {
    const { audit } = getStores();
    const { id } = await intent(getStores());
    expect(await audit.claimIntent(id, 'p1', T, LEASE)).toBe(true);
    expect(await audit.claimIntent(id, 'p2', T + 1, LEASE)).toBe(false);
    // The holder itself cannot claim it twice (an overlapping run of the same process).
    expect(await audit.claimIntent(id, 'p1', T + 2, LEASE)).toBe(false);
    expect(await audit.claimIntent(id, 'p2', T + LEASE - 1, LEASE)).toBe(false);
    expect(await audit.claimIntent(id, 'p2', T + LEASE, LEASE)).toBe(true); // p1 crashed: p2 retries
    // p1's late release cannot drop p2's lease.
    await audit.releaseIntent(id, 'p1');
    expect(await audit.claimIntent(id, 'p3', T + LEASE + 1, LEASE)).toBe(false);
    await audit.releaseIntent(id, 'p2');
    expect(await audit.claimIntent(id, 'p3', T + LEASE + 2, LEASE)).toBe(true);
    await expect(audit.claimIntent(id, 'p3', T, 0)).rejects.toThrow(RangeError);
  });

  it('a settled intent cannot be claimed', async () => {
    const { audit } = getStores();
    const { id } = await intent(getStores());
    await audit.append({ action: 'version.update', outcome: 'success', intent_id: id });
    expect(await audit.claimIntent(id, 'p1', T, LEASE)).toBe(false);
  });

  it('a second outcome for one intent is refused and leaves the chain as it was', async () => {
    const stores = getStores();
    const { id } = await intent(stores);
    const first = await stores.audit.append({ action: 'version.update', outcome: 'success', intent_id: id });
    const before = await head(stores);
    expect(before).toEqual({ seq: first.seq, hash: first.hash });
    await expect(
      stores.audit.append({ action: 'version.update', outcome: 'reconciled', intent_id: id }),
    ).rejects.toBeInstanceOf(IntentSettledError);
    expect(await head(stores)).toEqual(before);
    const next = await stores.audit.append({ action: 'audit.view', outcome: 'ok' });
    expect(next).toMatchObject({ seq: first.seq + 1, prev_hash: first.hash });
    const { rows } = await stores.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_log WHERE intent_id = $1',
      [id],
    );
    expect(rows[0]!.n).toBe(1);
    expect((await stores.audit.verify()).intact).toBe(true);
  });

  it('20 racing outcomes for one intent: exactly one is written, the others are IntentSettledError', async () => {
    const stores = getStores();
    const { id } = await intent(stores);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        stores.audit.append({
          action: 'version.update',
          outcome: 'reconciled',
          intent_id: id,
          reason: `${i}`,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect(r.reason).toBeInstanceOf(IntentSettledError);
    expect((await stores.audit.verify()).intact).toBe(true);
  });
});

it.skipIf(!storeBackends().includes('postgres'))(
  'three processes on one PostgreSQL: each intent is claimed by one and settled once',
  async () => {
    let handle: TestStores | undefined;
    const others: Stores[] = [];
    try {
      handle = await openTestStores('postgres');
      others.push(await openStores(handle.options), await openStores(handle.options));
      const processes = [handle.stores, ...others];
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) ids.push((await intent(handle.stores, T + i)).id);
      // Every process claims every intent at once; a winner appends the outcome, a loser must not.
      const claims = await Promise.all(
        processes.flatMap((stores, p) =>
          ids.map(async (id) => {
            const mine = await stores.audit.claimIntent(id, `p${p}`, T + 1000, LEASE);
            if (mine)
              await stores.audit.append({ action: 'version.update', outcome: 'reconciled', intent_id: id });
            return mine;
          }),
        ),
      );
      expect(claims.filter(Boolean)).toHaveLength(30);
      const { rows } = await handle.stores.db.query<{ intent_id: string; n: number }>(
        `SELECT intent_id, count(*)::int AS n FROM audit_log WHERE intent_id IS NOT NULL GROUP BY intent_id`,
      );
      expect(rows).toHaveLength(30);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      // A raw second outcome from another process is refused by the store itself.
      await expect(
        others[1]!.audit.append({ action: 'version.update', outcome: 'success', intent_id: ids[0]! }),
      ).rejects.toBeInstanceOf(IntentSettledError);
      expect(await others[0]!.audit.verify()).toMatchObject({ intact: true, rows_checked: 60 });
    } finally {
      await Promise.all(others.map((s) => s.close()));
      await handle?.cleanup();
    }
  },
  STORE_OPEN_TIMEOUT_MS,
);
