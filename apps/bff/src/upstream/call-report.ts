/**
 * One log line per failed upstream call: account, operation, pool, outcome (the BFF error code), statuses,
 * CSMS error code and request id, attempts. Never the error object, its message, headers or credentials.
 * An authentication failure is logged at error level with `alert: true` (security.md §1.7: "+ alert").
 */
import type { Logger } from 'pino';
import type { AppError } from '../errors.js';
import type { CallRecord } from './call-context.js';
import { failureFacts } from './error-map.js';
import type { Pool } from './types.js';

export interface FailedCall {
  account: string;
  operation: string;
  pool: Pool;
  error: unknown;
  appError: AppError;
  record: CallRecord | undefined;
}

export function reportFailure(logger: Logger, call: FailedCall): void {
  const { appError, record } = call;
  const details = appError.details ?? {};
  const line = {
    event: 'upstream_call_failed',
    account: call.account,
    operation: call.operation,
    pool: call.pool,
    outcome: appError.code,
    status: appError.status,
    ...failureFacts(call.error),
    csms_request_id: record?.requestId ?? details.csms_request_id,
    attempts: record?.attempts ?? 0,
    retry_budget_exhausted: record?.budgetExhausted === true ? true : undefined,
    retry_stopped_by_breaker: record?.breakerStopped === true ? true : undefined,
    breaker: details.breaker,
  };
  if (appError.code === 'upstream_auth')
    logger.error({ ...line, alert: true }, 'upstream authentication failed');
  else logger.warn(line, 'upstream call failed');
}
