/**
 * One path rule (issue 9, item 2): every route of the inventory (ROUTES plus the open routes) x every
 * non-canonical spelling of its path (case, `%2F`/`%2f`, `//`, trailing `/`, `;`, dot segments and their
 * escapes, percent-encoded letters, `\`, the absolute form, and random combinations of them) x the CSRF
 * cases, over real HTTP against `createApp` and the emulator, with a session and a body that would succeed.
 *
 * Every answer is a 4xx in the one error shape (404, or 403 where the spelling is canonical but a literal's
 * case differs), with the API's CSP and `no-store`, never the SPA; and nothing happened: no emulator call,
 * no UpdateVersion, the logout session alive, no login, no new user. The controls first prove each request
 * would have worked on the canonical path (so the matrix can fail), and the spellings are checked to name
 * that path under a lenient reading (so they are real variants, not junk that 404s anyway). The inventory
 * comes from ROUTES: a new route is covered without touching this file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_CSP, SPA_CSP } from '../src/http/headers.js';
import { OPEN_ROUTES, type RouteName } from '../src/routes.js';
import { expectError, fill, raw, ROUTES, type RawResponse } from './checks.js';
import { Harness, ORIGIN, PASSWORD } from './harness.js';

const DAY = 86_400_000;
const SEED = Number(process.env.PATH_VARIANTS_SEED ?? 20_260_509);
const RUNS = Number(process.env.PATH_VARIANTS_RUNS ?? 300);

const staticDir = mkdtempSync(join(tmpdir(), 'bff-paths-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>SPA shell</title>');

let h: Harness;
let admin: string;
/** A session only the logout variants use: it must survive every one of them. */
let logoutCookie: string;
/** expire_time of payments-db-password v5 now: the PUT body below would change it. */
let currentV5: number;

beforeAll(async () => {
  h = await Harness.start({ config: { staticDir } });
  await h.user('alice', 'admin');
  await h.user('lou', 'admin');
  admin = await h.login('alice');
  logoutCookie = await h.login('lou');
  currentV5 = await v5Expiry();
}, 60_000);
afterAll(async () => {
  await h.close();
  rmSync(staticDir, { recursive: true, force: true });
});

async function v5Expiry(): Promise<number> {
  const res = await h.request('GET', fill('/api/accounts/:account/secrets/:secret'), { cookie: admin });
  expect(res.status, res.text).toBe(200);
  return (res.json.versions as { id: string; expire_time: number }[]).find((v) => v.id === 'v5')!.expire_time;
}

// ---- the inventory -------------------------------------------------------------------------------------

interface Target {
  label: string;
  method: string;
  /** The canonical path, parameters filled. */
  path: string;
  /** Literal segments of the template (`api`, `accounts`, ...), which case variants change. */
  literals: Set<string>;
  route?: (typeof ROUTES)[number];
}

const TARGETS: Target[] = [
  ...ROUTES.map((route) => ({
    label: `${route.method} ${route.path}`,
    method: route.method,
    path: fill(route.path),
    literals: new Set(route.path.split('/').filter((s) => s !== '' && !s.startsWith(':'))),
    route,
  })),
  ...OPEN_ROUTES.map((path) => ({
    label: `GET ${path}`,
    method: 'GET',
    path,
    literals: new Set([path.slice(1)]),
  })),
];

// ---- the spellings -------------------------------------------------------------------------------------

type Transform = (path: string, literals: Set<string>) => string;

const segs = (path: string) => path.split('/').slice(1);
const joinSegs = (s: string[]) => '/' + s.join('/');
const mapLiterals = (path: string, literals: Set<string>, f: (s: string, i: number) => string) => {
  let i = 0;
  return joinSegs(segs(path).map((s) => (literals.has(s) ? f(s, i++) : s)));
};
const lastLiteral = (path: string, literals: Set<string>) => segs(path).findLastIndex((s) => literals.has(s));
const at = (path: string, index: number, f: (s: string) => string) =>
  joinSegs(segs(path).map((s, i) => (i === index ? f(s) : s)));
