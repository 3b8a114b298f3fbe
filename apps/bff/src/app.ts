/**
 * `createApp(deps)`: middleware -> routes from the inventory -> not-found / 405 -> error handler. No
 * `listen` here (house style rule 8); tests run it on port 0, `main.ts` in production.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  AuditQuerySchema,
  AccountPathSchema,
  BootstrapInputSchema,
  SecretListQuerySchema,
  SecretPathSchema,
  UpdateExpiryInputSchema,
  VersionPathSchema,
} from '@csms-console/api-contract';
import express, {
  type Express,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Config } from './config/config.js';
import { AppError, notFound } from './errors.js';
import { AuditService } from './features/audit/audit.service.js';
import { authHandlers } from './features/auth/auth.router.js';
import { AuthService } from './features/auth/auth.service.js';
import { Bootstrap } from './features/auth/bootstrap.js';
import { LoginThrottle, throttleSettings, type ThrottleSettings } from './features/auth/login-throttle.js';
import { healthHandlers, type Lifecycle } from './features/health/health.js';
import { SecretsService } from './features/secrets/secrets.service.js';
import { VersionsService } from './features/versions/versions.service.js';
import { accessLog } from './http/access-log.js';
import { jsonBody } from './http/body.js';
import { auditActor, currentUser, requestContext } from './http/context.js';
import { csrfGuard, methodGuard } from './http/csrf.js';
import { errorHandler } from './http/error-handler.js';
import { isApiPath, securityHeaders } from './http/headers.js';
import { parseInput } from './http/parse-input.js';
import { pathKind, pathRule } from './http/path-rule.js';
import { createRequestLimits, limitWith } from './http/rate-limit.js';
import { readSessionId, requireRole, requireSession } from './http/session.js';
import type { Metrics } from './metrics.js';
import { OPEN_ROUTES, ROUTES, type RouteName, type RouteSpec } from './routes.js';
import type { Stores } from './store/types.js';
import type { Upstream } from './upstream/types.js';

export interface AppDeps {
  config: Config;
  stores: Stores;
  upstream: Upstream;
  logger: Logger;
  metrics: Metrics;
  now: () => number;
  lifecycle: Lifecycle;
  /** Aborted at shutdown: every request's signal follows it. */
  shutdown: AbortSignal;
  throttle?: ThrottleSettings;
}

export interface App {
  app: Express;
  services: { auth: AuthService; versions: VersionsService; bootstrap: Bootstrap; audit: AuditService };
}

