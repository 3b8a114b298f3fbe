/**
 * The RBAC matrix (docs/security.md §1.3, A1-A4, test 14): every route of the inventory x {anonymous, auditor,
 * support, admin, disabled user, role changed mid-session}, against the expected table written out from
 * §1.3 and the product decisions (not derived from the inventory, so a loosened inventory fails here).
 * Each 403 leaves exactly one `authz.denied` audit row; support's data rule is checked against CSMS as it
 * is (the emulator), with 0 UpdateVersion calls when refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteName } from '../src/routes.js';
import { expectError, fill, ROUTES, type Route } from './checks.js';
import { Harness, type Response } from './harness.js';

const DAY = 86_400_000;

type Who = 'anonymous' | 'auditor' | 'support' | 'admin' | 'disabled' | 'roleChanged';
const WHO: readonly Who[] = ['anonymous', 'auditor', 'support', 'admin', 'disabled', 'roleChanged'];

/** [status, code] per route and caller; PUT targets payments-db-password v5, which expires in 60 days. */
type Expect = readonly [number, string?];
const ok: Expect = [200];
const anon: Expect = [401, 'unauthenticated'];
const reads = { anonymous: anon, auditor: ok, support: ok, admin: ok, disabled: anon, roleChanged: ok };
const SPEC: Record<RouteName, Record<Who, Expect>> = {
  // Public: the handler runs whoever calls (a wrong password is the handler's 401, not the session check's).
  login: {
    anonymous: [401, 'login_failed'], auditor: [401, 'login_failed'], support: [401, 'login_failed'],
    admin: [401, 'login_failed'], disabled: [401, 'login_failed'], roleChanged: [401, 'login_failed'],
  },
  bootstrap: {
    anonymous: [400, 'invalid_input'], auditor: [400, 'invalid_input'], support: [400, 'invalid_input'],
    admin: [400, 'invalid_input'], disabled: [400, 'invalid_input'], roleChanged: [400, 'invalid_input'],
  },
  logout: { anonymous: anon, auditor: [204], support: [204], admin: [204], disabled: anon, roleChanged: [204] },
  user: reads,
  sessionStatus: reads,
  // Any signed-in user may keep their own session alive; a disabled user's session is already gone.
  keepalive: reads,
  accounts: reads,
  secrets: reads,
  secret: reads,
  audit: reads,
  auditExport: reads,
  auditVerify: reads,
  auditEvents: reads,
  auditEventsExport: reads,
  outsideChanges: reads,
  expiry: reads,
  updateExpiry: {
    anonymous: anon,
    auditor: [403, 'forbidden'],
    support: [403, 'version_not_eligible'], // v5 is not expired and not within 7 days
    admin: ok,
    disabled: anon,
    roleChanged: [403, 'forbidden'], // was admin when the session started, auditor now
  },
  // A batch is accepted whatever its items; each item is checked on its own (here: a conflict, no write).
  createBatch: {
    anonymous: anon, auditor: [403, 'forbidden'], support: [202], admin: [202], disabled: anon,
    roleChanged: [403, 'forbidden'],
  },
  batch: {
    anonymous: anon, auditor: [404, 'batch_not_found'], support: [404, 'batch_not_found'],
    admin: [404, 'batch_not_found'], disabled: anon, roleChanged: [404, 'batch_not_found'],
  },
  retryBatch: {
    anonymous: anon, auditor: [403, 'forbidden'], support: [404, 'batch_not_found'],
    admin: [404, 'batch_not_found'], disabled: anon, roleChanged: [403, 'forbidden'],
  },
  // Advance warnings (issue 14): every role reads rules and channels, only admins change them. A write
  // without a body is the handler's 400; an unknown id its 404.
  notifyRules: reads,
  notifyChannels: reads,
  createRule: adminWrite([400, 'invalid_input']),
  updateRule: adminWrite([400, 'invalid_input']),
  deleteRule: adminWrite([404, 'rule_not_found']),
  createChannel: adminWrite([400, 'invalid_input']),
  updateChannel: adminWrite([400, 'invalid_input']),
  deleteChannel: adminWrite([404, 'channel_not_found']),
  // The engine's routes: an unknown channel's test is its 404, an unknown delivery too; evaluate queues (202).
  testChannel: adminWrite([404, 'channel_not_found']),
  notifyDeliveries: reads,
  notifyDelivery: { ...reads, auditor: [404, 'delivery_not_found'], support: [404, 'delivery_not_found'], admin: [404, 'delivery_not_found'], roleChanged: [404, 'delivery_not_found'] },
  // Whether the scheduled evaluation is alive: every role reads it.
  notifyStatus: reads,
  notifyEvaluate: adminWrite([202, '']),
}; // prettier-ignore

