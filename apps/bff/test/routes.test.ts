/**
 * The router inventory (docs/security.md A3, C2; test 13's "the test enumerates the router"): the Express app
 * mounts exactly the routes of `src/routes.ts` plus the open ones, so a route added beside the inventory
 * (and so beside its access rule and the CSRF matrix) fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_ROUTES, ROUTES } from '../src/routes.js';
import { Harness } from './harness.js';

interface LayerLike {
  name: string;
  slash?: boolean;
  rawPath?: unknown;
  handle: { stack?: LayerLike[] };
  route?: { path: unknown; methods: Record<string, boolean>; stack: unknown[] };
  match(path: string): unknown;
}

let h: Harness;
let stack: LayerLike[];
beforeAll(async () => {
  h = await Harness.start();
  stack = (h.app.app as unknown as { router: { stack: LayerLike[] } }).router.stack;
}, 60_000);
afterAll(async () => {
  await h.close();
});

/** Every `METHOD path` served by a route layer, sub-routers included (prefixed with their mount). */
function mounted(layers: LayerLike[], prefix = ''): string[] {
  const out: string[] = [];
  for (const layer of layers) {
    if (layer.route) {
      const path = typeof layer.route.path === 'string' ? layer.route.path : String(layer.route.path);
      for (const method of Object.keys(layer.route.methods))
        out.push(`${method.toUpperCase()} ${prefix}${path}`);
    } else if (Array.isArray(layer.handle.stack)) {
      out.push(...mounted(layer.handle.stack, `${prefix}<${String(layer.rawPath)}>`));
    }
  }
  return out;
}

const EXPECTED = [
  ...ROUTES.map((r) => `${r.method} ${r.path}`),
  ...OPEN_ROUTES.map((p) => `GET ${p}`),
  'POST /csp-report',
];

describe('router inventory', () => {
  it('mounts exactly ROUTES plus /healthz, /readyz, /metrics and POST /csp-report', () => {
    const strings = stack.filter((l) => l.route && typeof l.route.path === 'string');
    const found = mounted(stack).filter((r) => !r.startsWith('GET /^')); // the SPA fallback (a RegExp): below
    expect([...found].sort()).toEqual([...EXPECTED].sort());
    expect(new Set(found).size).toBe(found.length); // no route mounted twice
    expect(strings.length).toBe(EXPECTED.length);
  });

  it('the inventory lists each method+path once and only GET, POST, PUT and DELETE', () => {
    const keys = ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(ROUTES.map((r) => r.name)).size).toBe(ROUTES.length);
    for (const r of ROUTES) {
      expect(['GET', 'POST', 'PUT', 'DELETE']).toContain(r.method);
      // DELETE only where an admin removes a notification rule or channel (issue 14).
      if (r.method === 'DELETE') expect(['deleteRule', 'deleteChannel']).toContain(r.name);
      expect(r.path).toMatch(/^\/(api|bff)\//);
      // Reads are GETs and count against the read limit; everything else is a write.
      expect(r.kind).toBe(r.method === 'GET' ? 'read' : 'write');
    }
  });

  it('every non-public route carries the session check, its role check when it names roles, and its limit', () => {
    for (const r of ROUTES) {
      const layer = stack.find((l) => l.route?.path === r.path && l.route.methods[r.method.toLowerCase()]);
      expect(layer, `${r.method} ${r.path}`).toBeDefined();
      // handler only | session + limit + handler | session + role + limit + handler
      const expected = r.access === 'public' ? 1 : Array.isArray(r.access) ? 4 : 3;
      expect(layer!.route!.stack.length, `${r.method} ${r.path}`).toBe(expected);
    }
  });

  it('only /bff/login and /bff/bootstrap are public', () => {
    expect(ROUTES.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /bff/login',
      'POST /bff/bootstrap',
    ]);
  });

  it('no middleware or RegExp route is mounted on a path under /api or /bff', () => {
    const probes = ['/api/x', '/api/accounts', '/bff/x', '/bff/user', '/api', '/bff'];
    for (const layer of stack) {
      const isRoute = layer.route !== undefined;
      if (isRoute && typeof layer.route!.path === 'string') continue; // checked against the inventory above
      if (!isRoute && layer.slash) continue; // a global middleware (`app.use(fn)`)
      for (const p of probes) {
        expect(Boolean(layer.match(p)), `${layer.name} ${String(layer.rawPath)} matches ${p}`).toBe(false);
      }
    }
  });

  it('the global guards (method, path rule, CSRF, body) are mounted before every route', () => {
    const firstRoute = stack.findIndex((l) => l.route !== undefined);
    const names = stack.slice(0, firstRoute).map((l) => l.name);
    expect(names).toContain('methodGuard');
    expect(names).toContain('pathRule');
    expect(names.indexOf('pathRule')).toBeLessThan(names.indexOf('jsonBody'));
    expect(names).toContain('jsonBody');
    expect(names).toContain('securityHeaders');
    expect(stack.slice(0, firstRoute).every((l) => l.slash)).toBe(true);
  });

  it('a path outside the inventory answers 404 in the error shape, never a handler', async () => {
    const res = await h.request('GET', '/api/users');
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
    expect(h.emulatorCalls()).toHaveLength(0);
  });
});
