/**
 * Response headers (docs/security.md H2-H4, test 15): a crawl over 200, 204, 400, 401, 403, 404, 405, 409, 413,
 * 415, 422, 500, 502 and 503 answers of /api, /bff and the health endpoints. Every answer carries HSTS,
 * nosniff, no-referrer, COOP, CORP and X-Frame-Options and no X-Powered-By or Server banner; /api and /bff
 * (and health) answers are `no-store` with the API CSP; every body-carrying API answer is UTF-8 JSON.
 *
 * The 500s are provoked over HTTP with an in-process fault on the real session store (its `get` throws an
 * error whose message looks like a stack and a path); /healthz depends on nothing, so it has no 500 to
 * provoke and its crawl stops at 405/413/415.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_CSP, SPA_CSP } from '../src/http/headers.js';
import { answer, errorShapeProblems, expectNoLeak, raw, type RawResponse } from './checks.js';
import { Harness, ORIGIN } from './harness.js';

const DAY = 86_400_000;

let h: Harness;
let admin: string;
let auditor: string;
let currentV5: number;

beforeAll(async () => {
  h = await Harness.start();
  await h.user('alice', 'admin');
  await h.user('ada', 'auditor');
  admin = await h.login('alice');
  auditor = await h.login('ada');
  const detail = await h.request('GET', '/api/accounts/demo/secrets/payments-db-password', { cookie: admin });
  currentV5 = detail.json.versions.find((v: { id: string }) => v.id === 'v5').expire_time;
}, 60_000);
afterAll(async () => {
  h.emulator.faults.clear();
  await h.close();
});

const V5 = '/api/accounts/demo/secrets/payments-db-password/versions/v5';
const FAKE_SID = '__Host-Http-sid=' + 'A'.repeat(43);

interface Probe {
  label: string;
  status: number;
  send: () => Promise<RawResponse>;
  /** False for the readiness report, whose 503 is a health body, not an error. */
  errorShape?: boolean;
  /** Runs around the request (a fault on the store or the emulator). */
  around?: (send: () => Promise<RawResponse>) => Promise<RawResponse>;
}

const hdr = (cookie?: string, more: Record<string, string> = {}) => ({
  'x-csrf': '1',
  origin: ORIGIN,
  ...(cookie ? { cookie } : {}),
  ...more,
});
const jsonHdr = (cookie?: string) => hdr(cookie, { 'content-type': 'application/json' });
/** A GET whose cookie is read when the probe runs (the sessions start in beforeAll). */
const get = (path: string, cookie?: () => string) => () => raw(h.url, 'GET', path, hdr(cookie?.()));
const asAdmin = () => admin;
const fakeSid = () => FAKE_SID;

/** The session store's lookup throws a plain Error, as a broken database driver would. */
async function withBrokenSessionStore(send: () => Promise<RawResponse>): Promise<RawResponse> {
  const sessions = h.stores.sessions as { get: (idHash: string) => Promise<unknown> };
  const original = sessions.get;
  sessions.get = () =>
    Promise.reject(
      new Error('connection lost at Query.run (/srv/console/node_modules/pg/lib/query.js:12:3)'),
    );
  try {
    return await send();
  } finally {
    sessions.get = original;
  }
}

