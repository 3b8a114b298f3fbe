/** Sessions and sign-in over HTTP (docs/security.md S1-S7, L3, L6, R1; tests 12 and 16). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, PASSWORD } from './harness.js';

const COOKIE_RE =
  /^__Host-Http-sid=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly; SameSite=Strict; Max-Age=\d+$/;
const CLEAR_RE = /^__Host-Http-sid=; Path=\/; Secure; HttpOnly; SameSite=Strict; Max-Age=0$/;

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
  await h.user('alice', 'admin');
  await h.user('sam', 'support');
  await h.user('ada', 'auditor');
}, 60_000);
afterAll(async () => {
  // S2: every Set-Cookie the suite saw has the required shape.
  for (const r of h.responses)
    for (const c of r.setCookies) expect(c).toMatch(new RegExp(`${COOKIE_RE.source}|${CLEAR_RE.source}`));
  await h.close();
});

describe('sign-in', () => {
  it('sets a __Host-Http- cookie with 256 random bits and returns the user', async () => {
    const res = await h.request('POST', '/bff/login', { body: { username: 'alice', password: PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.setCookies).toHaveLength(1);
    expect(res.setCookies[0]).toMatch(COOKIE_RE);
    expect(res.json).toMatchObject({
      name: 'alice',
      role: 'admin',
      roles: ['admin'],
      auth_method: 'password',
    });
    expect(res.json.session_expires_in).toBeGreaterThan(0);
    expect(res.json.expiry_policy).toMatchObject({ can_edit: true, eligible_within_ms: null });
    const rows = await h.stores.audit.list({ action: 'auth.login', actor: 'alice' }, { limit: 10 });
    expect(rows.entries).toHaveLength(1);
  });

  it('answers the same generic body for an unknown user and a wrong password', async () => {
    const a = await h.request('POST', '/bff/login', { body: { username: 'nobody', password: 'x' } });
    const b = await h.request('POST', '/bff/login', { body: { username: 'sam', password: 'wrong one' } });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    const strip = (j: { error: Record<string, unknown> }) => ({ ...j.error, requestId: undefined });
    expect(strip(a.json)).toEqual(strip(b.json));
    expect(a.json.error.code).toBe('login_failed');
    expect(a.setCookies).toEqual([]);
  });

  it('rotates the session id on every sign-in and discards the one that came in', async () => {
    const first = await h.login('ada');
    const res = await h.request('POST', '/bff/login', {
      body: { username: 'ada', password: PASSWORD },
      cookie: first,
    });
    const second = res.setCookies[0]!.split(';')[0]!;
    expect(second).not.toBe(first);
    expect((await h.request('GET', '/bff/user', { cookie: first })).status).toBe(401);
    expect((await h.request('GET', '/bff/user', { cookie: second })).status).toBe(200);
  });

  it('logout deletes the session, clears the cookie and sends Clear-Site-Data', async () => {
    const cookie = await h.login('alice');
    const res = await h.request('POST', '/bff/logout', { cookie });
    expect(res.status).toBe(204);
    expect(res.setCookies[0]).toMatch(CLEAR_RE);
    expect(res.headers.get('clear-site-data')).toBe('"cookies"');
    expect((await h.request('GET', '/bff/user', { cookie })).status).toBe(401);
    expect((await h.request('GET', '/api/accounts', { cookie })).status).toBe(401);
  });

  it('GET /bff/user needs the CSRF header and a session; API 401s are JSON, never redirects', async () => {
    const cookie = await h.login('sam');
    expect((await h.request('GET', '/bff/user', { cookie, bare: true })).status).toBe(403);
    const anon = await h.request('GET', '/bff/user');
    expect(anon.status).toBe(401);
    expect(anon.headers.get('content-type')).toMatch(/^application\/json/);
    expect(anon.json.error.code).toBe('unauthenticated');
  });
});

describe('timeouts on the clock', () => {
  it('ends a session after 30 min idle, not 1 s before', async () => {
    const cookie = await h.login('sam');
    h.offsetMs += 30 * 60_000 - 1_000;
    expect((await h.request('GET', '/bff/user', { cookie })).status).toBe(200);
    h.offsetMs += 30 * 60_000 + 1_000;
    expect((await h.request('GET', '/bff/user', { cookie })).status).toBe(401);
  });

  it('ends a busy session at 12 h absolute, not 1 s before', async () => {
    const cookie = await h.login('ada');
    for (let i = 0; i < 24; i++) {
      h.offsetMs += 29 * 60_000 + 59_000 - (i === 23 ? 60_000 : 0);
      expect((await h.request('GET', '/bff/user', { cookie })).status).toBe(200);
    }
    // 24 steps of 29:59 minus 60 s = 11:58:36 since sign-in; 1 s before 12 h is still fine.
    h.offsetMs += 12 * 3600_000 - (24 * (29 * 60_000 + 59_000) - 60_000) - 1_000;
    expect((await h.request('GET', '/bff/user', { cookie })).status).toBe(200);
    h.offsetMs += 2_000;
    expect((await h.request('GET', '/bff/user', { cookie })).status).toBe(401);
  });
});

describe("the session's times: GET /bff/session reads them, POST /bff/session/keepalive extends (S8)", () => {
  const MIN = 60_000;
  const IDLE = 30 * MIN;
  const ABSOLUTE = 12 * 3600_000;

  /** Runs `body` on a clock that stands still unless the test moves `h.frozenAt`. */
  async function frozen(body: (start: number) => Promise<void>): Promise<void> {
    const start = h.now();
    h.frozenAt = start;
    try {
      await body(start);
    } finally {
      h.offsetMs += (h.frozenAt ?? start) - start;
      h.frozenAt = undefined;
    }
  }

  it('sign-in and /bff/user say when the session idles out and when it ends regardless', async () => {
    await frozen(async (start) => {
      const res = await h.request('POST', '/bff/login', { body: { username: 'sam', password: PASSWORD } });
      expect(res.json).toMatchObject({
        server_time: start,
        idle_expires_at: start + IDLE,
        absolute_expires_at: start + ABSOLUTE,
        session_expires_at: start + IDLE,
        session_expires_in: IDLE / 1000,
        idle_timeout_s: IDLE / 1000,
      });
      const cookie = res.setCookies[0]!.split(';')[0]!;
      h.frozenAt = start + 10 * MIN;
      const me = await h.request('GET', '/bff/user', { cookie });
      // Asking for the user is use: the idle limit moved on, the absolute one did not.
      expect(me.json).toMatchObject({
        server_time: start + 10 * MIN,
        idle_expires_at: start + 40 * MIN,
        absolute_expires_at: start + ABSOLUTE,
      });
    });
  });

  it('GET /bff/session answers the times without extending the session, which then idles out', async () => {
    await frozen(async (start) => {
      const cookie = await h.login('ada');
      h.frozenAt = start + 29 * MIN;
      const status = await h.request('GET', '/bff/session', { cookie });
      expect(status.status, status.text).toBe(200);
      expect(status.json).toEqual({
        session_expires_in: 60,
        session_expires_at: start + IDLE,
        idle_expires_at: start + IDLE,
        absolute_expires_at: start + ABSOLUTE,
        idle_timeout_s: IDLE / 1000,
        server_time: start + 29 * MIN,
      });
      // Asked again and again, it still does not count as use.
      h.frozenAt = start + IDLE - 1_000;
      expect((await h.request('GET', '/bff/session', { cookie })).json.idle_expires_at).toBe(start + IDLE);
      h.frozenAt = start + IDLE;
      const ended = await h.request('GET', '/bff/session', { cookie });
      expect(ended.status).toBe(401);
      expect(ended.json.error.code).toBe('unauthenticated');
      expect((await h.request('GET', '/bff/user', { cookie })).status).toBe(401);
    });
  });

  it('POST /bff/session/keepalive restarts the idle timer and says until when', async () => {
    await frozen(async (start) => {
      const cookie = await h.login('alice');
      h.frozenAt = start + 25 * MIN;
      const kept = await h.request('POST', '/bff/session/keepalive', { cookie });
      expect(kept.status, kept.text).toBe(200);
      expect(kept.json).toMatchObject({
        idle_expires_at: start + 55 * MIN,
        session_expires_at: start + 55 * MIN,
        server_time: start + 25 * MIN,
      });
      // 40 min after sign-in, 15 after the keepalive: still signed in, and the peek shows the new limit.
      h.frozenAt = start + 40 * MIN;
      expect((await h.request('GET', '/bff/session', { cookie })).json.idle_expires_at).toBe(
        start + 55 * MIN,
      );
      // Once idled out, a keepalive cannot bring the session back.
      h.frozenAt = start + 55 * MIN;
      expect((await h.request('POST', '/bff/session/keepalive', { cookie })).status).toBe(401);
    });
  });

  it('keepalive near the absolute end: idle_expires_at moves on, session_expires_at stays at the absolute end', async () => {
    await frozen(async (start) => {
      const cookie = await h.login('sam');
      // Busy all day: a request every 29 minutes.
      for (let t = 29 * MIN; t < ABSOLUTE - 10 * MIN; t += 29 * MIN) {
        h.frozenAt = start + t;
        expect((await h.request('GET', '/bff/user', { cookie })).status).toBe(200);
      }
      h.frozenAt = start + ABSOLUTE - 10 * MIN;
      const kept = await h.request('POST', '/bff/session/keepalive', { cookie });
      expect(kept.json).toMatchObject({
        idle_expires_at: start + ABSOLUTE + 20 * MIN,
        absolute_expires_at: start + ABSOLUTE,
        session_expires_at: start + ABSOLUTE,
        session_expires_in: 600,
      });
    });
  });

  it('keepalive needs the CSRF header and a session, like every other POST', async () => {
    const cookie = await h.login('ada');
    const bare = await h.request('POST', '/bff/session/keepalive', { cookie, bare: true });
    expect(bare.status).toBe(403);
    const anon = await h.request('POST', '/bff/session/keepalive');
    expect(anon.status).toBe(401);
    expect((await h.request('GET', '/bff/session')).status).toBe(401);
  });
});

