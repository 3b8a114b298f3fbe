/**
 * How a batch item's result is read off what the single change did (issue 11 item 2, docs/security.md B1):
 * - a refusal before anything was written (role, state, eligibility, bounds, confirmation, unknown version)
 *   is `refused`; a changed expiry is `conflict` with the value CSMS holds; any other error before the
 *   intent (a read that failed) is `failed`, with no audit row, as for a single change;
 * - once an intent is written the item takes its outcome row: `success`, or `reconciled` with the change
 *   applied, is `applied`; `failure`, or `reconciled` without it, is `failed`.
 */
import type { AuditEntry } from '@csms-console/api-contract';
import { AppError } from '../../errors.js';
import type { BatchItemResult } from '../../store/types.js';

const REFUSALS = new Set([
  'forbidden',
  'version_not_eligible',
  'expiry_out_of_bounds',
  'confirmation_required',
  'reason_required',
  'secret_not_enabled',
  'secret_not_found',
  'version_not_found',
]);

export function resultOfError(error: unknown): BatchItemResult {
  if (!(error instanceof AppError)) {
    return { status: 'failed', code: 'internal_error', message: 'The change could not be made.' };
  }
  const details = error.details ?? {};
  const csms = typeof details.csms_request_id === 'string' ? details.csms_request_id : null;
  if (error.code === 'expire_time_changed') {
    return {
      status: 'conflict',
      code: error.code,
      message: error.message,
      current_expire_time: (details.current_expire_time as number | null | undefined) ?? null,
    };
  }
  return {
    status: REFUSALS.has(error.code) ? 'refused' : 'failed',
    code: error.code,
    message: error.message,
    csms_request_id: csms,
  };
}

export function resultOfOutcome(outcome: AuditEntry): BatchItemResult {
  const held = (outcome.after?.expire_time as number | null | undefined) ?? null;
  const applied =
    outcome.outcome === 'success' || (outcome.outcome === 'reconciled' && outcome.details?.applied === true);
  if (applied) {
    return { status: 'applied', expire_time: held, csms_request_id: outcome.csms_request_id };
  }
  return {
    status: 'failed',
    code: outcome.csms_error_code ?? 'not_applied',
    message:
      outcome.outcome === 'reconciled'
        ? 'The change was not applied (settled by the reconciler after an interruption).'
        : 'CSMS did not apply the change.',
    csms_request_id: outcome.csms_request_id,
    expire_time: held,
  };
}
