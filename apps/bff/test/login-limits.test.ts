/**
 * Login limits under parallel load (docs/security.md R1, issue 9 item 3), over real HTTP on each store backend.
 * The observable that cannot lie is the number of argon2 checks: `verifyPassword` is the real function,
 * wrapped in a spy that only counts its calls. The audit rows (`bad_credentials` vs `throttled`) must agree.
 * Each test signs in from its own client IP (`X-Forwarded-For` with one trusted proxy hop).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as passwords from '../src/features/auth/passwords.js';
import { storeBackends } from '../src/store/testing.js';
import { Harness, PASSWORD } from './harness.js';

vi.mock('../src/features/auth/passwords.js', async (importOriginal) => {
  const real = await importOriginal<typeof passwords>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});
const argon2Checks = vi.mocked(passwords.verifyPassword);

const LOGIN = { pairFailures: 5, ipFailuresPerDay: 10, accountFailuresPerHour: 8 };

for (const kind of storeBackends()) {
  describe(`login limits under parallel load [${kind}]`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await Harness.start({ store: kind, config: { trustProxy: 1, login: LOGIN } });
      for (const name of ['dana', 'eve', 'finn', 'gus', 'hal']) await h.user(name, 'support');
    }, 60_000);
    afterAll(() => h.close());
    beforeEach(() => argon2Checks.mockClear());

    const login = (username: string, password: string, ip: string) =>
      h.request('POST', '/bff/login', {
        body: { username, password },
        headers: { 'x-forwarded-for': ip },
      });
    const statuses = (rs: { status: number }[]) => {
      const counts: Record<number, number> = {};
      for (const r of rs) counts[r.status] = (counts[r.status] ?? 0) + 1;
      return counts;
    };
    /** Audit rows of refused sign-ins from `ip`, by reason, in the same shape as `statuses`. */
    const auditReasons = async (ip: string) => {
      const { rows } = await h.stores.db.query<{ reason: string; n: number }>(
        `SELECT details->>'reason' AS reason, count(*)::int AS n FROM audit_log
         WHERE action = 'auth.login_failed' AND client_ip = $1 GROUP BY 1`,
        [ip],
      );
      const code = { bad_credentials: 401, throttled: 429 } as Record<string, number>;
      return Object.fromEntries(rows.map((r) => [code[r.reason] ?? r.reason, r.n]));
    };

    it('100 parallel wrong passwords for one user from one IP: 5 argon2 checks, 95 refusals', async () => {
      const ip = '198.51.100.1';
      const rs = await Promise.all(Array.from({ length: 100 }, () => login('dana', 'wrong', ip)));
      expect(statuses(rs)).toEqual({ 401: 5, 429: 95 });
      expect(argon2Checks).toHaveBeenCalledTimes(5);
      expect(await auditReasons(ip)).toEqual({ 401: 5, 429: 95 });
      const refused = rs.find((r) => r.status === 429)!;
      expect(refused.json.error.code).toBe('login_throttled');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800);
      // The refused 95 used up neither the IP's budget (10) nor the account's (8): another user from the
      // same IP still gets the IP's other 5 checks, and dana signs in from elsewhere.
      argon2Checks.mockClear();
      const more = await Promise.all(Array.from({ length: 8 }, () => login('eve', 'wrong', ip)));
      expect(statuses(more)).toEqual({ 401: 5, 429: 3 });
      expect(argon2Checks).toHaveBeenCalledTimes(5);
      expect((await login('dana', PASSWORD, '198.51.100.2')).status).toBe(200);
    }, 30_000);

    it('49 parallel wrong guesses, then the right password: refused without a check', async () => {
      const ip = '198.51.100.3';
      const rs = await Promise.all(Array.from({ length: 49 }, () => login('finn', 'guess', ip)));
      expect(statuses(rs)).toEqual({ 401: 5, 429: 44 });
      argon2Checks.mockClear();
      const right = await login('finn', PASSWORD, ip);
      expect(right.status).toBe(429);
      expect(right.json.error.code).toBe('login_throttled');
      expect(right.setCookies).toEqual([]);
      expect(argon2Checks).not.toHaveBeenCalled();
    }, 30_000);

    it('the per-IP cap holds exactly under parallel load (cap 10 here)', async () => {
      const ip = '198.51.100.5';
      const rs = await Promise.all(Array.from({ length: 40 }, (_, i) => login(`ghost-${i}`, 'x', ip)));
      expect(statuses(rs)).toEqual({ 401: 10, 429: 30 });
      expect(argon2Checks).toHaveBeenCalledTimes(10);
      expect(await auditReasons(ip)).toEqual({ 401: 10, 429: 30 });
      const retry = Number(rs.find((r) => r.status === 429)!.headers.get('retry-after'));
      expect(retry).toBeGreaterThan(23 * 3600);
    }, 30_000);

    it('successful sign-ins give their IP attempt back: an office IP is not blocked by its people', async () => {
      const ip = '198.51.100.6';
      for (let i = 0; i < 12; i++) expect((await login('hal', PASSWORD, ip)).status).toBe(200);
      const rs = await Promise.all(Array.from({ length: 14 }, (_, i) => login(`nobody-${i}`, 'x', ip)));
      expect(statuses(rs)).toEqual({ 401: 10, 429: 4 });
    }, 30_000);

    it('the per-account hourly cap holds exactly across many IPs (cap 8 here)', async () => {
      await h.user('ivy', 'auditor');
      argon2Checks.mockClear();
      const rs = await Promise.all(
        Array.from({ length: 20 }, (_, i) => login('ivy', 'wrong', `203.0.113.${i + 1}`)),
      );
      expect(statuses(rs)).toEqual({ 401: 8, 429: 12 });
      expect(argon2Checks).toHaveBeenCalledTimes(8);
      // Bounded: an hour later the account signs in again.
      h.offsetMs += 3600_000 + 1_000;
      expect((await login('ivy', PASSWORD, '203.0.113.99')).status).toBe(200);
    }, 30_000);
  });
}
