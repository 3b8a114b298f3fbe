/**
 * The delivery queue's settings follow the configuration on every start: pg-boss's createQueue keeps an
 * existing queue's options as they were, so the engine calls updateQueue after it. Started with one
 * NOTIFY_RETRY_LIMIT / NOTIFY_RETRY_DELAY_S / NOTIFY_DELIVERY_EXPIRE_S, restarted with others, the queue as
 * pg-boss stores it (getQueue) has the new ones. Both stores, real job queue.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.js';
import {
  openTestStores,
  storeBackends,
  STORE_OPEN_TIMEOUT_MS,
  type TestStores,
} from '../../store/testing.js';
import { MemoryConfig, postDigest, storeFleet } from './engine-testing.js';
import { DELIVER_QUEUE, EVALUATE_QUEUE, NotifyEngine, type NotifyEngineSettings } from './notify-engine.js';
import { createBoss } from './queue.js';

const logger = createLogger('silent');

for (const kind of storeBackends()) {
  describe(`notify queue settings [${kind}]`, { timeout: 60_000 }, () => {
    let handle: TestStores | undefined;
    const engines: NotifyEngine[] = [];

    afterEach(async () => {
      for (const e of engines.splice(0)) await e.stop(2_000);
      await handle?.cleanup();
      handle = undefined;
    }, STORE_OPEN_TIMEOUT_MS);

    const engine = (over: Partial<NotifyEngineSettings>) => {
      const { stores } = handle!;
      const e = new NotifyEngine({
        db: stores.db,
        fleet: storeFleet(stores, Date.now),
        accounts: () => ['acc'],
        config: new MemoryConfig(),
        send: postDigest,
        now: Date.now,
        logger,
        settings: {
          evaluateEveryMinutes: 15,
          retryLimit: 8,
          retryDelaySeconds: 30,
          sendTimeoutMs: 2_000,
          publicUrl: 'https://console.example',
          pollingIntervalSeconds: 0.5,
          schedule: false,
          ...over,
        },
      });
      engines.push(e);
      return e;
    };

    /** The queue as pg-boss stores it, read through a boss of its own (never started: a plain read). */
    const stored = async (name: string) => {
      const queue = await createBoss(handle!.stores.db, { supervise: false, schedule: false }).getQueue(name);
      expect(queue).not.toBeNull();
      return queue!;
    };

    it('a restart with other NOTIFY_RETRY_* and expiry updates the existing queue', async () => {
      handle = await openTestStores(kind);
      const first = engine({ retryLimit: 3, retryDelaySeconds: 2, deliverExpireSeconds: 20 });
      await first.start();
      expect(await stored(DELIVER_QUEUE)).toMatchObject({
        retryLimit: 3,
        retryDelay: 2,
        retryBackoff: true,
        expireInSeconds: 20,
      });
      await first.stop(2_000);

      const second = engine({ retryLimit: 7, retryDelaySeconds: 5, deliverExpireSeconds: 45 });
      await second.start();
      expect(await stored(DELIVER_QUEUE)).toMatchObject({
        retryLimit: 7,
        retryDelay: 5,
        retryBackoff: true,
        expireInSeconds: 45,
      });
      // The evaluation queue keeps its singleton policy and fixed settings across the restart.
      expect(await stored(EVALUATE_QUEUE)).toMatchObject({
        policy: 'singleton',
        retryLimit: 2,
        expireInSeconds: 900,
      });
    });
  });
}
