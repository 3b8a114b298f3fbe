/**
 * Per-request facts every layer needs: our own request id (an inbound `X-Request-Id` is ignored, docs/security.md
 * R3), the start time, and, once the session is checked, the user. Kept on `res.locals`.
 */
import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { SessionRecord, User } from '../store/types.js';

export interface RequestContext {
  requestId: string;
  startedAt: number;
  user?: User;
  /** SHA-256 of the session cookie's id (never the id itself). */
  sessionHash?: string;
  session?: SessionRecord;
  /** Aborted when the client goes away before the answer, or at shutdown. */
  signal: AbortSignal;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      ctx: RequestContext;
    }
  }
}

export function requestContext(shutdown: AbortSignal) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const controller = new AbortController();
    const onShutdown = () => controller.abort(shutdown.reason);
    shutdown.addEventListener('abort', onShutdown, { once: true });
    res.on('close', () => {
      shutdown.removeEventListener('abort', onShutdown);
      if (!res.writableFinished) controller.abort(new Error('client closed the connection'));
    });
    const requestId = randomBytes(12).toString('hex');
    res.locals.ctx = { requestId, startedAt: performance.now(), signal: controller.signal };
    res.setHeader('X-Request-Id', requestId);
    next();
  };
}

/** The user of a request that passed `requireSession`. */
export function currentUser(res: Response): User {
  const user = res.locals.ctx.user;
  if (!user) throw new Error('currentUser() used on a route without requireSession');
  return user;
}

/** Where a request came from: the trusted client IP (docs/security.md R3) and a length-capped user agent. */
export function clientMeta(req: Request): { ip: string | null; userAgent: string | null } {
  return { ip: req.ip ?? null, userAgent: (req.get('user-agent') ?? '').slice(0, 256) || null };
}

/** What the audit log records about who asked (docs/security.md U1). */
export function auditActor(req: Request, res: Response) {
  const { user, sessionHash, requestId } = res.locals.ctx;
  const { ip, userAgent } = clientMeta(req);
  return {
    actor: user
      ? { id: user.id, name: user.name, role: user.role, auth_method: 'password' }
      : { id: null, name: null, role: null, auth_method: null },
    session_hash: sessionHash ?? null,
    client_ip: ip,
    user_agent: userAgent,
    request_id: requestId,
  };
}
