/**
 * Process entry: load config -> open the store -> CSMS accounts (or the embedded emulator) -> first-start
 * users -> createApp -> listen -> background jobs -> graceful shutdown (docs/security.md G1, G2, E3).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { RunningEmulator } from '@csms-console/csms-emulator';
import { createApp } from './app.js';
import { loadConfig, scrubEnv, type Config } from './config/config.js';
import { startDemoEmulator } from './demo.js';
import { hashPassword } from './features/auth/passwords.js';
import { loadNotifyKey } from './features/notify/notify-key.js';
import { provision } from './features/notify/provision.js';
import { answerClientErrors } from './http/client-error.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { takeLock } from './pglite-lock.js';
import { openStores } from './store/index.js';
import type { Stores } from './store/types.js';
import { createUpstream } from './upstream/upstream.js';

const DEMO_ROLES = ['admin', 'support', 'auditor'] as const;

async function main(): Promise<void> {
  const result = loadConfig({ env: process.env });
  if (!result.ok) {
    console.error(
      'The BFF cannot start; fix these settings:\n' + result.problems.map((p) => `  - ${p}`).join('\n'),
    );
    process.exit(2);
  }
  scrubEnv(process.env);
  const config = result.config;
  try {
    config.notify.key = loadNotifyKey(config);
  } catch (error) {
    console.error(`The BFF cannot start: ${(error as Error).message}`);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled rejection; exiting');
    process.exit(1);
  });
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception; exiting');
    process.exit(1);
  });

  const pgliteDir = config.databaseUrl ? undefined : join(config.dataDir, 'pglite');
  let releaseLock = () => {};
  try {
    if (pgliteDir) releaseLock = takeLock(pgliteDir);
  } catch (error) {
    console.error(`The BFF cannot start: ${(error as Error).message}`);
    process.exit(2);
  }
  process.once('exit', () => releaseLock());
  const stores = await openStores({ databaseUrl: config.databaseUrl?.reveal(), dataDir: pgliteDir });
  let emulator: RunningEmulator | undefined;
  let accounts = config.accounts.map((a) => ({ ...a, emulated: false }));
  if (accounts.length === 0) {
    const demo = await startDemoEmulator({ dataDir: config.dataDir, seed: config.emulatorSeed, logger });
    emulator = demo.emulator;
    accounts = [demo.account];
  }
  const metrics = createMetrics({ defaultMetrics: true });
  const upstream = createUpstream({ accounts, settings: config.upstream, metrics, logger });
  const lifecycle = { draining: false };
  const shutdownController = new AbortController();
  const now = () => Date.now();
  const { app, services } = createApp({
    config,
    stores,
    upstream,
    logger,
    metrics,
    now,
    lifecycle,
    shutdown: shutdownController.signal,
  });

  if (config.notify.provisionFile !== undefined) {
    try {
      const applied = await provision(services.notifyConfig, stores.notifyConfig, {
        file: config.notify.provisionFile,
        readFile: (path) => readFileSync(path, 'utf8'),
        env: process.env,
      });
      logger.info({ provisioned: applied }, 'notification rules and channels provisioned');
    } catch (error) {
      console.error(`The BFF cannot start: NOTIFY_PROVISION_FILE: ${(error as Error).message}`);
      await stores.close().catch(() => undefined);
      process.exit(2);
    }
  }

  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  answerClientErrors(server);
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;

  const firstStart = await firstStartUsers(stores, emulator !== undefined);
  const bootstrapToken = firstStart === undefined ? await services.bootstrap.issue() : undefined;
  printBanner({ url, config, accounts, emulator, firstStart, bootstrapToken });
  printReady({ url, port, firstStart });

  const timers = startJobs({ stores, config, services, logger, now });
  const stop = (signal: string) =>
    void shutdown({
      signal,
      shutdownDelayMs: config.shutdownDelayMs,
      server,
      lifecycle,
      shutdownController,
      stores,
      upstream,
      fleet: services.fleet,
      notify: services.notify,
      emulator,
      timers,
      logger,
    });
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

/** Demo mode's first start: one user per role with a random password, printed once (docs/security.md decisions). */
async function firstStartUsers(
  stores: Stores,
  demo: boolean,
): Promise<Array<{ name: string; password: string }> | undefined> {
  if (!demo || (await stores.users.count()) > 0) return undefined;
  const created = [];
  for (const role of DEMO_ROLES) {
    const password = randomBytes(15).toString('base64url');
    await stores.users.create({
      name: role,
      role,
      passwordHash: await hashPassword(password),
      now: Date.now(),
    });
    created.push({ name: role, password });
  }
  return created;
}

