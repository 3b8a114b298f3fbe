/**
 * `createApp(deps)`: middleware -> the feature routers, mounted from the inventory (routes.ts) -> SPA ->
 * not-found / 405 -> error handler. No `listen` here; tests run it on port 0, `main.ts`
 * in production.
 */
import { MAX_BATCH_ITEMS, normalizeReason } from '@csms-console/api-contract';
import express, { type Express, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import { accountsRouter } from './features/accounts/accounts.router.js';
import { AuditService } from './features/audit/audit.service.js';
import { auditRouter } from './features/audit/audit.router.js';
import { OutsideChangesService } from './features/audit/outside-changes.js';
import { fleetRouter } from './features/fleet/fleet.router.js';
import { FleetService } from './features/fleet/fleet.service.js';
import { BatchRunner } from './features/batches/batch-runner.js';
import { batchesRouter } from './features/batches/batches.router.js';
import { BatchesService } from './features/batches/batches.service.js';
import { authRouter } from './features/auth/auth.router.js';
import { AuthService } from './features/auth/auth.service.js';
import { Bootstrap } from './features/auth/bootstrap.js';
import { LoginThrottle, throttleSettings, type ThrottleSettings } from './features/auth/login-throttle.js';
import { notifyConfigRouter } from './features/notify/notify-config.router.js';
import { NotifyConfigService } from './features/notify/notify-config.service.js';
import { healthRouter } from './features/health/health.router.js';
import { deliveriesRouter } from './features/notify/deliveries.router.js';
import { createSender } from './features/notify/channels/index.js';
import { createNotifyEngine, type NotifyWiring } from './features/notify/wiring.js';
import type { NotifyEngine } from './features/notify/notify-engine.js';
import { HealthService, type Lifecycle } from './features/health/health.service.js';
import { secretsRouter } from './features/secrets/secrets.router.js';
import { SecretsService } from './features/secrets/secrets.service.js';
import { versionsRouter } from './features/versions/versions.router.js';
import { VersionsService } from './features/versions/versions.service.js';
import { accessLog } from './http/access-log.js';
import { compressAnswers } from './http/compress.js';
import { anonymousLimit } from './http/anonymous-limit.js';
import { jsonBody } from './http/body.js';
import { requestContext } from './http/context.js';
import { csrfGuard, methodGuard } from './http/csrf.js';
import { errorHandler } from './http/error-handler.js';
import { securityHeaders } from './http/headers.js';
import { mountRoutes } from './http/mount-routes.js';
import { pathRule } from './http/path-rule.js';
import { createRequestLimits, limitWith } from './http/rate-limit.js';
import { requireSession } from './http/session.js';
import { serveSpa } from './http/spa.js';
import { unmatched } from './http/unmatched.js';
import type { Metrics } from './metrics.js';
import type { RouteName } from './routes.js';
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
  /** Advance warnings' configuration reader and sender (features/notify/wiring.ts has the defaults). */
  notify?: NotifyWiring;
}

export interface App {
  app: Express;
  services: {
    auth: AuthService;
    versions: VersionsService;
    bootstrap: Bootstrap;
    audit: AuditService;
    fleet: FleetService;
    batches: BatchesService;
    batchRunner: BatchRunner;
    /** Advance warnings' engine: `start()` (main.ts startJobs) runs its job queue, `stop()` before closing. */
    notify: NotifyEngine;
    notifyConfig: NotifyConfigService;
  };
}

/**
 * Writes counted per route (docs/security.md R2): one, except that a batch counts one per item it sends, on
 * the batch-item budget: its items when created (1 when the body is not a list: it is refused anyway), the
 * items it would retry.
 */
const BATCH_ROUTES = new Set<RouteName>(['createBatch', 'retryBatch']);

