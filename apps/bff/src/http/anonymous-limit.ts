/**
 * The anonymous per-IP limit (docs/security.md R2). Not signed in means: no session cookie, or a sign-in route
 * whatever cookie it carries (a made-up cookie must not buy a script the signed-in budget). A cookie that
 * names no live session is counted where the session check refuses it.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../errors.js';
import { ROUTES } from '../routes.js';
import { isApiPath } from './path-rule.js';
import { limitWith, type RequestLimit } from './rate-limit.js';
import { readSessionId } from './session.js';

/** The sign-in routes: exact spellings, as the path rule and the case-sensitive router match them. */
const PUBLIC_PATHS = new Set<string>(ROUTES.filter((r) => r.access === 'public').map((r) => r.path));

export function anonymousLimit(limit: RequestLimit) {
  const perIp = limitWith(limit, (req) => req.ip ?? 'unknown');
  /** Global, before CSRF and the body parser: counts every API request that is not signed in. */
  function signedOut(req: Request, res: Response, next: NextFunction) {
    return isApiPath(req.path) && (readSessionId(req) === undefined || PUBLIC_PATHS.has(req.path))
      ? perIp(req, res, next)
      : next();
  }
  /** A session check of the non-public routes, wrapped: a refused cookie counts against its IP. */
  function sessionOrAnonymous(session: RequestHandler) {
    return async (req: Request, res: Response, next: NextFunction) => {
      try {
        await session(req, res, next);
      } catch (error) {
        if (error instanceof AppError && error.status === 401 && readSessionId(req) !== undefined) {
          await perIp(req, res, () => undefined); // throws 429 once the IP is over its limit
        }
        throw error;
      }
    };
  }
  return { signedOut, sessionOrAnonymous };
}