function printBanner(info: {
  url: string;
  config: Config;
  accounts: Array<{ name: string; region: string; projectId: string; emulated: boolean }>;
  emulator: RunningEmulator | undefined;
  firstStart: Array<{ name: string; password: string }> | undefined;
  bootstrapToken: string | undefined;
}): void {
  const lines = [``, `CSMS Version Console BFF listening on ${info.url}`];
  lines.push(
    existsSync(join(info.config.staticDir, 'index.html'))
      ? `  console:  open ${info.url} in a browser`
      : `  console:  the web app is not built (\`pnpm start\` builds it; API only until then)`,
  );
  lines.push(
    `  store:    ${info.config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${join(info.config.dataDir, 'pglite')}`}`,
  );
  for (const a of info.accounts) {
    lines.push(
      `  account:  ${a.name} (${a.region}, project ${a.projectId})${a.emulated ? ` on the embedded CSMS emulator at ${info.emulator?.url}` : ''}`,
    );
  }
  if (info.firstStart) {
    lines.push('', '  Demo sign-ins (shown only now; reset with `pnpm users reset-password <name>`):');
    for (const u of info.firstStart) lines.push(`    ${u.name.padEnd(8)} ${u.password}`);
  } else if (info.emulator) {
    lines.push(
      '',
      '  Demo users exist already (admin, support, auditor); `pnpm users reset-password <name>` sets a new password.',
    );
  }
  if (info.bootstrapToken) {
    lines.push('', '  No users yet. Create the first admin within 24 h, once, with:');
    lines.push(
      `    pnpm users add <name> --role admin     (or POST /bff/bootstrap with token ${info.bootstrapToken})`,
    );
  }
  console.log(lines.join('\n') + '\n');
}

/**
 * The ready signal for programs (tests, bench, e2e via @csms-console/process-kit): one JSON line whose first
 * key is `event`, which no pino line has. The first start's demo passwords go here too; they are on this
 * stdout once already, in the banner above.
 */
function printReady(info: {
  url: string;
  port: number;
  firstStart: Array<{ name: string; password: string }> | undefined;
}): void {
  console.log(
    JSON.stringify({
      event: 'ready',
      service: 'bff',
      url: info.url,
      port: info.port,
      ...(info.firstStart && { signIns: info.firstStart }),
    }),
  );
}

function startJobs(deps: {
  stores: Stores;
  config: Config;
  services: ReturnType<typeof createApp>['services'];
  logger: ReturnType<typeof createLogger>;
  now: () => number;
}): NodeJS.Timeout[] {
  // One run at a time per process; other replicas run theirs too, and intent claims keep them apart.
  let reconciling = false;
  const reconcile = () => {
    if (reconciling) return;
    reconciling = true;
    void deps.services.versions
      .reconcile(deps.now() - 2 * 60_000)
      .then((n) => n > 0 && deps.logger.info({ settled: n }, 'reconciled open audit intents'))
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'reconciler run failed'))
      .finally(() => (reconciling = false));
  };
  const sweep = () =>
    deps.stores.sessions
      .deleteExpired(deps.now(), deps.config.session.idleMs, deps.config.session.absoluteMs)
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'session sweep failed'));
  // Login counters past their window and block, and request counters past their minute (both indexed).
  const purgeLimits = () =>
    Promise.all([
      deps.stores.loginCounters.purgeExpired(deps.now()),
      deps.stores.rateLimits.purgeExpired(deps.now()),
    ]).catch((error: unknown) => deps.logger.warn({ err: error }, 'limit counter purge failed'));
  // Batches whose items nobody holds (a process died, or none picked them up yet): claimed item by item.
  const resumeBatches = () =>
    void deps.services.batchRunner
      .resume()
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'batch resume failed'));
  reconcile();
  resumeBatches();
  // Advance warnings: pg-boss on the store (schedule, evaluation and delivery workers). A failure to start
  // is logged, not fatal: the console serves on, and warnings resume on the next start.
  void deps.services.notify
    .start()
    .catch((error: unknown) => deps.logger.error({ err: error }, 'notification job queue did not start'));
  return [
    setInterval(resumeBatches, deps.config.reconcileIntervalMs).unref(),
    setInterval(reconcile, deps.config.reconcileIntervalMs).unref(),
    setInterval(() => void sweep(), 10 * 60_000).unref(),
    setInterval(() => void purgeLimits(), 10 * 60_000).unref(),
  ];
}

async function shutdown(deps: {
  signal: string;
  shutdownDelayMs: number;
  server: Server;
  lifecycle: { draining: boolean };
  shutdownController: AbortController;
  stores: Stores;
  upstream: ReturnType<typeof createUpstream>;
  fleet: { close(): Promise<void> };
  notify: { stop(timeoutMs?: number): Promise<void> };
  emulator: RunningEmulator | undefined;
  timers: NodeJS.Timeout[];
  logger: ReturnType<typeof createLogger>;
}): Promise<void> {
  const { logger } = deps;
  const hardExit = setTimeout(() => {
    logger.error('shutdown took longer than 25 s; exiting hard');
    process.exit(1);
  }, 25_000);
  hardExit.unref();
  logger.info({ signal: deps.signal }, 'shutting down: readiness off, draining');
  deps.lifecycle.draining = true;
  await new Promise((r) => setTimeout(r, deps.shutdownDelayMs));
  for (const t of deps.timers) clearInterval(t);
  const closed = new Promise<void>((resolve) => deps.server.close(() => resolve()));
  deps.server.closeIdleConnections();
  const drained = await Promise.race([
    closed.then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), 15_000)),
  ]);
  if (!drained) {
    deps.shutdownController.abort(new Error('shutdown'));
    deps.server.closeAllConnections();
  }
  await deps.notify
    .stop(5_000)
    .catch((error: unknown) => logger.warn({ err: error }, 'notification job queue did not stop cleanly'));
  await deps.fleet.close();
  await deps.upstream.close();
  await deps.stores.close();
  await deps.emulator?.close();
  logger.info('stopped');
  process.exit(0);
}

void main();
