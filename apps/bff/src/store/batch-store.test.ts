/**
 * Migration 5 at the store (docs/security.md B2), on PGlite and PostgreSQL: a secret's pending items are
 * claimed by one process at a time, a lease that ran out is taken over, only the holder writes a result and
 * only over a pending item, and a batch item's audit intent is found by its batch id and index.
 */
import { expect, it } from 'vitest';
import { describeEachStore } from './testing.js';
import type { BatchRecord, Stores } from './types.js';

const T = 1_700_000_000_000;
const LEASE = 60_000;

const batch = (id: string): BatchRecord => ({
  id,
  account: 'demo',
  created_by: 'u1',
  role: 'admin',
  reason: null,
  retry_of: null,
  audit: { request_id: 'r1' },
  created_at: T,
});
const item = (secret: string, version: string) => ({
  secret,
  version,
  expire_time: T + 1e9,
  expected_expire_time: null,
});

async function seed(stores: Stores, id: string) {
  await stores.batches.create(batch(id), [item('s1', 'v1'), item('s2', 'v1'), item('s1', 'v2')]);
}

describeEachStore('batch store', (getStores) => {
  it('keeps the items in order, and claims a secret\'s pending items for one owner until the lease runs out', async () => {
    const { batches } = getStores();
    const id = '01J0000000000000000000000A';
    await seed(getStores(), id);
    expect((await batches.get(id))!.items.map((i) => [i.idx, i.secret, i.version, i.status])).toEqual([
      [0, 's1', 'v1', 'pending'], [1, 's2', 'v1', 'pending'], [2, 's1', 'v2', 'pending'],
    ]);
    expect(await batches.claimableBatches(T)).toContain(id);
    const mine = await batches.claimGroup(id, 's1', 'p1', T, LEASE);
    expect(mine.map((i) => [i.idx, i.attempts])).toEqual([[0, 1], [2, 1]]);
    expect(await batches.claimGroup(id, 's1', 'p2', T + 1, LEASE)).toEqual([]);
    expect(await batches.pendingGroups(id, T + 1)).toEqual(['s2']);
    // p1 renews; p2 still cannot take them at the old lease's end.
    await batches.renew(id, 's1', 'p1', T + 2 * LEASE);
    expect(await batches.claimGroup(id, 's1', 'p2', T + LEASE, LEASE)).toEqual([]);
    // p1 settles one; p1 "dies"; p2 takes over only the other, as a second attempt.
    expect(await batches.settle(id, 0, 'p1', { status: 'applied', expire_time: T + 1e9 })).toBe(true);
    const taken = await batches.claimGroup(id, 's1', 'p2', T + 2 * LEASE, LEASE);
    expect(taken.map((i) => [i.idx, i.attempts])).toEqual([[2, 2]]);
    // The old holder can no longer write a result; a settled item is never written again.
    expect(await batches.settle(id, 2, 'p1', { status: 'failed', code: 'x' })).toBe(false);
    expect(await batches.settle(id, 0, 'p1', { status: 'failed', code: 'x' })).toBe(false);
    expect(await batches.settle(id, 2, 'p2', { status: 'conflict', current_expire_time: 5 })).toBe(true);
    const items = (await batches.get(id))!.items;
    expect(items.map((i) => i.status)).toEqual(['applied', 'pending', 'conflict']);
    expect(items[2]).toMatchObject({ current_expire_time: 5, code: null });
  }); // prettier-ignore

  it('two owners claiming at once: each item goes to exactly one', async () => {
    const { batches } = getStores();
    const id = '01J0000000000000000000000B';
    await seed(getStores(), id);
    const [a, b] = await Promise.all([
      batches.claimGroup(id, 's1', 'pa', T, LEASE),
      batches.claimGroup(id, 's1', 'pb', T, LEASE),
    ]);
    expect(a.length + b.length).toBe(2);
    expect(Math.min(a.length, b.length)).toBe(0);
  });

  it('finds a batch item\'s intent and its outcome by batch id and index', async () => {
    const stores = getStores();
    const id = '01J0000000000000000000000C';
    await seed(stores, id);
    expect(await stores.batches.findIntent(id, 1)).toBeUndefined();
    const intent = await stores.audit.append({ action: 'version.update', outcome: 'intent', details: { batch_id: id, batch_item: 1 } });
    await stores.audit.append({ action: 'version.update', outcome: 'intent', details: { batch_id: id, batch_item: 2 } });
    expect(await stores.batches.findIntent(id, 1)).toMatchObject({ intent: { id: intent.id }, outcome: undefined });
    const outcome = await stores.audit.append({ action: 'version.update', outcome: 'success', intent_id: intent.id, details: { batch_id: id, batch_item: 1 } });
    expect(await stores.batches.findIntent(id, 1)).toMatchObject({ intent: { id: intent.id }, outcome: { id: outcome.id } });
  }); // prettier-ignore
});
