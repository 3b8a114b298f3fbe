/**
 * The `/__admin` surface (only when enabled): plain JSON, no authentication, not in the request log, no
 * faults. `GET /__admin` lists every endpoint with a one-line summary.
 */
import type { EmulatorApp } from '../app.js';
import { RequestAborted, readBody } from '../http/body.js';
import { GatewayError } from '../http/errors.js';
import { send, sendReply, type Exchange } from '../http/exchange.js';
import { Router } from '../http/router.js';
import { OPERATION_NAMES } from '../routes/index.js';
import { accessRoutes } from './access.js';
import { AdminError, type AdminRoute } from './context.js';
import { stateRoutes } from './state.js';

const indexRoute: AdminRoute = {
  method: 'GET',
  path: '/__admin',
  summary: 'This index.',
  handler: (app) => ({
    status: 200,
    body: {
      emulator: 'csms-emulator',
      url: app.services.url(),
      region: app.region,
      project_id: app.projectId,
      seed: app.seed,
      persistent: app.store.persistent,
      not_found_status: app.notFoundStatus,
      operations: [...OPERATION_NAMES],
      endpoints: ROUTES.map((r) => ({ method: r.method, path: r.path, summary: r.summary })),
    },
  }),
};

const ROUTES: AdminRoute[] = [indexRoute, ...stateRoutes, ...accessRoutes];

const router = new Router<Map<string, AdminRoute>>();
{
  const byPath = new Map<string, Map<string, AdminRoute>>();
  for (const route of ROUTES)
    byPath.set(
      route.path,
      (byPath.get(route.path) ?? new Map<string, AdminRoute>()).set(route.method, route),
    );
  for (const [path, methods] of byPath) router.add(path, methods);
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new AdminError(400, 'the body is not valid JSON');
  }
}

export function handleAdmin(app: EmulatorApp, x: Exchange): void {
  const match = router.match(x.rawPath);
  const route = match?.value.get(x.req.method ?? '');
  const fail = (error: unknown): void => {
    if (error instanceof RequestAborted) return;
    if (error instanceof AdminError || error instanceof GatewayError)
      return send(x, error.status, { error: error.message });
    app.logger.error(`admin ${x.req.method} ${x.rawPath} failed`, error);
    send(x, 500, { error: 'internal error' });
  };
  if (!match || !route)
    return fail(
      new AdminError(404, `no admin endpoint ${x.req.method} ${x.rawPath}; GET /__admin lists them`),
    );
  const params: Record<string, string> = {};
  try {
    match.paramNames.forEach((name, i) => (params[name] = decodeURIComponent(match.params[i]!)));
  } catch {
    return fail(new AdminError(400, 'malformed percent-encoding in the path'));
  }
  readBody(x.req).then(
    (raw) => {
      try {
        sendReply(
          x,
          route.handler(app, { params, query: new URLSearchParams(x.rawQuery), body: parseJson(raw) }),
        );
      } catch (error) {
        fail(error);
      }
    },
    (error: unknown) => fail(error),
  );
}
