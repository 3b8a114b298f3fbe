/**
 * The composer refuses to start when the inventory and the routers disagree (the mounted result itself is
 * checked by test/routes.test.ts): a route nobody handles, a handler for no route, a route handled twice.
 */
import express from 'express';
import { describe, expect, it } from 'vitest';
import { OPEN_ROUTES, ROUTES, type OpenRoute, type RouteName } from '../routes.js';
import { mountRoutes, type RouteHandler } from './mount-routes.js';

const handler: RouteHandler = (_req, res) => {
  res.end();
};
const guards = { session: handler, sessionPeek: handler, limit: () => handler };
const open = Object.fromEntries(OPEN_ROUTES.map((p) => [p, handler])) as Record<OpenRoute, RouteHandler>;
const all = Object.fromEntries(ROUTES.map((r) => [r.name, handler])) as Record<RouteName, RouteHandler>;

const mount = (routers: Partial<Record<string, RouteHandler>>[]) => () =>
  mountRoutes(express(), guards, routers, open);

describe('mountRoutes', () => {
  it('mounts when every route has exactly one handler', () => {
    const { login, ...rest } = all;
    expect(mount([{ login }, rest])).not.toThrow();
  });

  it('fails at start when a route has no handler', () => {
    const { auditVerify: _missing, ...rest } = all;
    expect(mount([rest])).toThrow('route auditVerify (GET /api/audit/verify) has no handler');
  });

  it('fails at start when a handler names no route', () => {
    expect(mount([all, { deleteSecret: handler }])).toThrow('handler deleteSecret names no route');
  });

  it('fails at start when two routers handle one route', () => {
    expect(mount([all, { login: handler }])).toThrow('two routers handle route login');
  });
});