function writeCost(name: RouteName, batches: BatchesService, reasonRequired: boolean) {
  if (name === 'createBatch') {
    return (req: Request) => {
      const body = req.body as { items?: unknown; reason?: unknown } | undefined;
      // A batch refused for its missing reason (422 before anything is read or stored) counts as one request,
      // not its items: otherwise the corrected batch would wait out the minute. A dry run needs no reason.
      const reason = typeof body?.reason === 'string' ? body.reason : undefined;
      if (reasonRequired && req.query.dry_run === undefined && normalizeReason(reason) === undefined)
        return 1;
      const items = body?.items;
      return Array.isArray(items) ? Math.min(Math.max(items.length, 1), MAX_BATCH_ITEMS + 1) : 1;
    };
  }
  if (name === 'retryBatch') return (req: Request) => batches.retryCost(req.params);
  return () => 1;
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
  const versions = new VersionsService({
    upstream,
    audit: stores.audit,
    policy: config.policy,
    metrics,
    logger,
    now,
  });
  const batchRunner = new BatchRunner({
    store: stores.batches,
    versions,
    logger,
    now,
    concurrency: config.batches.concurrency,
    leaseMs: config.batches.leaseMs,
    shutdown: deps.shutdown,
  });
  const batches = new BatchesService({
    store: stores.batches,
    versions,
    runner: batchRunner,
    upstream,
    now,
    concurrency: config.batches.concurrency,
  });
  const audit = new AuditService(stores.audit, metrics);
  const fleet = new FleetService({
    upstream,
    store: stores.fleet,
    notifyHealth: stores.notifyHealth,
    now,
    logger,
    settings: { maxAgeMs: config.fleet.maxAgeMs, concurrency: config.upstream.scanConcurrency },
  });
  const secrets = new SecretsService(
    upstream,
    now,
    config.upstream.notificationCacheMs,
    fleet,
    stores.notifyHealth,
  );
  const notifyConfig = new NotifyConfigService({
    store: stores.notifyConfig,
    audit: stores.audit,
    key: config.notify.key,
    allowHosts: config.notify.allowHosts,
    upstream,
    now,
    metrics,
    logger,
  });
  const notify = createNotifyEngine(
    { config, stores, upstream, fleet, metrics, logger, now },
    {
      config: notifyConfig,
      send: createSender({
        allowHosts: config.notify.allowHosts,
        sendTimeoutMs: config.notify.sendTimeoutMs,
      }),
      ...deps.notify,
    },
  );
  const health = new HealthService({ stores, upstream, metrics, lifecycle: deps.lifecycle });

  const limits = createRequestLimits(stores, config.limits);
  const sessionDeps = { sessions: stores.sessions, settings: config.session, now, logger };
  const anonymous = anonymousLimit(limits.anon);
  const perSession = (_req: Request, res: Response) => res.locals.ctx.sessionHash ?? '';

  app.use(requestContext(deps.shutdown));
  app.use(accessLog(logger, metrics));
  app.use(securityHeaders);
  app.use(compressAnswers());
  app.use(methodGuard);
  app.use(pathRule);
  app.use(anonymous.signedOut); // not signed in: the per-IP limit (http/anonymous-limit.ts)
  app.use(csrfGuard(config.publicOrigins));
  app.use(jsonBody);

  mountRoutes(
    app,
    {
      session: anonymous.sessionOrAnonymous(requireSession(sessionDeps)),
      sessionPeek: anonymous.sessionOrAnonymous(requireSession({ ...sessionDeps, touch: false })),
      limit: (kind, name) =>
        limitWith(
          kind === 'read' ? limits.read : BATCH_ROUTES.has(name) ? limits.batchItems : limits.write,
          perSession,
          writeCost(name, batches, config.policy.reasonRequired),
        ),
    },
    [
      authRouter({ auth, bootstrap, session: config.session }),
      accountsRouter(upstream),
      secretsRouter(secrets, upstream),
      versionsRouter(versions),
      auditRouter(audit, new OutsideChangesService({ audit: stores.audit, fleet, upstream }), now),
      fleetRouter(fleet),
      batchesRouter(batches),
      notifyConfigRouter(notifyConfig),
      deliveriesRouter(notify, stores.audit),
    ],
    healthRouter(health),
  );
  app.post('/csp-report', (_req, res) => res.status(204).end());
  serveSpa(app, config.staticDir);

  app.use(unmatched);
  app.use(errorHandler({ audit: stores.audit, logger }));
  return {
    app,
    services: { auth, versions, bootstrap, audit, fleet, batches, batchRunner, notify, notifyConfig },
  };
}