describe('session limits and revocation', () => {
  it('a 6th session revokes the oldest', async () => {
    await h.user('bob', 'auditor');
    const cookies = [];
    for (let i = 0; i < 6; i++) cookies.push(await h.login('bob'));
    expect((await h.request('GET', '/bff/user', { cookie: cookies[0] })).status).toBe(401);
    for (const c of cookies.slice(1))
      expect((await h.request('GET', '/bff/user', { cookie: c })).status).toBe(200);
  });

  it('disabling a user ends their sessions at once; a role change applies on the next request', async () => {
    const carol = await h.user('carol', 'admin');
    const cookie = await h.login('carol');
    await h.stores.users.setRole(carol.id, 'auditor', h.now());
    const me = await h.request('GET', '/bff/user', { cookie });
    expect(me.json.role).toBe('auditor');
    await h.stores.users.setDisabled(carol.id, true, h.now());
    expect((await h.request('GET', '/bff/user', { cookie })).status).toBe(401);
    expect(
      (await h.request('POST', '/bff/login', { body: { username: 'carol', password: PASSWORD } })).status,
    ).toBe(401);
  });
});

describe('brute force (R1)', () => {
  it('blocks a user+IP pair at the 6th failure, even with the right password', async () => {
    await h.user('dave', 'support');
    for (let i = 0; i < 5; i++) {
      expect(
        (await h.request('POST', '/bff/login', { body: { username: 'dave', password: 'nope' } })).status,
      ).toBe(401);
    }
    const sixth = await h.request('POST', '/bff/login', { body: { username: 'dave', password: 'nope' } });
    expect(sixth.status).toBe(429);
    expect(sixth.json.error.code).toBe('login_throttled');
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(800);
    const right = await h.request('POST', '/bff/login', { body: { username: 'dave', password: PASSWORD } });
    expect(right.status).toBe(429);
    h.offsetMs += 15 * 60_000 + 1_000;
    expect(
      (await h.request('POST', '/bff/login', { body: { username: 'dave', password: PASSWORD } })).status,
    ).toBe(200);
  });

  it('blocks an IP at its 101st failure in 24 h', async () => {
    h.offsetMs += 25 * 3600_000; // a fresh 24 h window for this IP
    for (let i = 0; i < 100; i++) {
      const res = await h.request('POST', '/bff/login', {
        body: { username: `ghost${i}`, password: 'nope' },
      });
      expect(res.status).toBe(401);
    }
    const res = await h.request('POST', '/bff/login', { body: { username: 'ghost-last', password: 'nope' } });
    expect(res.status).toBe(429);
    h.offsetMs += 24 * 3600_000 + 1_000;
  }, 60_000);

  it('costs about the same time for an unknown user as for a wrong password', async () => {
    await h.user('erin', 'auditor');
    const known: number[] = [];
    const unknown: number[] = [];
    const time = async (username: string, into: number[]) => {
      const t = performance.now();
      await h.request('POST', '/bff/login', { body: { username, password: 'wrong password' } });
      into.push(performance.now() - t);
    };
    for (let i = 0; i < 40; i++) {
      h.offsetMs += 16 * 60_000; // stay clear of the pair block
      await time('erin', known);
      await time(`nobody-${i % 4}`, unknown);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const a = median(known);
    const b = median(unknown);
    expect(Math.abs(a - b) / Math.max(a, b)).toBeLessThan(0.1);
  }, 60_000);
});
