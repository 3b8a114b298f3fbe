import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { openStores } from './index.js';
import { describeEachStore, openTestStores, storeBackends, STORE_OPEN_TIMEOUT_MS } from './testing.js';
import type { CounterRule } from './types.js';

const key = (label: string) => `${label}:${randomBytes(4).toString('hex')}`;
const WINDOW = 15 * 60_000;
const BLOCK = 60_000;
const rule = (k: string, maxAttempts = 3): CounterRule => ({
  key: k,
  maxAttempts,
  windowMs: WINDOW,
  blockMs: BLOCK,
});

describeEachStore('login counter store', (getStores) => {
  const counters = () => getStores().loginCounters;
  const take1 = async (r: CounterRule, now: number) => (await counters().take([r], now))[0]!;

  it('counts attempts within a window and restarts at 1 once it has passed', async () => {
    const r = rule(key('pair'), 10);
    const t0 = 1_000_000;
    expect(await take1(r, t0)).toEqual({ key: r.key, attempts: 1, windowStart: t0, blockedUntil: null });
    expect((await take1(r, t0 + 1)).attempts).toBe(2);
    expect((await take1(r, t0 + WINDOW - 1)).attempts).toBe(3);
    expect(await take1(r, t0 + WINDOW)).toMatchObject({ attempts: 1, windowStart: t0 + WINDOW });
  });

  it('blocks the attempt past the limit, keeps the count while blocked, and starts over after the block', async () => {
    const r = rule(key('block'), 3);
    const t0 = 5_000;
    for (let i = 1; i <= 3; i++)
      expect(await take1(r, t0)).toMatchObject({ attempts: i, blockedUntil: null });
    expect(await take1(r, t0 + 10)).toMatchObject({ attempts: 4, blockedUntil: t0 + 10 + BLOCK });
    // While blocked nothing is counted and the block is not extended.
    expect(await take1(r, t0 + 20)).toMatchObject({ attempts: 4, blockedUntil: t0 + 10 + BLOCK });
    expect(await take1(r, t0 + 10 + BLOCK)).toMatchObject({ attempts: 1, blockedUntil: null });
  });

  it('gives exactly `maxAttempts` distinct counts to parallel attempts; the rest are refused', async () => {
    const r = rule(key('par'), 5);
    const takes = await Promise.all(Array.from({ length: 40 }, () => take1(r, 9_000)));
    const allowed = takes.filter((t) => t.blockedUntil === null);
    expect(allowed.map((t) => t.attempts).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(takes.filter((t) => t.blockedUntil === 9_000 + BLOCK)).toHaveLength(35);
  });

  it('counts several keys in one statement, each under its own rule', async () => {
    const [a, b] = [rule(key('a'), 1), { ...rule(key('b'), 5), windowMs: 10 }];
    const first = await counters().take([a, b], 100);
    expect(first.map((t) => t.attempts)).toEqual([1, 1]);
    const second = await counters().take([a, b], 111);
    expect(second[0]).toMatchObject({ attempts: 2, blockedUntil: 111 + BLOCK });
    expect(second[1]).toMatchObject({ attempts: 1, windowStart: 111, blockedUntil: null }); // b's window ended
  });

  it('refunds an attempt only within the window it was counted in', async () => {
    const r = rule(key('refund'), 10);
    await take1(r, 1_000);
    const counted = await take1(r, 1_001);
    await counters().refund([counted]);
    expect((await take1(r, 1_002)).attempts).toBe(2);
    const later = await take1(r, 1_000 + WINDOW); // a new window
    await counters().refund([{ key: r.key, windowStart: counted.windowStart }]);
    expect((await take1(r, 1_000 + WINDOW + 1)).attempts).toBe(later.attempts + 1);
  });

  it('block holds a key until a time, never shortens a block, and skips a window that has moved on', async () => {
    const r = rule(key('blk'), 10);
    const counted = await take1(r, 100);
    await counters().block(counted, 5_000);
    await counters().block(counted, 3_000);
    expect(await take1(r, 200)).toMatchObject({ attempts: 1, blockedUntil: 5_000 });
    expect(await take1(r, 5_000)).toMatchObject({ attempts: 1, windowStart: 5_000, blockedUntil: null });
    await counters().block(counted, 99_000); // counted in the window that started at 100: no effect
    expect((await take1(r, 5_001)).blockedUntil).toBeNull();
  });

  it('clear forgets the count and the block', async () => {
    const r = rule(key('clear'), 1);
    await take1(r, 1);
    expect((await take1(r, 2)).blockedUntil).toBe(2 + BLOCK);
    await counters().clear(r.key);
    expect(await take1(r, 3)).toMatchObject({ attempts: 1, blockedUntil: null });
  });

  it('purges rows whose window and block have both ended, and only those', async () => {
    const { db } = getStores();
    const t0 = 50_000_000_000; // far from the other tests' clocks
    const ended = rule(key('old'));
    const blocked = { ...rule(key('blocked'), 1), blockMs: 2 * WINDOW }; // a block longer than its window
    const open = rule(key('open'));
    await counters().purgeExpired(t0); // the other tests' rows, so the counts below are this test's
    await take1(ended, t0); // its window ends at t0 + WINDOW
    await take1(blocked, t0);
    await take1(blocked, t0 + 1); // blocked until t0 + 1 + 2 * WINDOW
    await take1(open, t0 + WINDOW); // its window ends at t0 + 2 * WINDOW
    const left = async () =>
      (
        await db.query<{ key: string }>('SELECT key FROM login_counters WHERE key = ANY($1::text[])', [
          [ended.key, blocked.key, open.key],
        ])
      ).rows
        .map((r) => r.key)
        .sort();
    expect(await counters().purgeExpired(t0 + WINDOW)).toBe(0);
    expect(await counters().purgeExpired(t0 + WINDOW + 1)).toBe(1);
    expect(await left()).toEqual([blocked.key, open.key].sort());
    expect(await counters().purgeExpired(t0 + 2 * WINDOW + 1)).toBe(1);
    expect(await left()).toEqual([blocked.key]);
    expect(await counters().purgeExpired(t0 + 2 * WINDOW + 2)).toBe(1);
    expect(await left()).toEqual([]);
    // The purge is one range on this index, whatever the table's size.
    const indexes = await db.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE tablename = 'login_counters' AND indexdef LIKE '%(expires_at)%'",
    );
    expect(indexes.rows.map((r) => r.indexname)).toContain('login_counters_expires_at');
  });
});

