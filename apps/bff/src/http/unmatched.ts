/**
 * The last route: a path the inventory serves with other methods answers 405 with `Allow`; anything else
 * is a 404 in the error shape.
 */
import type { NextFunction, Request, Response } from 'express';
import { AppError, notFound } from '../errors.js';
import { OPEN_ROUTES, ROUTES } from '../routes.js';

const matchers = ROUTES.map((r) => ({
  method: r.method,
  re: new RegExp('^' + r.path.replace(/\./g, '\\.').replace(/:[a-z]+/g, '[^/]+') + '$'),
}));

export function allowedMethods(path: string): string[] {
  const methods = matchers.filter((m) => m.re.test(path)).map((m) => m.method);
  if (OPEN_ROUTES.includes(path as (typeof OPEN_ROUTES)[number])) methods.push('GET');
  return [...new Set(methods)];
}

export function unmatched(req: Request, _res: Response, next: NextFunction): void {
  const allowed = allowedMethods(req.path);
  if (allowed.length > 0) {
    return next(
      new AppError(405, 'method_not_allowed', `Use ${allowed.join(' or ')} on this path.`, undefined, {
        Allow: allowed.join(', '),
      }),
    );
  }
  next(notFound());
}
