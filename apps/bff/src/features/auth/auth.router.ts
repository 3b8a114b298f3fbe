/**
 * `/bff/login`, `/bff/bootstrap`, `/bff/logout`, `/bff/user`, `/bff/session[/keepalive]` (docs/security.md S5,
 * S7, S8, L6): thin; the services do the work. Paths, access and limits come from routes.ts
 * (http/mount-routes.ts).
 */
import { BootstrapInputSchema, LoginInputSchema } from '@csms-console/api-contract';
import type { Request, Response } from 'express';
import { auditActor, clientMeta, currentUser } from '../../http/context.js';
import type { RouteHandlers } from '../../http/mount-routes.js';
import { noQuery, parseInput } from '../../http/parse-input.js';
import {
  clearSessionCookie,
  readSessionId,
  setSessionCookie,
  type SessionSettings,
} from '../../http/session.js';
import type { SessionRecord } from '../../store/types.js';
import type { AuthService } from './auth.service.js';
import type { Bootstrap } from './bootstrap.js';

function meta(req: Request, res: Response) {
  const { ip, userAgent } = clientMeta(req);
  return { ip: ip ?? 'unknown', userAgent, requestId: res.locals.ctx.requestId };
}

function currentSession(res: Response): SessionRecord {
  const { session } = res.locals.ctx;
  if (!session) throw new Error('this route needs requireSession');
  return session;
}

export function authRouter(deps: {
  auth: AuthService;
  bootstrap: Bootstrap;
  session: SessionSettings;
}): RouteHandlers<'login' | 'bootstrap' | 'logout' | 'user' | 'sessionStatus' | 'keepalive'> {
  const { auth, bootstrap } = deps;
  return {
    async login(req, res) {
      noQuery(req.query);
      const input = parseInput(LoginInputSchema, req.body, 'body');
      const { sessionId, user } = await auth.login(input, {
        ...meta(req, res),
        previousSessionId: readSessionId(req),
      });
      setSessionCookie(res, sessionId, deps.session);
      res.json(user);
    },
    async bootstrap(req, res) {
      noQuery(req.query);
      const input = parseInput(BootstrapInputSchema, req.body, 'body');
      const { client_ip, user_agent, request_id } = auditActor(req, res);
      const user = await bootstrap.redeem(input, { client_ip, user_agent, request_id });
      res.status(201).json({ name: user.name, role: user.role });
    },
    async logout(req, res) {
      noQuery(req.query);
      const { sessionHash } = res.locals.ctx;
      await auth.logout(currentUser(res), sessionHash ?? '', meta(req, res));
      clearSessionCookie(res);
      res.status(204).end();
    },
    user(req, res) {
      noQuery(req.query);
      res.json(auth.describe(currentUser(res), currentSession(res)));
    },
    // Mounted with `touch: false`: the session check read the session without counting this request as use.
    sessionStatus(req, res) {
      noQuery(req.query);
      res.json(auth.times(currentSession(res)));
    },
    // An ordinary signed-in request, so the session check has just reset the idle timer: say until when.
    keepalive(req, res) {
      noQuery(req.query);
      res.json(auth.times(currentSession(res)));
    },
  };
}
