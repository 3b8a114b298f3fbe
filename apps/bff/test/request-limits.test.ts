/**
 * Request limits (docs/security.md R2, issue 9 item 4) over real HTTP on each store backend: exact under parallel
 * load, the draft-8 headers, what a store failure does, and the default sizing: a minute of a person
 * clicking as fast as the SPA lets them never sees a 429, while a script hits the limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../src/config/config.js';
import { storeBackends } from '../src/store/testing.js';
import { Harness, type Response } from './harness.js';

const tally = (rs: Response[]) => {
  const counts: Record<number, number> = {};
  for (const r of rs) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
};
const asIp = (ip: string) => ({ 'x-forwarded-for': ip });

for (const kind of storeBackends()) {
  describe(`request limits, small [${kind}]`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await Harness.start({
        store: kind,
        config: {
          trustProxy: 1,
          limits: { readsPerMin: 20, writesPerMin: 4, batchItemsPerMin: 4, anonPerMin: 15 },
        },
      });
      await h.user('rita', 'admin');
    }, 60_000);
    afterAll(() => h.close());

    const signIn = async (ip: string) => {
      const res = await h.request('POST', '/bff/login', {
        body: { username: 'rita', password: 'correct horse battery staple 42' },
        headers: asIp(ip),
      });
      expect(res.status).toBe(200);
      return res.setCookies[0]!.split(';')[0]!;
    };

    it('reads per session: exactly the limit under parallel load, then 429 rate_limited with Retry-After', async () => {
      const cookie = await signIn('192.0.2.1');
      const rs = await Promise.all(
        Array.from({ length: 50 }, () => h.request('GET', '/bff/user', { cookie })),
      );
      expect(tally(rs)).toEqual({ 200: 20, 429: 30 });
      const ok = rs.filter((r) => r.status === 200);
      expect(ok[0]!.headers.get('ratelimit-policy')).toBe('"reads";q=20;w=60');
      const remaining = ok.map((r) => Number(/;r=(\d+);/.exec(r.headers.get('ratelimit') ?? '')?.[1]));
      expect(remaining.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      const refused = rs.find((r) => r.status === 429)!;
      expect(refused.json.error).toMatchObject({
        code: 'rate_limited',
        details: { limit: 20, window_s: 60 },
      });
      const retry = Number(refused.headers.get('retry-after'));
      expect(retry).toBeGreaterThanOrEqual(1);
      expect(retry).toBeLessThanOrEqual(60);
      expect(refused.headers.get('ratelimit')).toMatch(/^"reads";r=0;t=\d+$/);
      // Another session has its own budget.
      const other = await signIn('192.0.2.2');
      expect((await h.request('GET', '/bff/user', { cookie: other })).status).toBe(200);
    }, 30_000);

    it('writes per session: counted before the handler, so refused bodies count too', async () => {
      const cookie = await signIn('192.0.2.3');
      const rs = await Promise.all(
        Array.from({ length: 10 }, () =>
          h.request('PUT', '/api/accounts/demo/secrets/gaussdb-ledger/versions/v1', { cookie, body: {} }),
        ),
      );
      expect(tally(rs)).toEqual({ 400: 4, 429: 6 });
      expect(rs.find((r) => r.status === 429)!.headers.get('ratelimit-policy')).toBe('"writes";q=4;w=60');
      expect(h.emulatorCalls('UpdateVersion')).toHaveLength(0);
    }, 30_000);

    it('anonymous requests per IP', async () => {
      const rs = await Promise.all(
        Array.from({ length: 40 }, () => h.request('GET', '/bff/user', { headers: asIp('192.0.2.50') })),
      );
      expect(tally(rs)).toEqual({ 401: 15, 429: 25 });
      expect(rs.find((r) => r.status === 429)!.headers.get('ratelimit-policy')).toBe('"anonymous";q=15;w=60');
      // Another address is not affected.
      expect((await h.request('GET', '/bff/user', { headers: asIp('192.0.2.51') })).status).toBe(401);
    }, 30_000);

    it('a made-up session cookie is still anonymous: counted per IP on sign-in and on refused sessions', async () => {
      const fake = { cookie: `__Host-Http-sid=${'A'.repeat(43)}` };
      const onLogin = await Promise.all(
        Array.from({ length: 20 }, () =>
          h.request('POST', '/bff/login', {
            ...fake,
            body: { username: 'nobody', password: 'wrong wrong wrong' },
            headers: asIp('192.0.2.60'),
          }),
        ),
      );
      // 15 reach the login handler (401, or 429 login_throttled once the pair is blocked); 5 are refused first.
      expect(onLogin.filter((r) => r.json.error?.code === 'rate_limited')).toHaveLength(5);
      const onRead = await Promise.all(
        Array.from({ length: 20 }, () =>
          h.request('GET', '/bff/user', { ...fake, headers: asIp('192.0.2.61') }),
        ),
      );
      expect(tally(onRead)).toEqual({ 401: 15, 429: 5 });
      expect(onRead.find((r) => r.status === 429)!.headers.get('ratelimit-policy')).toBe(
        '"anonymous";q=15;w=60',
      );
    }, 30_000);

    it.skipIf(kind !== 'postgres')(
      'when the store cannot count: reads fall back to this process, writes fail closed with 503',
      async () => {
        const cookie = await signIn('192.0.2.4');
        await h.stores.db.query('ALTER TABLE rate_limits RENAME TO rate_limits_away');
        try {
          const read = await h.request('GET', '/bff/user', { cookie });
          expect(read.status).toBe(200);
          expect(read.headers.get('ratelimit')).toMatch(/^"reads";r=19;t=\d+$/);
          const write = await h.request('PUT', '/api/accounts/demo/secrets/gaussdb-ledger/versions/v1', {
            cookie,
            body: {},
          });
          expect(write.status).toBe(503);
          expect(write.json.error.code).toBe('store_unavailable');
          expect(write.headers.get('retry-after')).toBe('5');
        } finally {
          await h.stores.db.query('ALTER TABLE rate_limits_away RENAME TO rate_limits');
        }
      },
      30_000,
    );
  });
}

/**
 * The SPA's requests (apps/web/src): a full page load asks `/bff/user` (session), `/api/accounts` (the
 * account switcher) and the page's own read: the secrets list or one secret with its versions. Moving
 * inside the SPA is cheaper (react-query caches the session for 60 s, the accounts for 5 min, a list page
 * for 30 s), so the worst case is a person who reloads on every click: 3 reads per navigation.
 */