export function createApp(deps: AppDeps): App {
  const { config, stores, upstream, logger, metrics, now } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');
  // One path rule (http/path-rule.ts): routes match their exact spelling only; the rule refuses the others.
  app.set('case sensitive routing', true);
  app.set('strict routing', true);

  const throttle = new LoginThrottle(
    stores.loginCounters,
    now,
    deps.throttle ?? throttleSettings(config.login),
  );
  const auth = new AuthService({ ...stores, throttle, config, now, logger });
  const bootstrap = new Bootstrap(stores.users, stores.audit, now);
  const secrets = new SecretsService(upstream, now, config.upstream.notificationCacheMs);
  const versions = new VersionsService({
    upstream,
    audit: stores.audit,
    policy: config.policy,
    metrics,
    logger,
    now,
  });
  const audit = new AuditService(stores.audit, metrics);
  const session = requireSession({ sessions: stores.sessions, settings: config.session, now, logger });
  const limits = createRequestLimits(stores, config.limits);
  const perSession = (_req: Request, res: Response) => res.locals.ctx.sessionHash ?? '';
  const anonLimit = limitWith(limits.anon, (req) => req.ip ?? 'unknown');
  const sessionOrAnonymous: RequestHandler = async (req, res, next) => {
    try {
      await session(req, res, next);
    } catch (error) {
      if (error instanceof AppError && error.status === 401 && readSessionId(req) !== undefined) {
        await anonLimit(req, res, () => undefined); // throws 429 once the IP is over its limit
      }
      throw error;
    }
  };

  app.use(requestContext(deps.shutdown));
  app.use(accessLog(logger, metrics));
  app.use(securityHeaders);
  app.use(methodGuard);
  app.use(pathRule);
  // Not signed in = the anonymous per-IP limit: no cookie, or a sign-in route whatever cookie it carries
  // (a made-up cookie must not buy a script the signed-in budget); a cookie naming no live session is
  // counted where the session check refuses it (`sessionOrAnonymous`).
  app.use((req, res, next) =>
    isApiPath(req.path) && (readSessionId(req) === undefined || PUBLIC_PATHS.has(req.path))
      ? anonLimit(req, res, next)
      : next(),
  );
  app.use(csrfGuard(config.publicOrigins));
  app.use(jsonBody);

  const health = healthHandlers({ stores, upstream, metrics, lifecycle: deps.lifecycle });
  app.get('/healthz', (req, res) => health.healthz(req, res));
  app.get('/readyz', (req, res) => health.readyz(req, res));
  app.get('/metrics', (req, res) => health.metrics(req, res));

  const authRoutes = authHandlers(auth, config.session);
  const viewer = (req: Request, res: Response) => auditActor(req, res);
  const handlers: Record<RouteName, RequestHandler> = {
    // Routes without query parameters refuse any (security.md V2), as the others refuse unknown keys.
    async login(req, res) {
      noQuery(req);
      await authRoutes.login(req, res);
    },
    async logout(req, res) {
      noQuery(req);
      await authRoutes.logout(req, res);
    },
    user(req, res) {
      noQuery(req);
      authRoutes.user(req, res);
    },
    async bootstrap(req, res) {
      noQuery(req);
      const input = parseInput(BootstrapInputSchema, req.body, 'body');
      const { client_ip, user_agent, request_id } = auditActor(req, res);
      const user = await bootstrap.redeem(input, { client_ip, user_agent, request_id });
      res.status(201).json({ name: user.name, role: user.role });
    },
    accounts(req, res) {
      noQuery(req);
      res.json({ accounts: upstream.accounts() });
    },
    async secrets(req, res) {
      const { account } = parseInput(AccountPathSchema, req.params, 'params');
      const query = parseInput(SecretListQuerySchema, req.query, 'query');
      upstream.assertAccount(account);
      res.json(await secrets.list(account, query, res.locals.ctx.signal));
    },
    async secret(req, res) {
      const { account, secret } = parseInput(SecretPathSchema, req.params, 'params');
      noQuery(req);
      upstream.assertAccount(account);
      res.json(await secrets.detail(account, secret, res.locals.ctx.signal));
    },
    async updateExpiry(req, res) {
      const path = parseInput(VersionPathSchema, req.params, 'params');
      noQuery(req);
      const body = parseInput(UpdateExpiryInputSchema, req.body ?? {}, 'body');
      const { actor, session_hash, client_ip, user_agent, request_id } = auditActor(req, res);
      const ctx = {
        user: currentUser(res),
        audit: { actor, session_hash, client_ip, user_agent, request_id },
        signal: res.locals.ctx.signal,
      };
      res.json(await versions.updateExpiry(ctx, path, body));
    },
    async audit(req, res) {
      const query = parseInput(AuditQuerySchema, req.query, 'query');
      res.json(await audit.list(viewer(req, res), query));
    },
    async auditExport(req, res) {
      const { limit: _l, cursor: _c, ...filter } = parseInput(AuditQuerySchema, req.query, 'query');
      const rows = audit.exportCsv(viewer(req, res), filter);
      const first = await rows.next(); // records the export (or fails closed) before any header is sent
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="audit-${new Date(now()).toISOString().slice(0, 10)}.csv"`,
      );
      if (!first.done) res.write(first.value);
      for await (const line of rows) res.write(line);
      res.end();
    },
    async auditVerify(req, res) {
      noQuery(req);
      res.json(await audit.verify(viewer(req, res)));
    },
  };

  for (const route of ROUTES as readonly (RouteSpec & { name: RouteName })[]) {
    const chain: RequestHandler[] = [];
    if (route.access !== 'public') {
      chain.push(sessionOrAnonymous);
      if (typeof route.access !== 'string') chain.push(requireRole(...route.access));
      chain.push(limitWith(route.kind === 'read' ? limits.read : limits.write, perSession));
    }
    chain.push(handlers[route.name]);
    app[route.method.toLowerCase() as 'get' | 'post' | 'put'](route.path, ...chain);
  }

  app.post('/csp-report', (_req, res) => res.status(204).end());
  serveSpa(app, config.staticDir);

  app.use((req: Request, _res: Response, next: NextFunction) => {
    const allowed = allowedMethods(req.path);
    if (allowed.length > 0) {
      return next(
        new AppError(405, 'method_not_allowed', `Use ${allowed.join(' or ')} on this path.`, undefined, {
          Allow: allowed.join(', '),
        }),
      );
    }
    next(notFound());
  });
  app.use(errorHandler({ audit: stores.audit, logger }));
  return { app, services: { auth, versions, bootstrap, audit } };
}

/** The sign-in routes: exact spellings, as the path rule and the case-sensitive router match them. */
const PUBLIC_PATHS = new Set<string>(ROUTES.filter((r) => r.access === 'public').map((r) => r.path));

function noQuery(req: Request): void {
  if (Object.keys(req.query).length > 0) parseInput(z.strictObject({}), req.query, 'query');
}

const matchers = ROUTES.map((r) => ({
  method: r.method,
  re: new RegExp('^' + r.path.replace(/\./g, '\\.').replace(/:[a-z]+/g, '[^/]+') + '$'),
}));

function allowedMethods(path: string): string[] {
  const methods = matchers.filter((m) => m.re.test(path)).map((m) => m.method);
  if (OPEN_ROUTES.includes(path as (typeof OPEN_ROUTES)[number])) methods.push('GET');
  return [...new Set(methods)];
}

/** The built SPA: hashed assets cached for a year, `index.html` never cached (it names the hashes). */
function serveSpa(app: Express, staticDir: string): void {
  if (!existsSync(join(staticDir, 'index.html'))) return;
  app.use(
    '/assets',
    express.static(join(staticDir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: false,
    }),
  );
  app.use(
    express.static(staticDir, {
      index: false,
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  );
  app.get(/^\/(?!api\/|bff\/|api$|bff$).*/, (req, res, next) => {
    if (pathKind(req.path) !== 'spa' || req.accepts(['html']) !== 'html') return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(staticDir, 'index.html'));
  });
}