const PROBES: Probe[] = [
  // 200 / 204
  { label: 'GET /healthz', status: 200, send: () => raw(h.url, 'GET', '/healthz') },
  { label: 'GET /readyz', status: 200, send: () => raw(h.url, 'GET', '/readyz') },
  { label: 'GET /metrics', status: 200, send: () => raw(h.url, 'GET', '/metrics') },
  { label: 'GET /bff/user', status: 200, send: get('/bff/user', asAdmin) },
  { label: 'GET /api/accounts', status: 200, send: get('/api/accounts', asAdmin) },
  { label: 'GET /api/accounts/demo/secrets', status: 200, send: get('/api/accounts/demo/secrets?limit=5', asAdmin) },
  { label: 'GET secret detail', status: 200, send: get('/api/accounts/demo/secrets/payments-db-password', asAdmin) },
  { label: 'GET /api/audit', status: 200, send: get('/api/audit?limit=5', asAdmin) },
  { label: 'GET /api/audit/export.csv', status: 200, send: get('/api/audit/export.csv?action=auth.login', asAdmin) },
  { label: 'GET /api/audit/verify', status: 200, send: get('/api/audit/verify', asAdmin) },
  {
    label: 'PUT version',
    status: 200,
    send: () =>
      raw(h.url, 'PUT', V5, jsonHdr(admin), JSON.stringify({ expire_time: h.now() + 40 * DAY, expected_expire_time: currentV5, reason: 'CHG-1' })),
  },
  {
    label: 'POST /bff/login',
    status: 200,
    send: () =>
      raw(h.url, 'POST', '/bff/login', jsonHdr(), JSON.stringify({ username: 'ada', password: 'correct horse battery staple 42' })),
  },
  { label: 'POST /bff/logout', status: 204, send: async () => raw(h.url, 'POST', '/bff/logout', hdr(await h.login('ada'))) },
  // 400
  { label: 'GET list ?limit=0', status: 400, send: get('/api/accounts/demo/secrets?limit=0', asAdmin) },
  { label: 'POST /bff/login {}', status: 400, send: () => raw(h.url, 'POST', '/bff/login', jsonHdr(), '{}') },
  { label: 'PUT invalid JSON', status: 400, send: () => raw(h.url, 'PUT', V5, jsonHdr(admin), '{') },
  // 401
  { label: 'GET /api/accounts anonymous', status: 401, send: get('/api/accounts') },
  { label: 'GET /bff/user anonymous', status: 401, send: get('/bff/user') },
  { label: 'GET /bff/user unknown session', status: 401, send: get('/bff/user', fakeSid) },
  { label: 'POST /bff/login wrong password', status: 401, send: () => raw(h.url, 'POST', '/bff/login', jsonHdr(), JSON.stringify({ username: 'nobody', password: 'x' })) },
  // 403
  { label: 'GET /api/accounts without X-CSRF', status: 403, send: () => raw(h.url, 'GET', '/api/accounts', { cookie: admin }) },
  { label: 'GET /bff/user without X-CSRF', status: 403, send: () => raw(h.url, 'GET', '/bff/user', { cookie: admin }) },
  { label: 'PUT as auditor', status: 403, send: () => raw(h.url, 'PUT', V5, jsonHdr(auditor), JSON.stringify({ expire_time: h.now() + 40 * DAY, expected_expire_time: null })) },
  // 404
  { label: 'GET /api/nope', status: 404, send: get('/api/nope', asAdmin) },
  { label: 'GET /bff/nope', status: 404, send: get('/bff/nope') },
  { label: 'GET /api', status: 404, send: get('/api') },
  { label: 'GET /api/accounts/nope/secrets', status: 404, send: get('/api/accounts/nope/secrets', asAdmin) },
  { label: 'GET unknown secret', status: 404, send: get('/api/accounts/demo/secrets/no-such-secret', asAdmin) },
  // 405
  { label: 'PATCH /api/accounts', status: 405, send: () => raw(h.url, 'PATCH', '/api/accounts', hdr(admin)) },
  { label: 'DELETE /bff/user', status: 405, send: () => raw(h.url, 'DELETE', '/bff/user', hdr(admin)) },
  { label: 'TRACE /api/accounts', status: 405, send: () => raw(h.url, 'TRACE', '/api/accounts', hdr(admin)) },
  { label: 'POST /healthz', status: 405, send: () => raw(h.url, 'POST', '/healthz', { origin: ORIGIN }) },
  { label: 'TRACE /healthz', status: 405, send: () => raw(h.url, 'TRACE', '/healthz') },
  // 409 / 422
  { label: 'PUT with a stale expected_expire_time', status: 409, send: () => raw(h.url, 'PUT', V5, jsonHdr(admin), JSON.stringify({ expire_time: h.now() + 41 * DAY, expected_expire_time: 1, reason: 'CHG-1' })) },
  { label: 'PUT beyond the horizon', status: 422, send: () => raw(h.url, 'PUT', V5, jsonHdr(admin), JSON.stringify({ expire_time: h.now() + 4000 * DAY, expected_expire_time: null, reason: 'CHG-1' })) },
  // 413
  { label: 'PUT 5 kB', status: 413, send: () => raw(h.url, 'PUT', V5, jsonHdr(admin), JSON.stringify({ reason: 'r'.repeat(5000) })) },
  { label: 'POST /bff/login 5 kB', status: 413, send: () => raw(h.url, 'POST', '/bff/login', jsonHdr(), JSON.stringify({ username: 'x', password: 'p'.repeat(5000) })) },
  { label: 'GET /healthz with 5 kB', status: 413, send: () => raw(h.url, 'GET', '/healthz', { 'content-type': 'application/json' }, JSON.stringify({ a: 'a'.repeat(5000) })) },
  // 415
  { label: 'PUT text/plain', status: 415, send: () => raw(h.url, 'PUT', V5, hdr(admin, { 'content-type': 'text/plain' }), '{}') },
  { label: 'POST /bff/login form', status: 415, send: () => raw(h.url, 'POST', '/bff/login', hdr(undefined, { 'content-type': 'application/x-www-form-urlencoded' }), 'username=a&password=b') },
  { label: 'GET /healthz text/plain body', status: 415, send: () => raw(h.url, 'GET', '/healthz', { 'content-type': 'text/plain' }, 'x') },
  // 500: the store throws a plain Error.
  { label: 'GET /api/accounts, store broken', status: 500, send: get('/api/accounts', fakeSid), around: withBrokenSessionStore },
  { label: 'GET /bff/user, store broken', status: 500, send: get('/bff/user', fakeSid), around: withBrokenSessionStore },
  { label: 'POST /bff/logout, store broken', status: 500, send: () => raw(h.url, 'POST', '/bff/logout', hdr(FAKE_SID)), around: withBrokenSessionStore },
  // 502 / 503: CSMS refuses the BFF's credential; CSMS throttles for longer than the BFF waits.
  {
    label: 'GET list, CSMS answers 403',
    status: 502,
    send: get('/api/accounts/demo/secrets', asAdmin),
    around: async (send) => {
      const fault = h.emulator.faults.add({ operation: 'ListSecrets', type: 'error', status: 403, error_code: 'CSMS.0301', times: 1 });
      try {
        return await send();
      } finally {
        h.emulator.faults.remove(fault.id);
      }
    },
  },
  {
    label: 'GET list, CSMS throttles',
    status: 503,
    send: get('/api/accounts/demo/secrets', asAdmin),
    around: async (send) => {
      const fault = h.emulator.faults.add({ operation: 'ListSecrets', type: 'throttle', retry_after: 60, times: 1 });
      try {
        return await send();
      } finally {
        h.emulator.faults.remove(fault.id);
      }
    },
  },
  {
    label: 'GET /readyz, store unwritable',
    status: 503,
    errorShape: false,
    send: () => raw(h.url, 'GET', '/readyz'),
    around: async (send) => {
      const stores = h.stores as { probeWritable: () => Promise<void> };
      const original = stores.probeWritable;
      stores.probeWritable = () => Promise.reject(new Error('read-only'));
      try {
        return await send();
      } finally {
        stores.probeWritable = original;
      }
    },
  },
]; // prettier-ignore

