/**
 * Cross-site request defences, applied globally to `/api` and `/bff` (docs/security.md C2-C6), so a new route
 * cannot forget them (the Duende GHSA-4j63 lesson):
 * - the static `X-CSRF: 1` header on every request, GETs included (forces a CORS preflight we never grant);
 * - `Sec-Fetch-Site` must be same-origin when present; `Origin`, when present, must be a configured origin;
 *   an unsafe method without `Sec-Fetch-Site` must carry a configured `Origin`;
 * - method-override headers are refused, and TRACE/TRACK/CONNECT never reach a router.
 */
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors.js';
import { isApiPath } from './path-rule.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const OVERRIDE_HEADERS = ['x-http-method-override', 'x-http-method', 'x-method-override'];

const reject = (reason: string) =>
  new AppError(403, 'csrf_required', 'This request did not come from the console and was refused.', {
    reason,
  });

export function methodGuard(req: Request, _res: Response, next: NextFunction): void {
  if (req.method === 'TRACE' || req.method === 'TRACK' || req.method === 'CONNECT') {
    return next(new AppError(405, 'method_not_allowed', 'This method is not allowed.'));
  }
  next();
}

export function csrfGuard(publicOrigins: readonly string[]) {
  const allowed = new Set(publicOrigins);
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!isApiPath(req.path)) return next();
    if (OVERRIDE_HEADERS.some((h) => req.headers[h] !== undefined)) return next(reject('method_override'));
    if (req.headers['x-csrf'] !== '1') return next(reject('missing_header'));
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') return next(reject('cross_site'));
    const origin = req.headers.origin;
    if (origin !== undefined && !allowed.has(origin)) return next(reject('foreign_origin'));
    if (!SAFE.has(req.method) && site === undefined && origin === undefined) return next(reject('no_origin'));
    next();
  };
}