/** An admin-only write: what the handler answers an admin, 403 for every other signed-in role. */
function adminWrite(admin: Expect): Record<Who, Expect> {
  const no: Expect = [403, 'forbidden'];
  return { anonymous: anon, auditor: no, support: no, admin, disabled: anon, roleChanged: no };
}

const USER: Partial<Record<Who, string>> = {
  auditor: 'ada',
  support: 'sam',
  admin: 'alice',
  disabled: 'dora',
  roleChanged: 'carl',
};

let h: Harness;
const cookies: Partial<Record<Who, string>> = {};

beforeAll(async () => {
  h = await Harness.start();
  await h.user('alice', 'admin');
  await h.user('sam', 'support');
  await h.user('ada', 'auditor');
  await h.user('dora', 'admin');
  await h.user('carl', 'admin');
  await h.user('pat', 'auditor');
  for (const who of ['auditor', 'support', 'admin'] as const) cookies[who] = await h.login(USER[who]!);
  await h.fleetScanned(cookies.auditor!); // GET .../expiry then answers from the cache, calling nothing
}, 60_000);
afterAll(async () => {
  await h.close();
});

async function expireTimeOf(secret: string, version: string): Promise<number | null> {
  const res = await h.request('GET', `/api/accounts/demo/secrets/${secret}`, { cookie: cookies.admin! });
  expect(res.status).toBe(200);
  const found = (res.json.versions as { id: string; expire_time: number | null }[]).find(
    (v) => v.id === version,
  );
  expect(found, `${secret} ${version}`).toBeDefined();
  return found!.expire_time;
}

async function deniedRows(requestId?: string) {
  const page = await h.stores.audit.list({ action: 'authz.denied' }, { limit: 200 });
  return requestId === undefined ? page.entries : page.entries.filter((e) => e.request_id === requestId);
}

/** A session for `who` as the matrix needs it: disabled and role-changed ones are made fresh per request. */
async function sessionFor(who: Who, route: Route): Promise<string | undefined> {
  if (who === 'anonymous') return undefined;
  const name = USER[who]!;
  const user = h.users.get(name)!;
  if (who === 'disabled') {
    await h.stores.users.setDisabled(user.id, false, h.now());
    const cookie = await h.login(name);
    await h.stores.users.setDisabled(user.id, true, h.now());
    return cookie;
  }
  if (who === 'roleChanged') {
    await h.stores.users.setRole(user.id, 'admin', h.now());
    const cookie = await h.login(name);
    const me = await h.request('GET', '/bff/user', { cookie });
    expect(me.json.role).toBe('admin');
    await h.stores.users.setRole(user.id, 'auditor', h.now());
    return cookie;
  }
  return route.name === 'logout' ? h.login(name) : cookies[who];
}

async function call(route: Route, cookie: string | undefined, who: Who): Promise<Response> {
  const path = fill(route.path);
  switch (route.name) {
    case 'login':
      return h.request('POST', path, {
        cookie,
        body: { username: `nobody-${who}`, password: 'wrong password' },
      });
    case 'bootstrap':
      return h.request('POST', path, { cookie, body: {} });
    case 'updateExpiry': {
      const current = await expireTimeOf('payments-db-password', 'v5');
      h.emulator.requestLog.clear();
      return h.request('PUT', path, {
        cookie,
        body: { expire_time: h.now() + 30 * DAY, expected_expire_time: current, reason: 'CHG-1' },
      });
    }
    case 'createBatch':
      return h.request('POST', path, {
        cookie,
        body: {
          reason: 'CHG-1',
          items: [
            {
              secret: 'payments-db-password',
              version: 'v5',
              expire_time: h.now() + 30 * DAY,
              expected_expire_time: 1,
            },
          ],
        },
      });
    default:
      return h.request(route.method, path, { cookie });
  }
}

describe('the expected table covers the whole inventory', () => {
  it('has a row for every route and only for routes', () => {
    expect(Object.keys(SPEC).sort()).toEqual(ROUTES.map((r) => r.name).sort());
  });
});