const results: { probe: Probe; res: RawResponse }[] = [];

describe('header crawl', () => {
  it.each(PROBES.map((p) => [`${p.status} ${p.label}`, p] as const))('%s', async (_label, probe) => {
    const send = () => probe.send();
    const res = await (probe.around ? probe.around(send) : send());
    expect(res.status, res.text).toBe(probe.status);
    results.push({ probe, res });
    checkHeaders(res, probe);
  });

  it('covered 200, 204, 400, 401, 403, 404, 405, 409, 413, 415, 422, 500, 502 and 503', () => {
    const seen = new Set(results.map((r) => r.res.status));
    for (const s of [200, 204, 400, 401, 403, 404, 405, 409, 413, 415, 422, 500, 502, 503])
      expect(seen).toContain(s);
  });

  it('the 500 answers are generic: the error shape, internal_error, nothing of the thrown message', () => {
    const fives = results.filter((r) => r.res.status === 500);
    expect(fives.length).toBe(3);
    for (const { res } of fives) {
      expect(errorShapeProblems(res)).toEqual([]);
      expect(res.json.error.code).toBe('internal_error');
      expect(res.text).not.toMatch(/connection lost|Query\.run|pg\/lib/);
    }
  });
});

describe('non-API paths get the SPA policy and the same base headers', () => {
  it.each(['/nope', '/index.html', '/assets/x.js', '/healthz/x', '/apix', '/bffx'])(
    'GET %s',
    async (path) => {
      const res = await raw(h.url, 'GET', path, { accept: 'text/html' });
      expect(res.status).toBe(404);
      checkBase(res);
      expect(res.headers['content-security-policy']).toBe(SPA_CSP);
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(errorShapeProblems(res)).toEqual([]);
    },
  );
});

