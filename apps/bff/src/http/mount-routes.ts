/**
 * Mounts the route inventory (routes.ts) on the app. Each feature router hands over its handlers by route
 * name; the path, method, access and limit kind come from the inventory only. In front of each handler go
 * the checks its entry calls for: the session, the role when it names roles, the per-session limit of its
 * kind (docs/security.md A3, R2). Starting fails when a route has no handler, a handler names no route, or two
 * routers claim one name, so the inventory, the CSRF and RBAC matrices and the code cannot drift apart.
 */
import type { Express, Request, RequestHandler, Response } from 'express';
import { OPEN_ROUTES, ROUTES, type OpenRoute, type RouteName, type RouteSpec } from '../routes.js';
import { requireRole } from './session.js';

export type RouteHandler = (req: Request, res: Response) => void | Promise<void>;

/** What a feature router returns: its handlers, keyed by the inventory's route names. */
export type RouteHandlers<N extends RouteName> = { readonly [K in N]: RouteHandler };

/** The open routes' handlers (health and metrics), keyed by their path. */
export type OpenRouteHandlers = { readonly [P in OpenRoute]: RouteHandler };

export interface RouteGuards {
  /** 401 unless signed in (sets the request's user and session); resets the session's idle timer. */
  session: RequestHandler;
  /** The same check, leaving the idle timer alone (routes marked `touch: false`). */
  sessionPeek: RequestHandler;
  /** The per-session limit that counts this route (by its kind; a batch route counts its items). */
  limit: (kind: RouteSpec['kind'], name: RouteName) => RequestHandler;
}

export function mountRoutes(
  app: Express,
  guards: RouteGuards,
  routers: readonly Partial<Record<RouteName, RouteHandler>>[],
  open: OpenRouteHandlers,
): void {
  const handlers = collect(routers);
  for (const path of OPEN_ROUTES) app.get(path, open[path]);
  for (const route of ROUTES as readonly (RouteSpec & { name: RouteName })[]) {
    const handler = handlers.get(route.name);
    if (!handler) throw new Error(`route ${route.name} (${route.method} ${route.path}) has no handler`);
    const chain: RequestHandler[] = [];
    if (route.access !== 'public') {
      chain.push(route.touch === false ? guards.sessionPeek : guards.session);
      if (typeof route.access !== 'string') chain.push(requireRole(...route.access));
      chain.push(guards.limit(route.kind, route.name));
    }
    chain.push(handler);
    app[route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](route.path, ...chain);
  }
}

function collect(routers: readonly Partial<Record<RouteName, RouteHandler>>[]): Map<string, RouteHandler> {
  const known = new Set<string>(ROUTES.map((r) => r.name));
  const handlers = new Map<string, RouteHandler>();
  for (const router of routers) {
    for (const [name, handler] of Object.entries(router)) {
      if (!known.has(name)) throw new Error(`handler ${name} names no route in routes.ts`);
      if (handlers.has(name)) throw new Error(`two routers handle route ${name}`);
      if (handler) handlers.set(name, handler);
    }
  }
  return handlers;
}
