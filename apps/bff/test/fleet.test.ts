/**
 * The fleet scan over HTTP (issue 11 item 1): the real BFF against the emulator seeded `scale:2000` (2,000
 * secrets, 6,000 versions, spread over every bucket through the admin surface), on each store backend. The
 * answer must hold exactly the versions the emulator holds, each in the bucket the emulator's own data puts
 * it in; the scan must page through both CSMS listings; `within` bounds the answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeBackends } from '../src/store/testing.js';
import { bucketsOf, heldVersions, key, notifyHeld, spreadExpiries, untilComplete } from './fleet-support.js';
import { Harness, type Response } from './harness.js';

const DAY = 86_400_000;
const SECRETS = 2000;
const PATH = '/api/accounts/demo/expiry';

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(!storeBackends().includes(kind))(`fleet scan of scale:${SECRETS} [${kind}]`, () => {
    let h: Harness;
    let cookie: string;
    let first: Response;
    let done: Response;
    let scanMs = 0;

    beforeAll(async () => {
      h = await Harness.start({ store: kind, emulator: { seed: `scale:${SECRETS}` } });
      await h.user('ada', 'auditor');
      cookie = await h.login('ada');
      await spreadExpiries(h.emulator, h.now());
      h.emulator.requestLog.clear();
      const started = Date.now();
      ({ first, last: done } = await untilComplete(h, `${PATH}?within=all`, cookie));
      scanMs = Date.now() - started;
      console.info(`fleet scan of scale:${SECRETS} [${kind}]: ${scanMs} ms`);
    }, 300_000);
    afterAll(async () => {
      await h?.close();
    });

    it('answers at once while the scan runs, then completes', () => {
      expect(first.status).toBe(200);
      expect(first.json.complete).toBe(false);
      expect(done.status).toBe(200);
      expect(done.json).toMatchObject({
        complete: true,
        secrets_total: SECRETS,
        secrets_scanned: SECRETS,
        failed: [],
        listing_error: null,
      });
      expect(done.json.scanned_at).toBeGreaterThan(0);
    });

    it('finds exactly the versions the emulator holds, each in its bucket', () => {
      const now = done.json.server_time as number;
      const held = heldVersions(h.emulator);
      expect(held).toHaveLength(SECRETS * 3);
      const items = done.json.items as Array<{
        secret: string;
        version: string;
        expire_time: number | null;
        stages: string[];
        secret_state: string;
        bucket: string;
      }>;
      expect(items).toHaveLength(held.length);
      const expected = bucketsOf(held, now);
      const got = new Map(items.map((i) => [key(i), i.bucket]));
      expect(got).toEqual(expected);
      const count = (m: Map<string, string>) => {
        const c: Record<string, number> = {};
        for (const b of m.values()) c[b] = (c[b] ?? 0) + 1;
        return c;
      };
      // Every bucket is populated, so each boundary is exercised.
      expect(Object.keys(count(expected)).sort()).toEqual(['30d', '7d', '90d', 'expired', 'later', 'none']);
      const byKey = new Map(held.map((v) => [key(v), v]));
      // scale:N subscribes no secret to an event: CSMS notifies nobody (fleet-notify.test.ts has the rest).
      const notify = notifyHeld(h.emulator);
      expect(new Set(notify.values())).toEqual(new Set(['not_subscribed']));
      for (const item of items) {
        const v = byKey.get(key(item))!;
        expect({ ...item, stages: [...item.stages].sort() }).toEqual({
          ...v,
          bucket: expected.get(key(item)),
          notify: notify.get(item.secret),
          // No rule in the store: the console warns nobody either (notify-health.test.ts has the rest).
          console_notify: 'no_rule',
        });
      }
    });

    it('pages through both CSMS listings once: 20 pages of secrets, one version listing per secret, no event', () => {
      const lists = h.emulatorCalls('ListSecrets');
      const versions = h.emulatorCalls('ListSecretVersions');
      expect(lists).toHaveLength(SECRETS / 100);
      expect(new Set(lists.map((c) => c.query)).size).toBe(SECRETS / 100);
      expect(versions).toHaveLength(SECRETS);
      expect(new Set(versions.map((c) => c.path)).size).toBe(SECRETS);
      expect(h.emulatorCalls('ShowSecretEvent')).toHaveLength(0);
    });

    it('bounds the answer with within: every expired version, plus those up to within days ahead', async () => {
      for (const within of ['0', '7', '30', '90', '365', '3650']) {
        const res = await h.request('GET', `${PATH}?within=${within}`, { cookie });
        expect(res.status).toBe(200);
        const now = res.json.server_time as number;
        const want = heldVersions(h.emulator)
          .filter((v) => v.expire_time !== null && v.expire_time <= now + Number(within) * DAY)
          .map(key)
          .sort();
        expect((res.json.items as Array<{ secret: string; version: string }>).map(key).sort()).toEqual(want);
        expect(res.json.complete).toBe(true);
      }
      const all = await h.request('GET', `${PATH}?within=all`, { cookie });
      const none = await h.request('GET', PATH, { cookie });
      expect(all.json.items).toHaveLength(SECRETS * 3);
      expect(none.json.items).toHaveLength(SECRETS * 3); // absent within = all
      const never = heldVersions(h.emulator).filter((v) => v.expire_time === null);
      expect(never.length).toBeGreaterThan(0);
      expect((all.json.items as Array<{ bucket: string }>).filter((i) => i.bucket === 'none')).toHaveLength(
        never.length,
      );
    });

    it('answers again from the cache without calling CSMS', async () => {
      const before = h.emulatorCalls().length;
      const again = await h.request('GET', `${PATH}?within=7`, { cookie });
      expect(again.status).toBe(200);
      expect(again.json.scanned_at).toBe(done.json.scanned_at);
      expect(h.emulatorCalls()).toHaveLength(before);
    });
  });
}