describe('RBAC matrix', () => {
  for (const route of ROUTES) {
    describe(`${route.method} ${route.path}`, () => {
      it.each(WHO)('%s', async (who) => {
        const [status, code] = SPEC[route.name][who];
        const cookie = await sessionFor(who, route);
        h.emulator.requestLog.clear();
        const deniedBefore = (await deniedRows()).length;
        const res = await call(route, cookie, who);
        expect(res.status, res.text).toBe(status);
        if (status >= 400) expectError(res, status, code);
        const requestId = res.headers.get('x-request-id')!;

        // A4: one authz.denied row per 403, naming who, what and why; none for anything else.
        const rows = await deniedRows(requestId);
        expect((await deniedRows()).length - deniedBefore).toBe(status === 403 ? 1 : 0);
        expect(rows).toHaveLength(status === 403 ? 1 : 0);
        if (status === 403) {
          expect(rows[0]).toMatchObject({
            outcome: 'denied',
            actor: { name: USER[who], role: who === 'roleChanged' ? 'auditor' : who },
            details: { code, method: route.method, status: 403 },
          });
        }
        // Refused writes never reach UpdateVersion; a refusal before the handler reaches nothing at all.
        if (route.name === 'updateExpiry' && status !== 200)
          expect(h.emulatorCalls('UpdateVersion')).toHaveLength(0);
        if (status === 401 || (status === 403 && code === 'forbidden'))
          expect(h.emulatorCalls()).toHaveLength(0);
        if (who === 'disabled' && route.access !== 'public') {
          expect(res.setCookies.some((c) => c.startsWith('__Host-Http-sid=;'))).toBe(true);
          expect((await h.request('GET', '/bff/user', { cookie })).status).toBe(401);
        }
        if (route.name === 'updateExpiry' && status === 200) {
          expect(h.emulatorCalls('UpdateVersion')).toHaveLength(1);
        }
      });
    });
  }
});

describe('public routes', () => {
  it('login works without a session and starts one', async () => {
    const res = await h.request('POST', '/bff/login', {
      body: { username: 'pat', password: 'correct horse battery staple 42' },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: 'pat', role: 'auditor' });
    expect(res.setCookies).toHaveLength(1);
  });

  it('bootstrap reaches its handler without a session (and refuses an unknown token)', async () => {
    const res = await h.request('POST', '/bff/bootstrap', {
      body: { token: 'x'.repeat(32), username: 'eve', password: 'a long enough passphrase 123' },
    });
    expectError(res, 401, 'unauthenticated');
    expect(res.json.error.message).toMatch(/bootstrap token/);
    expect(await h.stores.users.findByName('eve')).toBeUndefined();
  });
});

