/**
 * The CSRF, CORS and method matrix (docs/security.md C2-C6, test 13), built from the route inventory: every route
 * x every cross-site shape, with a valid admin session and a body that would succeed, is refused in the one
 * error shape, and the emulator sees nothing while the matrix runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteName } from '../src/routes.js';
import { expectError, fill, raw, ROUTES, type RawResponse, type Route } from './checks.js';
import { Harness, ORIGIN, PASSWORD } from './harness.js';

const DAY = 86_400_000;

let h: Harness;
let admin: string;
/** What v5 of payments-db-password expires at now: the PUT body below would succeed as is. */
let currentV5: number;

beforeAll(async () => {
  h = await Harness.start();
  await h.user('alice', 'admin');
  admin = await h.login('alice');
  const detail = await h.request('GET', fill('/api/accounts/:account/secrets/:secret'), { cookie: admin });
  expect(detail.status).toBe(200);
  currentV5 = detail.json.versions.find((v: { id: string }) => v.id === 'v5').expire_time;
  await h.fleetScanned(admin); // the control GET .../expiry then answers from the cache, calling nothing
  // Rows the notification routes' valid requests act on (a public address literal: no DNS in the check).
  const made = async (path: string, body: unknown) => {
    const res = await h.request('POST', path, { cookie: admin, body });
    expect(res.status, res.text).toBe(201);
    return res.json.id as string;
  };
  const hook = { kind: 'webhook', url: 'https://93.184.216.34/hook', signing_key: 'k'.repeat(32) };
  notify.channel = await made('/api/notifications/channels', { ...hook, name: 'CSRF channel' });
  notify.channelToDelete = await made('/api/notifications/channels', { ...hook, name: 'CSRF spare' });
  const rule = { accounts: '*', versions: 'current', channels: [notify.channel], language: 'en' };
  notify.rule = await made('/api/notifications/rules', { ...rule, name: 'CSRF rule' });
  notify.ruleToDelete = await made('/api/notifications/rules', { ...rule, name: 'CSRF spare rule' });
}, 60_000);

const notify = { channel: '', channelToDelete: '', rule: '', ruleToDelete: '' };

/** The ids a valid request names: a notification route acts on the rows made above. */
function paramsFor(name: RouteName): Record<string, string> {
  switch (name) {
    case 'updateRule':
      return { id: notify.rule };
    case 'deleteRule':
      return { id: notify.ruleToDelete };
    case 'updateChannel':
    case 'testChannel':
      return { id: notify.channel };
    case 'deleteChannel':
      return { id: notify.channelToDelete };
    default:
      return {};
  }
}

afterAll(async () => {
  await h.close();
});

/** A body that the route would accept: if a cross-site request got through, it would do real harm. */
function bodyFor(name: RouteName): Record<string, unknown> | undefined {
  switch (name) {
    case 'login':
      return { username: 'alice', password: PASSWORD };
    case 'bootstrap':
      return { token: 'a'.repeat(32), username: 'mallory', password: 'a long enough passphrase 123' };
    case 'updateExpiry':
      return { expire_time: h.now() + 30 * DAY, expected_expire_time: currentV5, reason: 'CHG-1' };
    case 'createBatch': // a conflict (expected 1): accepted, never written
      return {
        reason: 'CHG-1',
        items: [
          {
            secret: 'payments-db-password',
            version: 'v5',
            expire_time: h.now() + 30 * DAY,
            expected_expire_time: 1,
          },
        ],
      };
    case 'createRule':
      return {
        name: 'CSRF new rule',
        accounts: '*',
        versions: 'all',
        channels: [notify.channel],
        language: 'en',
      };
    case 'updateRule':
      return {
        name: 'CSRF rule',
        accounts: ['demo'],
        versions: 'all',
        channels: [notify.channel],
        language: 'en',
      };
    case 'createChannel':
      return { kind: 'slack', name: 'CSRF new channel', url: 'https://93.184.216.34/services/T0/B0/x' };
    case 'updateChannel': // credentials left out: the stored ones are kept
      return { kind: 'webhook', name: 'CSRF channel renamed' };
    default:
      return undefined;
  }
}