const encodeFirstLetter = (s: string) =>
  s.replace(/[a-z]/i, (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0'));
/** Replaces the n-th `/` (0 = the leading one) by `to`. */
const slash = (path: string, n: number, to: string) => {
  let seen = -1;
  return path.replace(/\//g, (m) => (++seen === n ? to : m));
};
const slashes = (path: string) => (path.match(/\//g) ?? []).length;

/** Each a spelling some client, proxy or router could read as the canonical path. */
const SPELLINGS: Record<string, Transform> = {
  'prefix upper case': (p) => at(p, 0, (s) => s.toUpperCase()),
  'prefix capitalised': (p) => at(p, 0, (s) => s.slice(0, 1).toUpperCase() + s.slice(1)),
  'last literal upper case': (p, l) => at(p, lastLiteral(p, l), (s) => s.toUpperCase()),
  'every literal upper case': (p, l) => mapLiterals(p, l, (s) => s.toUpperCase()),
  'whole path upper case': (p) => p.toUpperCase(),
  '%2F for the first inner slash': (p) => (slashes(p) > 1 ? slash(p, 1, '%2F') : p + '%2F'),
  '%2f for the last slash': (p) => (slashes(p) > 1 ? slash(p, slashes(p) - 1, '%2f') : p + '%2f'),
  '%2F for every inner slash': (p) => '/' + segs(p).join('%2F'),
  '%2F as a second leading slash': (p) => '/%2F' + p.slice(1),
  'leading //': (p) => '/' + p,
  '// after the prefix': (p) => (slashes(p) > 1 ? slash(p, 1, '//') : p + '//'),
  '// before the last segment': (p) => slash(p, slashes(p) - 1, '//'),
  'every / doubled': (p) => p.replace(/\//g, '//'),
  'trailing /': (p) => p + '/',
  'trailing //': (p) => p + '//',
  '; on the last segment': (p) => p + ';x',
  '; on the prefix': (p) => at(p, 0, (s) => s + ';x=1'),
  'trailing ;': (p) => p + ';',
  ';jsessionid on every segment': (p) => joinSegs(segs(p).map((s) => s + ';jsessionid=1')),
  '/./ after the prefix': (p) => at(p, 0, (s) => s + '/.'),
  'leading /./': (p) => '/.' + p,
  'trailing /.': (p) => p + '/.',
  '/x/../ before the last segment': (p) => slash(p, slashes(p) - 1, '/x/../'),
  'leading /x/..': (p) => '/x/..' + p,
  '/%2e/ after the prefix': (p) => at(p, 0, (s) => s + '/%2e'),
  '/x/%2E%2E/ before the last segment': (p) => slash(p, slashes(p) - 1, '/x/%2E%2E/'),
  '/x/%2e%2e%2f before the last segment': (p) => slash(p, slashes(p) - 1, '/x/%2e%2e%2f'),
  '..; (Tomcat) before the last segment': (p) => slash(p, slashes(p) - 1, '/x/..;/'),
  '%61pi style: first letter of the prefix encoded': (p) => at(p, 0, encodeFirstLetter),
  'every letter of the prefix encoded': (p) =>
    at(p, 0, (s) => [...s].map((c) => '%' + c.charCodeAt(0).toString(16)).join('')),
  'upper-case hex escape of a letter': (p) =>
    at(p, 0, (s) => '%' + s.charCodeAt(0).toString(16).toUpperCase() + s.slice(1)),
  'first letter of every literal encoded': (p, l) => mapLiterals(p, l, encodeFirstLetter),
  'first letter of the last segment encoded (a parameter where there is one)': (p) =>
    at(p, segs(p).length - 1, encodeFirstLetter),
  'double-encoded slash %252F': (p) => (slashes(p) > 1 ? slash(p, 1, '%252F') : p + '%252F'),
  'backslash for the first inner slash': (p) => (slashes(p) > 1 ? slash(p, 1, '\\') : p + '\\'),
  'upper case + trailing /': (p) => at(p, 0, (s) => s.toUpperCase()) + '/',
  '%61pi + //': (p) => '/' + at(p, 0, encodeFirstLetter),
  '//API/./ + ; + trailing /': (p) => '/' + at(p, 0, (s) => s.toUpperCase() + '/.') + ';x/',
  'upper case + %2F': (p) => '/' + segs(at(p, 0, (s) => s.toUpperCase())).join('%2F'),
  'upper case + /x/../': (p) =>
    slash(
      at(p, 0, (s) => s.toUpperCase()),
      slashes(p) - 1,
      '/x/../',
    ),
};

/** Sent as an absolute-form request target (`PUT http://host/API/... HTTP/1.1`): the router reads its path. */
const absolute = (path: string) => `${h.url}${path}`;

/**
 * A lenient reading, written apart from the rule under test: escapes decoded (twice), case folded, `\` as
 * `/`, `;` parameters cut, then WHATWG URL resolution of dot segments, then empty segments dropped.
 */
function lenient(path: string): string {
  let p = path.replace(/^https?:\/\/[^/]+/, '');
  if (!p.startsWith('/')) return `not an origin-form request target: ${p}`;
  for (let i = 0; i < 2; i++) p = p.replace(/%([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  p = p.toLowerCase().replace(/\\/g, '/').split('/').map((s) => s.split(';')[0]).join('/');
  return new URL(`http://h${p}`).pathname.split('/').filter(Boolean).join('/');
} // prettier-ignore

const canonicalOf = (t: Target) => t.path.toLowerCase().split('/').filter(Boolean).join('/');

function variantsOf(t: Target): [string, string][] {
  const out = new Map<string, string>();
  for (const [name, f] of Object.entries(SPELLINGS)) {
    const v = f(t.path, t.literals);
    if (v !== t.path && !out.has(v)) out.set(v, name);
  }
  return [...out].map(([v, name]) => [name, v]);
}

// ---- the CSRF cases and the requests -------------------------------------------------------------------

interface CsrfCase {
  name: string;
  headers: Record<string, string>;
}

const json = { 'content-type': 'application/json', accept: 'text/html,application/json;q=0.9' };
const CSRF_CASES: CsrfCase[] = [
  { name: 'the console headers', headers: { 'x-csrf': '1', origin: ORIGIN, 'sec-fetch-site': 'same-origin', ...json } },
  { name: 'cross-site, no X-CSRF, evil Origin', headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', ...json } },
  { name: 'no X-CSRF, no Origin, no Sec-Fetch-Site', headers: { ...json } },
]; // prettier-ignore

/** A body the route would accept: a variant that got through would do real harm. */
function bodyFor(name: RouteName | undefined): string | undefined {
  switch (name) {
    case 'login':
      return JSON.stringify({ username: 'alice', password: PASSWORD });
    case 'bootstrap':
      return JSON.stringify({ token: 'a'.repeat(32), username: 'mallory', password: 'a long enough passphrase 123' });
    case 'updateExpiry':
      return JSON.stringify({ expire_time: h.now() + 30 * DAY, expected_expire_time: currentV5, reason: 'CHG-1' });
    case 'createBatch': // accepted; its one item conflicts (expected 1), so nothing is written
      return JSON.stringify({ reason: 'CHG-1', items: [{ secret: 'payments-db-password', version: 'v5', expire_time: h.now() + 30 * DAY, expected_expire_time: 1 }] });
    default:
      return undefined;
  }
} // prettier-ignore

/** With the session cookie (a login that got through would also end it), except `bare` for the controls. */
function send(t: Target, path: string, c: CsrfCase, bare = false): Promise<RawResponse> {
  const cookie = t.route?.name === 'logout' ? logoutCookie : admin;
  const headers = t.route && !bare ? { ...c.headers, cookie } : c.headers;
  return raw(h.url, t.method, path, headers, bodyFor(t.route?.name));
}

/** Sends one variant and asserts it was refused, with the API headers, and changed nothing. */
async function expectRefused(t: Target, path: string, c: CsrfCase): Promise<void> {
  const calls = h.emulatorCalls().length;
  const res = await send(t, path, c);
  const where = `${t.method} ${path} (${c.name}) -> ${res.status} ${res.text.slice(0, 200)}`;
  // 404 for every non-canonical spelling; 403 only where the spelling is canonical but a literal's case
  // differs (`/api/ACCOUNTS`): the CSRF guard runs, then the case-sensitive router finds nothing.
  expect([403, 404], where).toContain(res.status);
  expectError(res, res.status, res.status === 404 ? 'not_found' : 'csrf_required');
  expect(res.headers['content-security-policy'], where).toBe(API_CSP);
  expect(res.headers['cache-control'], where).toBe('no-store');
  expect(res.headers['set-cookie'], where).toBeUndefined();
  expect(res.text, where).not.toContain('SPA shell');
  expect(h.emulatorCalls().length - calls, `emulator calls for ${where}`).toBe(0);
  if (t.route?.name === 'logout') {
    const me = await h.request('GET', '/bff/user', { cookie: logoutCookie });
    expect(me.status, `the logout session ended by ${where}`).toBe(200);
  }
}

async function auditCount(action: string, outcome?: string): Promise<number> {
  const q = `/api/audit?action=${action}${outcome ? `&outcome=${outcome}` : ''}&limit=200`;
  const res = await h.request('GET', q, { cookie: admin });
  expect(res.status, res.text).toBe(200);
  return (res.json.entries as unknown[]).length;
}

// ---- the tests -----------------------------------------------------------------------------------------

describe('the rule itself', () => {
  it('routing is case-sensitive and strict', () => {
    expect(h.app.app.enabled('case sensitive routing')).toBe(true);
    expect(h.app.app.enabled('strict routing')).toBe(true);
  });

  it('covers every route of the inventory and the open routes, each with every spelling family', () => {
    expect(TARGETS).toHaveLength(ROUTES.length + OPEN_ROUTES.length);
    // One-segment paths (/healthz) make some families coincide; the others keep every one.
    for (const t of TARGETS) {
      const min = t.route ? Object.keys(SPELLINGS).length - 4 : 25;
      expect(variantsOf(t).length, t.label).toBeGreaterThanOrEqual(min);
    }
  });

  it('every spelling differs from the canonical path and names it under a lenient reading', () => {
    for (const t of TARGETS) {
      for (const [name, v] of variantsOf(t)) {
        expect(v, `${t.label}: ${name}`).not.toBe(t.path);
        expect(lenient(v), `${t.label}: ${name} = ${v}`).toBe(canonicalOf(t));
      }
      expect(lenient(absolute(t.path.toUpperCase()))).toBe(canonicalOf(t));
    }
  });
});

describe('controls: on the canonical path the same requests reach their handlers (so the matrix can fail)', () => {
  it.each(TARGETS.map((t) => [t.label, t] as const))('%s', async (_label, t) => {
    const [valid, crossSite] = CSRF_CASES as [CsrfCase, CsrfCase];
    const calls = h.emulatorCalls('UpdateVersion').length;
    if (t.route?.name === 'logout') logoutCookie = await h.login('lou'); // the control ends it
    // A login presenting a session ends that session (fixation defence): the control signs in bare.
    const res = await send(t, t.path, valid, t.route?.access === 'public');
    // A batch id no batch has: 404 from the batch handlers is the handler reached.
    const expected: Partial<Record<RouteName, number>> = {
      bootstrap: 401,
      logout: 204,
      createBatch: 202,
      batch: 404,
      retryBatch: 404,
      // Advance warnings: bodiless writes are refused by the handler (400), unknown ids are its 404, and an
      // evaluation is queued (202).
      createRule: 400,
      updateRule: 400,
      deleteRule: 404,
      createChannel: 400,
      updateChannel: 400,
      deleteChannel: 404,
      testChannel: 404,
      notifyDelivery: 404,
      notifyEvaluate: 202,
    };
    expect(res.status, res.text).toBe((t.route && expected[t.route.name]) ?? 200);
    expect(res.headers['content-security-policy']).toBe(API_CSP);
    expect(res.headers['cache-control']).toBe('no-store');
    if (t.route?.name === 'login') expect(res.headers['set-cookie']).toBeDefined();
    if (t.route?.name === 'updateExpiry') {
      expect(h.emulatorCalls('UpdateVersion').length - calls).toBe(1);
      currentV5 = await v5Expiry();
    }
    if (t.route?.name === 'logout') {
      expect((await h.request('GET', '/bff/user', { cookie: logoutCookie })).status).toBe(401);
      logoutCookie = await h.login('lou');
    }
    if (t.route) {
      // And the cross-site case is refused by the CSRF guard on the canonical path.
      expectError(await send(t, t.path, crossSite), 403, 'csrf_required');
    }
  });

  it('the SPA fallback answers a page path with index.html (it is live in this harness)', async () => {
    const res = await raw(h.url, 'GET', '/accounts/demo/secrets', { accept: 'text/html' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('SPA shell');
    expect(res.headers['content-security-policy']).toBe(SPA_CSP);
  });
});

describe('the reported exploits change nothing', () => {
  it('PUT /API/accounts/.../versions/v5 with a session, no X-CSRF, evil Origin, cross-site: 404, no write', async () => {
    const calls = h.emulatorCalls('UpdateVersion').length;
    const updates = await auditCount('version.update');
    const path = fill('/API/accounts/:account/secrets/:secret/versions/:version');
    const res = await raw(
      h.url,
      'PUT',
      path,
      { cookie: admin, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      JSON.stringify({ expire_time: h.now() + 60 * DAY, expected_expire_time: currentV5, reason: 'CHG-1' }),
    ); // prettier-ignore
    expectError(res, 404, 'not_found');
    expect(res.headers['content-security-policy']).toBe(API_CSP);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(h.emulatorCalls('UpdateVersion').length).toBe(calls);
    expect(await v5Expiry()).toBe(currentV5);
    expect(await auditCount('version.update')).toBe(updates);
  });

  it('POST /BFF/logout and /bff/LOGOUT do not end the session', async () => {
    for (const path of ['/BFF/logout', '/bff/LOGOUT', '/Bff/Logout']) {
      const res = await raw(h.url, 'POST', path, { cookie: logoutCookie, 'x-csrf': '1', origin: ORIGIN });
      expect([403, 404], path).toContain(res.status);
      expectError(res, res.status);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect((await h.request('GET', '/bff/user', { cookie: logoutCookie })).status, path).toBe(200);
    }
  });
});

describe('matrix: every route x every spelling x every CSRF case is refused and changes nothing', () => {
  let before: { updates: number; logins: number; logouts: number; emulator: number };
  beforeAll(async () => {
    before = {
      updates: await auditCount('version.update'),
      logins: await auditCount('auth.login', 'success'),
      logouts: await auditCount('auth.logout'),
      emulator: h.emulatorCalls().length,
    };
  });

  for (const t of TARGETS) {
    describe(t.label, () => {
      const cases = t.route ? CSRF_CASES : [{ name: 'no headers', headers: { accept: 'text/html' } }];
      it.each(variantsOf(t))('%s: %s', async (_name, path) => {
        for (const c of cases) await expectRefused(t, path, c);
      });
      it('absolute-form request target with an upper-case prefix', async () => {
        for (const c of cases) await expectRefused(t, absolute(at(t.path, 0, (s) => s.toUpperCase())), c);
      });
    });
  }

  it(`random combinations of 2-4 spellings (${RUNS} runs, seed ${SEED})`, async () => {
    const names = Object.keys(SPELLINGS);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...TARGETS),
        fc.array(fc.constantFrom(...names), { minLength: 2, maxLength: 4 }),
        fc.nat({ max: CSRF_CASES.length - 1 }),
        async (t, chosen, c) => {
          const path = chosen.reduce((p, name) => SPELLINGS[name]!(p, t.literals), t.path);
          fc.pre(path !== t.path && lenient(path) === canonicalOf(t));
          await expectRefused(t, path, t.route ? CSRF_CASES[c]! : { name: 'no headers', headers: {} });
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  }, 120_000);

  it('afterwards: no version update, login, logout or CSMS call happened; v5 and the sessions are as before', async () => {
    expect(h.emulatorCalls().length).toBe(before.emulator);
    expect(await auditCount('version.update')).toBe(before.updates);
    expect(await auditCount('auth.login', 'success')).toBe(before.logins);
    expect(await auditCount('auth.logout')).toBe(before.logouts);
    expect(await v5Expiry()).toBe(currentV5);
    expect((await h.request('GET', '/bff/user', { cookie: admin })).status).toBe(200);
    expect((await h.request('GET', '/bff/user', { cookie: logoutCookie })).status).toBe(200);
    expect(await h.stores.users.findByName('mallory')).toBeUndefined();
  });
});