describeEachStore('rate limit table', (getStores) => {
  it('purges request counters whose minute has passed', async () => {
    const { rateLimits, db } = getStores();
    const k = key('reads');
    await rateLimits.client.query({
      text: `INSERT INTO ${rateLimits.table} VALUES ($1, 1, $2), ($3, 1, $4)`,
      values: [`${k}:old`, 1_000, `${k}:new`, 9_000],
    });
    expect(await rateLimits.purgeExpired(5_000)).toBeGreaterThanOrEqual(1);
    const { rows } = await db.query<{ key: string }>(
      `SELECT key FROM ${rateLimits.table} WHERE key LIKE $1`,
      [`${k}:%`],
    );
    expect(rows.map((r) => r.key)).toEqual([`${k}:new`]);
  });
});

it.skipIf(!storeBackends().includes('postgres'))(
  'two store handles (two pools) on one PostgreSQL schema share the counts exactly',
  async () => {
    const handle = await openTestStores('postgres');
    const second = await openStores(handle.options);
    try {
      const r = rule(key('shared'), 7);
      const takes = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          (i % 2 ? handle.stores : second).loginCounters.take([r], 1_000).then((t) => t[0]!),
        ),
      );
      expect(takes.filter((t) => t.blockedUntil === null)).toHaveLength(7);
    } finally {
      await second.close();
      await handle.cleanup();
    }
  },
  STORE_OPEN_TIMEOUT_MS,
);
