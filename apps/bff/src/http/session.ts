/**
 * Server-side sessions (docs/security.md S1-S7). The cookie `__Host-Http-sid` holds 256 random bits, base64url;
 * the store keeps only its SHA-256. Each request loads the session and its user from the store, so a
 * disabled user or a changed role takes effect on the next request, in every BFF process. Idle and absolute
 * timeouts are checked here against the injected clock; `lastSeenAt` is written at most once a second.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Role } from '@csms-console/api-contract';
import { AppError, unauthenticated } from '../errors.js';
import type { SessionRecord, SessionStore, User } from '../store/types.js';
import type { Logger } from 'pino';

export const SESSION_COOKIE = '__Host-Http-sid';
const COOKIE_ATTRIBUTES = 'Path=/; Secure; HttpOnly; SameSite=Strict';

export interface SessionSettings {
  idleMs: number;
  absoluteMs: number;
  maxPerUser: number;
}

export const hashSessionId = (id: string) => createHash('sha256').update(id).digest('hex');

export function readSessionId(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

export function setSessionCookie(res: Response, id: string, settings: SessionSettings): void {
  res.append(
    'Set-Cookie',
    `${SESSION_COOKIE}=${id}; ${COOKIE_ATTRIBUTES}; Max-Age=${Math.floor(settings.absoluteMs / 1000)}`,
  );
}

export function clearSessionCookie(res: Response): void {
  res.append('Set-Cookie', `${SESSION_COOKIE}=; ${COOKIE_ATTRIBUTES}; Max-Age=0`);
  res.setHeader('Clear-Site-Data', '"cookies"');
}

/** When the session ends: the earlier of the idle and the absolute limit. */
export function sessionEndsAt(session: SessionRecord, settings: SessionSettings): number {
  return Math.min(session.lastSeenAt + settings.idleMs, session.createdAt + settings.absoluteMs);
}

export async function startSession(
  store: SessionStore,
  settings: SessionSettings,
  input: { user: User; now: number; ip: string | null; userAgent: string | null },
): Promise<{ id: string; record: SessionRecord; revoked: number }> {
  const id = randomBytes(32).toString('base64url');
  const record: SessionRecord = {
    idHash: hashSessionId(id),
    userId: input.user.id,
    authMethod: 'password',
    createdAt: input.now,
    lastSeenAt: input.now,
    ip: input.ip,
    userAgent: input.userAgent,
  };
  const { revoked } = await store.create(record, settings.maxPerUser);
  return { id, record, revoked };
}

export interface SessionDeps {
  sessions: SessionStore;
  settings: SessionSettings;
  now: () => number;
  logger: Logger;
  /** false: check the session without counting the request as use (the idle timer runs on). Default true. */
  touch?: boolean;
}

/**
 * 401 unless the request carries a live session of an enabled user; sets `ctx.user` and `ctx.session`, and
 * (unless `touch: false`) records the request as the session's last use.
 */
export function requireSession(deps: SessionDeps) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const id = readSessionId(req);
    if (id === undefined) throw unauthenticated();
    const idHash = hashSessionId(id);
    const found = await deps.sessions.get(idHash);
    if (!found) throw unauthenticated();
    const { session, user } = found;
    const now = deps.now();
    if (user.disabled || now >= sessionEndsAt(session, deps.settings)) {
      await deps.sessions.delete(idHash);
      clearSessionCookie(res);
      throw unauthenticated();
    }
    if (deps.touch !== false && now - session.lastSeenAt >= 1000) {
      session.lastSeenAt = now;
      // Best effort: a read must not fail because the store is read-only (the audit path fails closed).
      await deps.sessions.touch(idHash, now).catch((error: unknown) => {
        deps.logger.warn({ err: error, requestId: res.locals.ctx.requestId }, 'session touch failed');
      });
    }
    Object.assign(res.locals.ctx, { user, sessionHash: idHash, session });
    next();
  };
}

/** 403 (audited by the error handler) unless the session's user has one of `roles`. */
export function requireRole(...roles: Role[]) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const user = res.locals.ctx.user;
    if (!user) throw unauthenticated();
    if (!roles.includes(user.role)) {
      throw new AppError(403, 'forbidden', `The ${user.role} role cannot do this.`, { role: user.role });
    }
    next();
  };
}
