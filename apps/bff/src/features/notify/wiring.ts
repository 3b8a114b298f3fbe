/**
 * Builds the advance-warning engine from the app's parts: the fleet scan (FleetService and its store's
 * lease), the configured accounts, the job-queue settings (config.notify), metrics hooks. The configuration
 * reader (the rules/channels store) and the sender (channels/ `createSender`) are given by the caller;
 * until they are wired, no rule exists and a send fails with `internal_error` (recorded, never a crash).
 */
import type { Logger } from 'pino';
import type { Config } from '../../config/config.js';
import { watchFailing, type Metrics } from '../../metrics.js';
import type { Stores } from '../../store/types.js';
import { accountSecrets } from '../../upstream/accounts.js';
import type { Upstream } from '../../upstream/types.js';
import type { FleetService } from '../fleet/fleet.service.js';
import { NotifyEngine, type NotifyEngineSettings } from './notify-engine.js';
import { DeliveryFailure, type NotifyConfigReader, type SendDigest } from './types.js';

export interface NotifyWiring {
  config?: NotifyConfigReader;
  send?: SendDigest;
  /** Overrides of the engine's settings (tests: short polling, no schedule). */
  settings?: Partial<NotifyEngineSettings>;
}

const NO_CONFIG: NotifyConfigReader = {
  rules: () => Promise.resolve([]),
  resolveChannel: () => Promise.resolve(undefined),
};
const NO_SENDER: SendDigest = () =>
  Promise.reject(new DeliveryFailure('internal_error', 'no sender is configured for this channel kind'));

export function createNotifyEngine(
  deps: {
    config: Config;
    stores: Stores;
    upstream: Upstream;
    fleet: FleetService;
    metrics: Metrics;
    logger: Logger;
    now: () => number;
  },
  wiring: NotifyWiring = {},
): NotifyEngine {
  const { config, stores, upstream, fleet, metrics, now } = deps;
  const engine = new NotifyEngine({
    db: stores.db,
    fleet: {
      current: (account) => fleet.current(account),
      cached: (account) => fleet.cached(account),
      running: async (account) => (await stores.fleet.scans(account, now())).some((s) => s.running),
    },
    accounts: () => upstream.accounts().map((a) => a.name),
    config: wiring.config ?? NO_CONFIG,
    send: wiring.send ?? NO_SENDER,
    now,
    logger: deps.logger,
    settings: {
      evaluateEveryMinutes: config.notify.evaluateEveryMinutes,
      retryLimit: config.notify.retryLimit,
      retryDelaySeconds: config.notify.retryDelaySeconds,
      sendTimeoutMs: config.notify.sendTimeoutMs,
      deliverExpireSeconds: config.notify.deliveryExpireSeconds,
      publicUrl: config.notify.publicUrl,
      ...wiring.settings,
    },
    onEvaluated: (result) => {
      metrics.notifyEvents.inc(result.events);
      metrics.notifyEvaluationDuration.observe(result.durationMs / 1000);
    },
    onAttempt: (kind, status) => metrics.notifyDeliveries.inc({ kind, status }),
    redact: config.accounts.flatMap(accountSecrets),
  });
  watchFailing(metrics, () => engine.deliveries.failing());
  return engine;
}