describe('support: only expired or soon-expiring versions, only later, at most 90 days ahead', () => {
  it('a version that is neither expired nor within 7 days: 403 version_not_eligible, 0 UpdateVersion', async () => {
    const current = await expireTimeOf('payments-db-password', 'v5');
    expect(current! - h.now()).toBeGreaterThan(7 * DAY);
    h.emulator.requestLog.clear();
    const res = await h.request('PUT', '/api/accounts/demo/secrets/payments-db-password/versions/v5', {
      cookie: cookies.support!,
      body: { expire_time: h.now() + 80 * DAY, expected_expire_time: current, reason: 'CHG-1' },
    });
    expectError(res, 403, 'version_not_eligible');
    expect(h.emulatorCalls('UpdateVersion')).toHaveLength(0);
    expect(await deniedRows(res.json.error.requestId)).toHaveLength(1);
    expect(await expireTimeOf('payments-db-password', 'v5')).toBe(current);
  });

  it('an expired version (orders-api-key v2, SYSCURRENT): a later value <= now + 90 d is 200', async () => {
    const current = await expireTimeOf('orders-api-key', 'v2');
    expect(current).not.toBeNull();
    expect(current!).toBeLessThanOrEqual(h.now()); // expired
    const target = Math.floor((h.now() + 89 * DAY) / 1000) * 1000;
    h.emulator.requestLog.clear();
    const res = await h.request('PUT', '/api/accounts/demo/secrets/orders-api-key/versions/v2', {
      cookie: cookies.support!,
      body: { expire_time: target, expected_expire_time: current, reason: 'support fixes an expired key' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.version).toMatchObject({ id: 'v2', expire_time: target });
    expect(h.emulatorCalls('UpdateVersion')).toHaveLength(1);
    expect(await expireTimeOf('orders-api-key', 'v2')).toBe(target);
    const rows = await h.stores.audit.list({ action: 'version.update', actor: 'sam' }, { limit: 10 });
    expect(rows.entries.map((e) => e.outcome).sort()).toEqual(['intent', 'success']);
    expect(await deniedRows(res.headers.get('x-request-id')!)).toHaveLength(0);
  });

  it('a version expiring within 7 days: an earlier value is 422, a later one 200', async () => {
    const current = await expireTimeOf('payments-db-password', 'v4');
    expect(current! - h.now()).toBeGreaterThan(0);
    expect(current! - h.now()).toBeLessThan(7 * DAY);
    const path = '/api/accounts/demo/secrets/payments-db-password/versions/v4';
    h.emulator.requestLog.clear();
    const earlier = await h.request('PUT', path, {
      cookie: cookies.support!,
      body: { expire_time: current! - 3_600_000, expected_expire_time: current, reason: 'CHG-1' },
    });
    expectError(earlier, 422, 'expiry_out_of_bounds');
    expect(h.emulatorCalls('UpdateVersion')).toHaveLength(0);
    const later = await h.request('PUT', path, {
      cookie: cookies.support!,
      body: { expire_time: current! + 10 * DAY, expected_expire_time: current, reason: 'CHG-1' },
    });
    expect(later.status, later.text).toBe(200);
    expect(h.emulatorCalls('UpdateVersion')).toHaveLength(1);
  });

  it('an expired version, but beyond now + 90 d: 422 before CSMS is asked anything', async () => {
    const current = await expireTimeOf('orders-api-key', 'v1');
    expect(current!).toBeLessThan(h.now());
    h.emulator.requestLog.clear();
    const res = await h.request('PUT', '/api/accounts/demo/secrets/orders-api-key/versions/v1', {
      cookie: cookies.support!,
      body: { expire_time: h.now() + 91 * DAY, expected_expire_time: current, reason: 'CHG-1' },
    });
    expectError(res, 422, 'expiry_out_of_bounds');
    expect(h.emulatorCalls()).toHaveLength(0);
  });
});

describe('role changed mid-session', () => {
  it('admin -> auditor: the same session, the next PUT is 403 and audited once', async () => {
    const bea = await h.user('bea', 'admin');
    const cookie = await h.login('bea');
    const path = '/api/accounts/demo/secrets/payments-db-password/versions/v5';
    const first = await h.request('PUT', path, {
      cookie,
      body: {
        expire_time: h.now() + 20 * DAY,
        expected_expire_time: await expireTimeOf('payments-db-password', 'v5'),
        reason: 'CHG-1',
      },
    });
    expect(first.status, first.text).toBe(200);
    await h.stores.users.setRole(bea.id, 'auditor', h.now());
    h.emulator.requestLog.clear();
    const second = await h.request('PUT', path, {
      cookie,
      body: {
        expire_time: h.now() + 21 * DAY,
        expected_expire_time: first.json.version.expire_time,
        reason: 'CHG-1',
      },
    });
    expectError(second, 403, 'forbidden');
    expect(h.emulatorCalls()).toHaveLength(0);
    const rows = await deniedRows(second.json.error.requestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actor).toMatchObject({ name: 'bea', role: 'auditor' });
    // Reads stay open to the new role.
    expect((await h.request('GET', '/api/accounts', { cookie })).status).toBe(200);
  });
});

describe('unknown account: 404 account_not_found, CSMS never asked', () => {
  const cases = [
    ['GET', '/api/accounts/nope/secrets', 'auditor'],
    ['GET', '/api/accounts/nope/secrets', 'support'],
    ['GET', '/api/accounts/nope/secrets', 'admin'],
    ['GET', '/api/accounts/nope/secrets/payments-db-password', 'auditor'],
    ['GET', '/api/accounts/nope/secrets/payments-db-password', 'admin'],
    ['PUT', '/api/accounts/nope/secrets/payments-db-password/versions/v5', 'admin'],
    ['PUT', '/api/accounts/nope/secrets/orders-api-key/versions/v2', 'support'],
    ['GET', '/api/accounts/demo2/secrets', 'admin'],
  ] as const;
  it.each(cases)('%s %s as %s', async (method, path, who) => {
    h.emulator.requestLog.clear();
    const body =
      method === 'PUT'
        ? { expire_time: h.now() + 30 * DAY, expected_expire_time: null, reason: 'CHG-1' }
        : undefined;
    const res = await h.request(method, path, { cookie: cookies[who]!, body });
    expectError(res, 404, 'account_not_found');
    expect(h.emulatorCalls()).toHaveLength(0);
  });
});