function checkBase(res: RawResponse): void {
  const a = answer(res);
  const hsts = a.header('strict-transport-security') ?? '';
  expect(Number(/max-age=(\d+)/.exec(hsts)?.[1] ?? 0)).toBeGreaterThanOrEqual(31_536_000);
  expect(hsts).toMatch(/;\s*includeSubDomains/);
  expect(a.header('x-content-type-options')).toBe('nosniff');
  expect(a.header('referrer-policy')).toBe('no-referrer');
  expect(a.header('cross-origin-opener-policy')).toBe('same-origin');
  expect(a.header('cross-origin-resource-policy')).toBe('same-origin');
  expect(a.header('x-frame-options')).toBe('DENY');
  expect(a.header('x-powered-by')).toBeUndefined();
  expect(a.header('server')).toBeUndefined();
  expect(a.header('x-request-id')).toMatch(/^[0-9a-f]{24}$/);
  expect(Object.keys(res.headers).filter((k) => k.startsWith('access-control-'))).toEqual([]);
  // Error answers carry our own text only (2xx bodies carry CSMS data, such as descriptions, as is).
  if (res.status >= 400) expectNoLeak(res.text);
}

function checkHeaders(res: RawResponse, probe: Probe): void {
  const label = probe.label;
  checkBase(res);
  expect(res.headers['cache-control'], label).toBe('no-store');
  expect(res.headers['content-security-policy'], label).toBe(API_CSP);
  expect(res.headers['reporting-endpoints']).toBeUndefined();
  const hasBody = res.text.length > 0;
  if (res.status === 204) expect(hasBody).toBe(false);
  if (!hasBody) return;
  const type = res.headers['content-type'];
  if (label.startsWith('GET /metrics')) expect(type).toMatch(/^text\/plain; version=0\.0\.4; charset=utf-8$/);
  else if (label.startsWith('GET /api/audit/export.csv')) expect(type).toBe('text/csv; charset=utf-8');
  else expect(type, label).toBe('application/json; charset=utf-8');
  if (res.status >= 400 && probe.errorShape !== false) expect(errorShapeProblems(res), label).toEqual([]);
  if (probe.errorShape === false) expect(res.json).toMatchObject({ status: 'not_ready' });
}
