/**
 * `createUpstream`: the BFF's one door to CSMS (types.ts). A call, top to bottom:
 *   1. checks the account (nothing is sent for an unknown one) and that the BFF is not shutting down;
 *   2. takes a bulkhead slot in its pool (bulkhead.ts);
 *   3. runs `fn` with the account's client (accounts.ts) and a signal that fires on the caller's abort or on
 *      shutdown. The client's transport asks the account's breaker (breaker.ts) and retry budget
 *      (retry-budget.ts) itself, and hands back `$metadata` (request id, attempts) on its output and errors;
 *   4. failures come out as `AppError`s (error-map.ts). Each call is counted, timed and, when it fails,
 *      logged once here.
 */
import type { Account } from '@csms-console/api-contract';
import { CsmsError, type TransportOptions } from '@csms-console/csms-client';
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
import { CallSignals } from './call-signals.js';
import { failureFacts, shuttingDownError, toAppError } from './error-map.js';
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
      const attempt = async () => {
        const started = now();
        metrics.upstreamInFlight.inc({ pool });
        try {
          return await fn(runtime.client, signal);
        } finally {
          metrics.upstreamInFlight.dec({ pool });
          metrics.upstreamDuration.observe({ account, operation }, Math.max(0, now() - started) / 1000);
        }
      };
      const running = pools[pool].run(attempt, signal);
      inFlight.add(running);
      try {
        const value = await running;
        metrics.upstreamCalls.inc({ account, operation, outcome: 'ok' });
        return value;
      } catch (error) {
        const context = { notFound: callOptions.notFound, aborted: signal.aborted, redact };
        const appError = toAppError(error, { ...context, shuttingDown: signals.closed });
        metrics.upstreamCalls.inc({ account, operation, outcome: appError.code });
        reportFailure(logger, { account, operation, pool }, error, appError);
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

/**
 * One log line per failed upstream call: account, operation, pool, outcome (the BFF error code), statuses,
 * CSMS error code, request id and attempts (the client's `$metadata`), and why retrying stopped early. Never
 * the error object, its message, headers or credentials. An authentication failure is logged at error level
 * with `alert: true` (docs/security.md §1.7: "+ alert").
 */
function reportFailure(
  logger: Logger,
  call: { account: string; operation: string; pool: Pool },
  error: unknown,
  appError: AppError,
): void {
  const meta = error instanceof CsmsError ? error.$metadata : undefined;
  const details = appError.details ?? {};
  const line = {
    event: 'upstream_call_failed',
    ...call,
    outcome: appError.code,
    status: appError.status,
    ...failureFacts(error),
    csms_request_id: meta?.requestId ?? details.csms_request_id,
    attempts: meta?.attempts ?? 0,
    retry_budget_exhausted: meta?.retryRefusedBy === 'retry-quota' ? true : undefined,
    retry_stopped_by_breaker: meta?.retryRefusedBy === 'breaker' ? true : undefined,
    breaker: details.breaker,
  };
  if (appError.code === 'upstream_auth')
    logger.error({ ...line, alert: true }, 'upstream authentication failed');
  else logger.warn(line, 'upstream call failed');
}
