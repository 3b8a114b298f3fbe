/**
 * `createUpstream`: the BFF's one door to CSMS (types.ts). A call checks the account (nothing is sent for an
 * unknown one), takes a bulkhead slot in its pool, passes the account's breaker, then runs `fn` with the
 * account's client and a signal that fires on the caller's abort or on shutdown. Failures come out as
 * `AppError`s (error-map.ts); each call is counted, timed and, when it fails, logged once (call-report.ts).
 */
import type { Account } from '@csms-console/api-contract';
import type { TransportOptions } from '@csms-console/csms-client';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { AppError } from '../errors.js';
import type { Metrics } from '../metrics.js';
import {
  accountSecrets,
  createAccountRuntime,
  type AccountRuntime,
  type UpstreamAccountConfig,
} from './accounts.js';
import { Bulkhead } from './bulkhead.js';
import { withCallRecord, type CallRecord } from './call-context.js';
import { reportFailure } from './call-report.js';
import { CallSignals } from './call-signals.js';
import { attemptVerdict, shuttingDownError, toAppError } from './error-map.js';
import type { RetryBudgetOptions } from './retry-budget.js';
import type { BreakerState, Pool, Upstream } from './types.js';

export interface CreateUpstreamOptions {
  accounts: UpstreamAccountConfig[];
  settings: Config['upstream'];
  metrics: Metrics;
  logger: Logger;
  /** Clock of the breakers and latency metrics (epoch ms). */
  now?: () => number;
  /** Client transport settings, e.g. shorter timeouts in tests. */
  transport?: TransportOptions;
  /** Per-account retry budget; default 500 tokens, retry 5, timeout retry 10, success refund 1. */
  retryBudget?: Partial<RetryBudgetOptions>;
}

export function accountNotFound(): AppError {
  return new AppError(404, 'account_not_found', 'This account is not configured in the console.');
}

export function createUpstream(options: CreateUpstreamOptions): Upstream {
  const { settings, metrics, logger } = options;
  const now = options.now ?? Date.now;
  const signals = new CallSignals();
  const redact = options.accounts.flatMap(accountSecrets);
  const inFlight = new Set<Promise<unknown>>();
  const runtimes = new Map<string, AccountRuntime>();
  for (const config of options.accounts) {
    const account = config.name;
    metrics.breakerOpen.set({ account }, 0);
    const breaker = {
      threshold: settings.breakerThreshold,
      openMs: settings.breakerOpenMs,
      now,
      onStateChange: (state: BreakerState) =>
        metrics.breakerOpen.set({ account }, state === 'closed' ? 0 : 1),
    };
    const runtime = createAccountRuntime(config, {
      transport: options.transport,
      breaker,
      retryBudget: options.retryBudget,
    });
    runtimes.set(account, runtime);
  }
  const bulkhead = (name: Pool, maxConcurrent: number) =>
    new Bulkhead({ name, maxConcurrent, maxQueue: settings.queue, queueWaitMs: settings.queueWaitMs });
  // The fleet scan has its own pool (same queue rules) so that it never starves a person's click.
  const pools: Record<Pool, Bulkhead> = {
    interactive: bulkhead('interactive', settings.concurrency),
    scan: bulkhead('scan', settings.scanConcurrency),
  };

  const runtimeOf = (account: string): AccountRuntime => {
    const runtime = runtimes.get(account);
    if (!runtime) throw accountNotFound();
    return runtime;
  };

  const upstream: Upstream = {
    accounts: (): Account[] =>
      [...runtimes.values()].map(({ config }) => ({
        name: config.name,
        region: config.region,
        project_id: config.projectId,
        emulated: config.emulated ?? false,
      })),

    assertAccount: (account) => void runtimeOf(account),

    async call(account, operation, fn, callOptions = {}) {
      const runtime = runtimeOf(account);
      if (signals.closed) throw shuttingDownError();
      const pool = callOptions.pool ?? 'interactive';
      const { signal, release } = signals.open(callOptions.signal);
      let record: CallRecord | undefined;
      const attempt = async () => {
        const permit = runtime.breaker.acquire();
        const started = now();
        metrics.upstreamInFlight.inc({ pool });
        try {
          // The breaker hears each CSMS attempt from the transport, retries included, not the call's result.
          const tracked = withCallRecord(() => fn(runtime.client, signal), {
            attempt: (event) => permit.attempt(signal.aborted ? 'neutral' : attemptVerdict(event)),
            mayRetry: () => permit.mayRetry(),
          });
          record = tracked.record;
          return await tracked.result;
        } finally {
          permit.done();
          metrics.upstreamInFlight.dec({ pool });
          metrics.upstreamDuration.observe({ account, operation }, Math.max(0, now() - started) / 1000);
        }
      };
      const running = pools[pool].run(attempt, signal);
      inFlight.add(running);
      try {
        const value = await running;
        metrics.upstreamCalls.inc({ account, operation, outcome: 'ok' });
        return { value, requestId: record?.requestId, attempts: record?.attempts ?? 0 };
      } catch (error) {
        const context = { notFound: callOptions.notFound, aborted: signal.aborted, redact };
        const appError = toAppError(error, { ...context, shuttingDown: signals.closed });
        metrics.upstreamCalls.inc({ account, operation, outcome: appError.code });
        reportFailure(logger, { account, operation, pool, error, appError, record });
        throw appError;
      } finally {
        inFlight.delete(running);
        release();
      }
    },

    breakers: () => Object.fromEntries([...runtimes].map(([name, runtime]) => [name, runtime.breaker.state])),

    async close() {
      if (!signals.closed) signals.closeAll(shuttingDownError());
      await Promise.allSettled([...inFlight]);
      for (const runtime of runtimes.values()) runtime.transport.close();
    },
  };
  return upstream;
}
