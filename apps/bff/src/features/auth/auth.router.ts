/** `/bff/login`, `/bff/logout`, `/bff/user` (security.md S5, S7, L6): thin; the service does the work. */
import { LoginInputSchema } from '@csms-console/api-contract';
import type { Request, Response } from 'express';
import { clientMeta, currentUser } from '../../http/context.js';
import { parseInput } from '../../http/parse-input.js';
import {
  clearSessionCookie,
  readSessionId,
  setSessionCookie,
  type SessionSettings,
} from '../../http/session.js';
import type { AuthService } from './auth.service.js';

function meta(req: Request, res: Response) {
  const { ip, userAgent } = clientMeta(req);
  return { ip: ip ?? 'unknown', userAgent, requestId: res.locals.ctx.requestId };
}

export function authHandlers(service: AuthService, settings: SessionSettings) {
  return {
    async login(req: Request, res: Response) {
      const input = parseInput(LoginInputSchema, req.body, 'body');
      const { sessionId, user } = await service.login(input, {
        ...meta(req, res),
        previousSessionId: readSessionId(req),
      });
      setSessionCookie(res, sessionId, settings);
      res.json(user);
    },
    async logout(req: Request, res: Response) {
      const { sessionHash } = res.locals.ctx;
      await service.logout(currentUser(res), sessionHash ?? '', meta(req, res));
      clearSessionCookie(res);
      res.status(204).end();
    },
    user(_req: Request, res: Response) {
      const { session } = res.locals.ctx;
      if (!session) throw new Error('user() needs requireSession');
      res.json(service.describe(currentUser(res), session));
    },
  };
}