const urlencoded = (body: Record<string, unknown> | undefined) =>
  new URLSearchParams(
    Object.entries(body ?? { a: '1' }).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();

const BOUNDARY = '----csrfMatrixBoundary7MA4YWxkTrZu0gW';
const multipart = (body: Record<string, unknown> | undefined) =>
  Object.entries(body ?? { a: '1' })
    .map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${String(v)}\r\n`)
    .join('') + `--${BOUNDARY}--\r\n`;

interface Case {
  name: string;
  /** Headers beyond the cookie; the valid set is X-CSRF: 1, the configured Origin and Sec-Fetch-Site. */
  headers: Record<string, string>;
  method?: (route: Route) => string;
  body?: (route: Route) => string | undefined;
  status: number;
  code: string;
  reason?: string;
}

const valid = { 'x-csrf': '1', origin: ORIGIN, 'sec-fetch-site': 'same-origin' };
const { 'x-csrf': _x, ...noHeader } = valid;
const jsonBody = (r: Route) => {
  const body = bodyFor(r.name);
  return body === undefined ? undefined : JSON.stringify(body);
};
const json = { 'content-type': 'application/json' };
const unsafe = (r: Route) => (r.method === 'GET' ? 'POST' : r.method);

const CASES: Case[] = [
  { name: 'no X-CSRF header', headers: { ...noHeader, ...json }, status: 403, code: 'csrf_required', reason: 'missing_header' },
  { name: "X-CSRF: '0'", headers: { ...valid, ...json, 'x-csrf': '0' }, status: 403, code: 'csrf_required', reason: 'missing_header' },
  { name: "X-CSRF: 'true'", headers: { ...valid, ...json, 'x-csrf': 'true' }, status: 403, code: 'csrf_required', reason: 'missing_header' },
  { name: "X-CSRF: ''", headers: { ...valid, ...json, 'x-csrf': '' }, status: 403, code: 'csrf_required', reason: 'missing_header' },
  { name: "X-CSRF: '11'", headers: { ...valid, ...json, 'x-csrf': '11' }, status: 403, code: 'csrf_required', reason: 'missing_header' },
  { name: 'Sec-Fetch-Site: cross-site', headers: { ...valid, ...json, 'sec-fetch-site': 'cross-site' }, status: 403, code: 'csrf_required', reason: 'cross_site' },
  { name: 'Sec-Fetch-Site: same-site', headers: { ...valid, ...json, 'sec-fetch-site': 'same-site' }, status: 403, code: 'csrf_required', reason: 'cross_site' },
  { name: 'Sec-Fetch-Site: none', headers: { ...valid, ...json, 'sec-fetch-site': 'none' }, status: 403, code: 'csrf_required', reason: 'cross_site' },
  { name: 'foreign Origin https://evil.example', headers: { ...valid, ...json, origin: 'https://evil.example' }, status: 403, code: 'csrf_required', reason: 'foreign_origin' },
  { name: "Origin: 'null'", headers: { ...valid, ...json, origin: 'null' }, status: 403, code: 'csrf_required', reason: 'foreign_origin' },
  { name: 'Origin on another port', headers: { ...valid, ...json, origin: `${ORIGIN}:8443` }, status: 403, code: 'csrf_required', reason: 'foreign_origin' },
  { name: 'Origin over https', headers: { ...valid, ...json, origin: ORIGIN.replace('http:', 'https:') }, status: 403, code: 'csrf_required', reason: 'foreign_origin' },
  { name: 'foreign Origin without Sec-Fetch-Site', headers: { 'x-csrf': '1', ...json, origin: 'https://evil.example' }, status: 403, code: 'csrf_required', reason: 'foreign_origin' },
  {
    name: 'unsafe method without Origin and without Sec-Fetch-Site (a GET route: POST to its path)',
    headers: { 'x-csrf': '1', ...json },
    method: unsafe,
    status: 403,
    code: 'csrf_required',
    reason: 'no_origin',
  },
  { name: 'text/plain body', headers: { ...valid, 'content-type': 'text/plain' }, body: (r) => jsonBody(r) ?? '{}', status: 415, code: 'unsupported_media_type' },
  { name: 'text/plain body, charset', headers: { ...valid, 'content-type': 'text/plain;charset=UTF-8' }, body: (r) => jsonBody(r) ?? '{}', status: 415, code: 'unsupported_media_type' },
  {
    name: 'application/x-www-form-urlencoded body',
    headers: { ...valid, 'content-type': 'application/x-www-form-urlencoded' },
    body: (r) => urlencoded(bodyFor(r.name)),
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'multipart/form-data body',
    headers: { ...valid, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    body: (r) => multipart(bodyFor(r.name)),
    status: 415,
    code: 'unsupported_media_type',
  },
  { name: 'body without a content type', headers: { ...valid }, body: (r) => jsonBody(r) ?? '{}', status: 415, code: 'unsupported_media_type' },
  // What a cross-site HTML form actually sends: a simple content type, no X-CSRF, a foreign Origin.
  {
    name: 'cross-site form post (urlencoded, no X-CSRF)',
    headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' },
    method: unsafe,
    body: (r) => urlencoded(bodyFor(r.name)),
    status: 403,
    code: 'csrf_required',
  },
  {
    name: 'cross-site text/plain post (no X-CSRF)',
    headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
    method: unsafe,
    body: (r) => jsonBody(r) ?? '{}',
    status: 403,
    code: 'csrf_required',
  },
  {
    name: 'cross-site multipart post (no X-CSRF)',
    headers: { origin: 'https://evil.example', 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    method: unsafe,
    body: (r) => multipart(bodyFor(r.name)),
    status: 403,
    code: 'csrf_required',
  },
  { name: 'X-HTTP-Method-Override: PUT', headers: { ...valid, ...json, 'x-http-method-override': 'PUT' }, status: 403, code: 'csrf_required', reason: 'method_override' },
  { name: 'X-HTTP-Method-Override: DELETE', headers: { ...valid, ...json, 'x-http-method-override': 'DELETE' }, status: 403, code: 'csrf_required', reason: 'method_override' },
  { name: 'X-HTTP-Method: PUT', headers: { ...valid, ...json, 'x-http-method': 'PUT' }, status: 403, code: 'csrf_required', reason: 'method_override' },
  { name: 'X-Method-Override: PUT', headers: { ...valid, ...json, 'x-method-override': 'PUT' }, status: 403, code: 'csrf_required', reason: 'method_override' },
]; // prettier-ignore

async function send(route: Route, c: Case): Promise<RawResponse> {
  const method = c.method?.(route) ?? route.method;
  const body = c.body ? c.body(route) : jsonBody(route);
  return raw(h.url, method, fill(route.path, paramsFor(route.name)), { ...c.headers, cookie: admin }, body);
}

describe('control: the valid request passes the CSRF checks on every route', () => {
  it.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', async (_label, route) => {
    // A separate session for logout (it would end the admin's); a wrong password for login (no new session).
    const cookie = route.name === 'logout' ? await h.login('alice') : admin;
    const body =
      route.name === 'login'
        ? JSON.stringify({ username: 'alice', password: 'not the password' })
        : route.name === 'updateExpiry'
          ? JSON.stringify({
              expire_time: h.now() + 30 * 86_400_000,
              expected_expire_time: 1,
              reason: 'CHG-1',
            }) // 409, no write
          : jsonBody(route);
    const path = fill(route.path, paramsFor(route.name));
    const res = await raw(h.url, route.method, path, { ...valid, ...json, cookie }, body);
    expect(res.status, res.text).toBeLessThan(500);
    expect([403, 415]).not.toContain(res.status);
    const expected: Partial<Record<RouteName, number>> = {
      login: 401,
      bootstrap: 401,
      logout: 204,
      updateExpiry: 409,
      createBatch: 202,
      batch: 404,
      retryBatch: 404,
      createRule: 201,
      deleteRule: 204,
      createChannel: 201,
      deleteChannel: 204,
      notifyDelivery: 404, // no delivery has that id
      notifyEvaluate: 202,
    };
    expect(res.status, res.text).toBe(expected[route.name] ?? 200);
  });
});

describe('CSRF matrix: every route x every cross-site shape is refused, 0 emulator calls', () => {
  beforeAll(() => {
    h.emulator.requestLog.clear();
  });

  for (const route of ROUTES) {
    describe(`${route.method} ${route.path}`, () => {
      it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_label, c) => {
        const res = await send(route, c);
        expectError(res, c.status, c.code);
        if (c.reason !== undefined) expect(res.json.error.details).toEqual({ reason: c.reason });
        expect(res.headers['set-cookie']).toBeUndefined(); // a refused login starts no session
        expect(h.emulatorCalls()).toEqual([]);
      });
    });
  }

  it('the emulator received 0 requests during the whole matrix', () => {
    expect(h.emulatorCalls()).toHaveLength(0);
  });

  it('no refused request had an effect: the admin session is alive and the version unchanged', async () => {
    const me = await h.request('GET', '/bff/user', { cookie: admin });
    expect(me.status).toBe(200);
    const detail = await h.request('GET', fill('/api/accounts/:account/secrets/:secret'), { cookie: admin });
    expect(detail.json.versions.find((v: { id: string }) => v.id === 'v5').expire_time).toBe(currentV5);
    expect(await h.stores.users.findByName('mallory')).toBeUndefined();
    const rules = await h.request('GET', '/api/notifications/rules', { cookie: admin });
    expect(rules.json.items.map((r: { name: string }) => r.name).sort()).toEqual([
      'CSRF new rule',
      'CSRF rule',
    ]);
    const channels = await h.request('GET', '/api/notifications/channels', { cookie: admin });
    expect(channels.json.items.map((c: { name: string }) => c.name).sort()).toEqual([
      'CSRF channel renamed',
      'CSRF new channel',
    ]);
  });
});

describe('CORS: no Access-Control-Allow-* header, ever', () => {
  const preflights = [
    ['from another origin', 'https://evil.example'],
    ['from the console origin', ORIGIN],
  ] as const;
  for (const route of ROUTES) {
    it.each(preflights)(`preflight OPTIONS ${route.path} %s`, async (_label, origin) => {
      h.emulator.requestLog.clear();
      const res = await raw(h.url, 'OPTIONS', fill(route.path), {
        origin,
        'access-control-request-method': route.method,
        'access-control-request-headers': 'x-csrf, content-type',
        'sec-fetch-site': origin === ORIGIN ? 'same-origin' : 'cross-site',
        'sec-fetch-mode': 'cors',
      });
      expect(Object.keys(res.headers).filter((k) => k.startsWith('access-control-'))).toEqual([]);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expectError(res, res.status);
      expect(h.emulatorCalls()).toHaveLength(0);
    });
  }

  it('a cross-origin GET with credentials gets no Access-Control-Allow-Origin either', async () => {
    const res = await raw(h.url, 'GET', '/api/accounts', {
      ...valid,
      origin: 'https://evil.example',
      cookie: admin,
    });
    expectError(res, 403, 'csrf_required');
    expect(Object.keys(res.headers).filter((k) => k.startsWith('access-control-'))).toEqual([]);
    const ok = await raw(h.url, 'GET', '/api/accounts', { ...valid, cookie: admin });
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.headers).filter((k) => k.startsWith('access-control-'))).toEqual([]);
  });
});

describe('methods: TRACE and PATCH give 404/405 and never echo the request', () => {
  const MARKER = 'echo-probe-6f1d2c';
  for (const route of ROUTES) {
    // DELETE is probed only on paths that do not serve it (the notification rules and channels do).
    const served = (m: string) => ROUTES.some((r) => r.path === route.path && r.method === m);
    it.each(['TRACE', 'PATCH', 'DELETE'].filter((m) => !served(m)))(`%s ${route.path}`, async (method) => {
      h.emulator.requestLog.clear();
      const body = method === 'TRACE' ? undefined : JSON.stringify({ probe: MARKER });
      const res = await raw(
        h.url,
        method,
        fill(route.path),
        { ...valid, ...json, cookie: admin, 'x-echo-probe': MARKER, 'user-agent': MARKER },
        body,
      );
      expect([404, 405]).toContain(res.status);
      expectError(res, res.status, 'method_not_allowed');
      expect(res.text).not.toContain(MARKER);
      expect(res.text).not.toContain(admin.split('=')[1]);
      expect(res.text).not.toMatch(/x-csrf|cookie|user-agent/i);
      expect(res.headers['content-type']).not.toMatch(/message\/http/);
      expect(Object.values(res.headers).join('\n')).not.toContain(MARKER);
      expect(h.emulatorCalls()).toHaveLength(0);
    });
  }

  it('405 names the allowed method in Allow', async () => {
    const res = await raw(h.url, 'PATCH', fill(ROUTES.find((r) => r.name === 'updateExpiry')!.path), {
      ...valid,
      cookie: admin,
    });
    expectError(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('PUT');
  });
});