const NAVIGATIONS_PER_SECOND = 3;
const EDITS_PER_MINUTE = 12; // each edit is a dialog with a review step: ~5 s at the very fastest

for (const kind of storeBackends()) {
  describe(`request limits, default sizing [${kind}]`, () => {
    let h: Harness;
    const defaults = testConfig().limits;
    beforeAll(async () => {
      h = await Harness.start({ store: kind, config: { limits: defaults } });
      await h.user('paula', 'admin');
    }, 60_000);
    afterAll(() => h.close());

    it('a minute of fast navigation, every click a full page load, never sees a 429', async () => {
      expect(defaults).toEqual({
        readsPerMin: 1200,
        writesPerMin: 30,
        batchItemsPerMin: 1000,
        anonPerMin: 600,
      });
      const cookie = await h.login('paula');
      const list = await h.request('GET', '/api/accounts/demo/secrets?limit=50', { cookie });
      const names: string[] = list.json.secrets.map((s: { name: string }) => s.name);
      expect(names.length).toBeGreaterThan(5);
      // The whole minute's requests land in one window (sent as fast as the BFF answers): the worst case
      // for a fixed window, and stricter than a real minute, which may straddle two.
      const statuses: number[] = [];
      for (let i = 0; i < 60 * NAVIGATIONS_PER_SECOND; i++) {
        const page =
          i % 3 === 0
            ? `/api/accounts/demo/secrets?limit=50${i % 2 ? '&state=ENABLED' : ''}`
            : `/api/accounts/demo/secrets/${names[i % names.length]}`;
        const load = await Promise.all([
          h.request('GET', '/bff/user', { cookie }),
          h.request('GET', '/api/accounts', { cookie }),
          h.request('GET', page, { cookie }),
        ]);
        statuses.push(...load.map((r) => r.status));
      }
      const edits = [];
      for (let i = 0; i < EDITS_PER_MINUTE; i++) {
        // Refused by validation after the limiter counted it: a write as far as the limit goes, no CSMS call.
        edits.push(
          await h.request('PUT', `/api/accounts/demo/secrets/${names[0]}/versions/v1`, { cookie, body: {} }),
        );
      }
      expect(statuses).toHaveLength(540);
      expect(tally(statuses.map((status) => ({ status }) as Response))).toEqual({ 200: 540 });
      expect(tally(edits)).toEqual({ 400: EDITS_PER_MINUTE });
    }, 180_000);

    it('a script on one session is stopped at the default read limit', async () => {
      const cookie = await h.login('paula');
      const rs: Response[] = [];
      for (let batch = 0; batch < 13; batch++) {
        rs.push(
          ...(await Promise.all(
            Array.from({ length: 100 }, () => h.request('GET', '/bff/user', { cookie })),
          )),
        );
      }
      expect(tally(rs)).toEqual({ 200: 1200, 429: 100 });
    }, 120_000);
  });
}
