/**
 * The engine on both stores, pg-boss included (PGlite: the embedded mode): crossings become one event and
 * one delivery per channel however many evaluations race; a moved clock gives one digest per lead time;
 * a receiver answering 500 twice is retried with backoff under one delivery id; a hanging one is a recorded
 * timeout. Real HTTP receiver, real store, real job queue.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.js';
import { createMetrics, watchFailing } from '../../metrics.js';
import { openStores } from '../../store/index.js';
import {
  openTestStores,
  storeBackends,
  STORE_OPEN_TIMEOUT_MS,
  type TestStores,
} from '../../store/testing.js';
import type { Stores } from '../../store/types.js';
import {
  addChannel,
  MemoryConfig,
  postDigest,
  Receiver,
  rule,
  secretRow,
  storeFleet,
  writeScan,
} from './engine-testing.js';
import { NotifyEngine, type NotifyEngineSettings } from './notify-engine.js';

const DAY = 86_400_000;
const T0 = Date.now() - 60_000;
const CH1 = '01J00000000000000000000CH1';
const CH2 = '01J00000000000000000000CH2';
const logger = createLogger('silent');

const settings = (over: Partial<NotifyEngineSettings> = {}): NotifyEngineSettings => ({
  evaluateEveryMinutes: 15,
  retryLimit: 3,
  retryDelaySeconds: 1,
  sendTimeoutMs: 2_000,
  publicUrl: 'https://console.example',
  pollingIntervalSeconds: 0.5,
  schedule: false,
  scanWaitMs: 1_000,
  ...over,
});

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const count = async (stores: Stores, sql: string) =>
  Number((await stores.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`)).rows[0]!.n);

for (const kind of storeBackends()) {
  describe(`notify engine [${kind}]`, { timeout: 60_000 }, () => {
    let handle: TestStores;
    let receiver: Receiver;
    const engines: NotifyEngine[] = [];
    const extra: Stores[] = [];
    let clock = T0;
    const now = () => clock;

    const engine = (stores: Stores, config: MemoryConfig, over: Partial<NotifyEngineSettings> = {}) => {
      const e = new NotifyEngine({
        db: stores.db,
        fleet: storeFleet(stores, now),
        accounts: () => ['acc'],
        config,
        send: postDigest,
        now,
        logger,
        settings: settings(over),
      });
      engines.push(e);
      return e;
    };

    beforeAll(async () => {
      receiver = await Receiver.start();
    });
    afterAll(() => receiver.close());
    afterEach(async () => {
      for (const e of engines.splice(0)) await e.stop(2_000);
      for (const s of extra.splice(0)) await s.close();
      await handle?.cleanup();
      receiver.received.length = 0;
      receiver.script.length = 0;
      clock = T0;
    }, STORE_OPEN_TIMEOUT_MS);

    async function setup(versions: Array<[string, number]>) {
      handle = await openTestStores(kind);
      const config = new MemoryConfig();
      await addChannel(handle.stores, config, CH1, receiver.url);
      await addChannel(handle.stores, config, CH2, receiver.url);
      config.rulesList = [rule({ channels: [CH1, CH2] })];
      await writeScan(
        handle.stores,
        'acc',
        versions.map(([secret, expire]) =>
          secretRow(secret, [{ id: 'v1', expire_time: expire, stages: ['SYSCURRENT'] }]),
        ),
        T0 - 1000,
      );
      return config;
    }

    it('gives one event and one delivery per crossing and channel, however many evaluations race', async () => {
      const config = await setup([
        ['a', T0 + 3 * DAY],
        ['b', T0 + 20 * DAY],
        ['c', T0 + 90 * DAY],
      ]);
      const first = engine(handle.stores, config);
      const evaluators = [first];
      if (kind === 'postgres') {
        // A second replica: its own pool and job queue on the same schema.
        const second = await openStores(handle.options);
        extra.push(second);
        evaluators.push(engine(second, config));
      } else evaluators.push(engine(handle.stores, config, {}));
      await Promise.all(evaluators.map((e) => e.start()));
      const results = await Promise.all(evaluators.flatMap((e) => [e.evaluateNow(), e.evaluateNow()]));
      expect(results.reduce((n, r) => n + r.events, 0)).toBe(2);
      expect(results.reduce((n, r) => n + r.deliveries, 0)).toBe(2);
      expect(await count(handle.stores, 'notify_events')).toBe(2);
      expect(await count(handle.stores, 'notify_deliveries')).toBe(2);
      expect(await count(handle.stores, 'notify_delivery_events')).toBe(4);
      expect(await count(handle.stores, 'notify_evaluations')).toBe(4);
      await waitFor(
        () => count(handle.stores, "notify_deliveries WHERE status = 'sent'"),
        (n) => n === 2,
      );
      await new Promise((r) => setTimeout(r, 1_500)); // nothing more arrives
      expect(receiver.received).toHaveLength(2);
      expect(new Set(receiver.received.map((r) => r.deliveryId)).size).toBe(2);
      const digest = receiver.received[0]!.digest;
      expect(digest.entries.map((e) => [e.secret, e.leadDays])).toEqual([
        ['a', 7],
        ['b', 30],
      ]);
      expect(digest.entries[0]!.secretUrl).toBe('https://console.example/accounts/acc/secrets/a');
      expect(digest.boardUrl).toBe('https://console.example/fleet');
      const page = await first.deliveries.list({ channel: CH1 });
      expect(page.items).toHaveLength(1);
      expect(page.items[0]).toMatchObject({ status: 'sent', attempts: 1, event_count: 2, kind: 'digest' });
      const detail = await first.deliveries.get(page.items[0]!.id);
      expect(detail!.events.map((e) => e.secret)).toEqual(['a', 'b']);
    });

    it('sends exactly one digest per channel per lead time as the clock moves; a new expiry re-arms', async () => {
      const config = await setup([['s', T0 + 40 * DAY]]);
      config.rulesList = [rule({ channels: [CH1] })];
      const e = engine(handle.stores, config);
      const leadsAt = async (at: number) => {
        clock = at;
        const r = await e.evaluateNow();
        return r.events;
      };
      expect(await leadsAt(T0)).toBe(0);
      expect(await leadsAt(T0 + 10.5 * DAY)).toBe(1); // 30 days
      expect(await leadsAt(T0 + 11 * DAY)).toBe(0);
      expect(await leadsAt(T0 + 33.5 * DAY)).toBe(1); // 7 days
      expect(await leadsAt(T0 + 39.5 * DAY)).toBe(1); // 1 day
      expect(await leadsAt(T0 + 39.6 * DAY)).toBe(0);
      // Extended to 60 days from now: the lead times count again for the new expiry.
      await writeScan(
        handle.stores,
        'acc',
        [secretRow('s', [{ id: 'v1', expire_time: clock + 20 * DAY, stages: [] }])],
        clock,
      );
      expect(await leadsAt(clock + 1)).toBe(1); // 30 days of the new expiry
      await waitFor(
        () => Promise.resolve(receiver.received.length),
        (n) => n === 4,
      );
      await new Promise((r) => setTimeout(r, 1_000));
      // Two delivery workers may send queued digests in either order: in creation order (the ids are ULIDs
      // of the moved clock), each lead time once.
      const inOrder = [...receiver.received].sort((a, b) => a.deliveryId.localeCompare(b.deliveryId));
      expect(inOrder.map((r) => r.digest.entries.map((x) => x.leadDays))).toEqual([[30], [7], [1], [30]]);
    });

    it('retries a receiver answering 500 twice with backoff, under one delivery id, then sends once', async () => {
      const config = await setup([['a', T0 + 3 * DAY]]);
      config.rulesList = [rule({ channels: [CH1] })];
      receiver.script.push(500, 500, 200);
      const e = engine(handle.stores, config);
      await e.evaluateNow();
      const retrying = await waitFor(
        () => e.deliveries.list({ status: 'retrying' }),
        (p) => p.items.length === 1,
      );
      expect(retrying.items[0]!.error).toEqual({
        code: 'receiver_status',
        message: 'the receiver answered HTTP 500',
      });
      expect(retrying.items[0]!.next_attempt_at).toBeGreaterThan(clock);
      const sent = await waitFor(
        () => e.deliveries.list({ status: 'sent' }),
        (p) => p.items.length === 1,
        30_000,
      );
      expect(sent.items[0]).toMatchObject({ attempts: 3, error: null });
      expect(receiver.received).toHaveLength(3);
      expect(new Set(receiver.received.map((r) => r.deliveryId))).toEqual(new Set([sent.items[0]!.id]));
      const gaps = [1, 2].map((i) => receiver.received[i]!.at - receiver.received[i - 1]!.at);
      expect(gaps[0]).toBeGreaterThanOrEqual(900);
      expect(gaps[1]).toBeGreaterThanOrEqual(1_900); // backoff: the second wait is longer
    }, 60_000);

    it('records a hanging receiver as a failed delivery with the reason, after the last retry', async () => {
      const config = await setup([['a', T0 + 3 * DAY]]);
      config.rulesList = [rule({ channels: [CH1] })];
      receiver.script.push('hang', 'hang');
      const e = engine(handle.stores, config, { sendTimeoutMs: 500, retryLimit: 1, retryDelaySeconds: 0 });
      await e.evaluateNow();
      const failed = await waitFor(
        () => e.deliveries.list({ status: 'failed' }),
        (p) => p.items.length === 1,
      );
      expect(failed.items[0]).toMatchObject({ attempts: 2, error: { code: 'timeout' } });
      expect(await e.deliveries.failing()).toEqual({ retrying: 0, failed: 1 });
      const metrics = createMetrics();
      watchFailing(metrics, () => e.deliveries.failing());
      expect(await metrics.registry.metrics()).toContain('notify_deliveries_failing{status="failed"} 1');
    });

    it('fails a delivery whose channel was deleted, without retrying; a test send is recorded', async () => {
      const config = await setup([['a', T0 + 3 * DAY]]);
      config.rulesList = [rule({ channels: [CH1] })];
      const e = engine(handle.stores, config);
      config.channels.delete(CH1);
      await e.evaluateNow();
      const failed = await waitFor(
        () => e.deliveries.list({ status: 'failed' }),
        (p) => p.items.length === 1,
      );
      expect(failed.items[0]).toMatchObject({ attempts: 1, error: { code: 'channel_deleted' } });
      expect(await e.deliveries.test(CH1)).toBeUndefined();
      receiver.script.push(503);
      const test = await e.deliveries.test(CH2);
      expect(test).toMatchObject({ kind: 'test', status: 'failed', attempts: 1, event_count: 0 });
      expect(test!.error).toEqual({ code: 'receiver_status', message: 'the receiver answered HTTP 503' });
      const ok = await e.deliveries.test(CH2);
      expect(ok).toMatchObject({ kind: 'test', status: 'sent' });
      expect(receiver.received.at(-1)!.digest).toMatchObject({ kind: 'test', total: 0, deliveryId: ok!.id });
      const page1 = await e.deliveries.list({ limit: 2 });
      const page2 = await e.deliveries.list({ limit: 2, cursor: page1.next_cursor! });
      // Newest first by (created_at, id); all three share the fixed clock here.
      const ids = [ok!.id, test!.id, failed.items[0]!.id].sort().reverse();
      expect(page1.items).toHaveLength(2);
      expect([...page1.items, ...page2.items].map((d) => d.id)).toEqual(ids);
      expect(page2.next_cursor).toBeNull();
    });
  });
}
