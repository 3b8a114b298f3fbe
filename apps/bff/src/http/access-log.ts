/**
 * One structured line per request (docs/security.md §1.10 U6, K4): request id, actor, route pattern, status and
 * latency, plus the Prometheus counters. Headers, cookies, bodies and query strings are never logged.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';

export function routeLabel(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route as { path?: unknown } | undefined;
  return typeof route?.path === 'string' ? route.path : 'unmatched';
}

export function accessLog(logger: Logger, metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.on('finish', () => {
      const ctx = res.locals.ctx;
      const route = routeLabel(req);
      const status = String(res.statusCode);
      const seconds = (performance.now() - ctx.startedAt) / 1000;
      metrics.httpRequests.inc({ route, method: req.method, status });
      metrics.httpDuration.observe({ route, method: req.method, status }, seconds);
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      logger[level](
        {
          requestId: ctx.requestId,
          method: req.method,
          route,
          path: req.path.slice(0, 300),
          status: res.statusCode,
          latencyMs: Math.round(seconds * 1000 * 10) / 10,
          actor: ctx.user?.name,
          role: ctx.user?.role,
          ip: req.ip,
        },
        'request',
      );
    });
    next();
  };
}
