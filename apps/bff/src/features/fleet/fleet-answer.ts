/**
 * A fleet answer from a scan's stored rows: each version with its bucket at `now` (api-contract's
 * `expiryBucket`), bounded by `within` (every expired version always included), and every secret whose read
 * failed, with its reason; each version carries its secret's notify answer (CSMS's, from the scan) and the
 * console's own (`consoleOf`, from the rules and channels as they are now), and `untold` counts, over every
 * version read whatever `within` is, those api-contract's `isUntold` finds. Pure: the service decides which
 * scan to answer from.
 */
import {
  ErrorCodeSchema,
  type ErrorCode,
  SecretStateSchema,
  expiryBucket,
  FleetNotifySchema,
  isUntold,
  isWithin,
  type ConsoleNotify,
  type FleetExpiry,
  type FleetFailure,
  type FleetItem,
} from '@csms-console/api-contract';
import type { FleetScanRow, FleetSecretRow } from '../../store/types.js';

export function fleetAnswer(
  scan: FleetScanRow | undefined,
  rows: readonly FleetSecretRow[],
  within: number | 'all',
  now: number,
  consoleOf: (stages: readonly string[]) => ConsoleNotify,
): FleetExpiry {
  const items: FleetItem[] = [];
  let untold = 0;
  const failed: FleetFailure[] = [];
  for (const row of rows) {
    if (row.error !== null || row.versions === null) {
      failed.push({
        secret: row.secret,
        code: codeOf(row.error?.code),
        message: row.error?.message ?? 'The scan could not read this secret.',
      });
      continue;
    }
    const state = SecretStateSchema.safeParse(row.secretState);
    // A row from before migration 6 has no answer (null): `unknown`, like an event the scan could not read.
    const notify = FleetNotifySchema.safeParse(row.notify).data ?? 'unknown';
    for (const v of row.versions) {
      const bucket = expiryBucket(v.expire_time, now);
      const consoleNotify = consoleOf(v.stages);
      if (isUntold({ expire_time: v.expire_time, notify, console_notify: consoleNotify }, now)) untold++;
      if (bucket !== 'expired' && !isWithin(v.expire_time, within, now)) continue;
      items.push({
        secret: row.secret,
        version: v.id,
        expire_time: v.expire_time,
        stages: v.stages,
        secret_state: state.success ? state.data : 'ENABLED',
        bucket,
        notify,
        console_notify: consoleNotify,
      });
    }
  }
  return {
    complete: scan !== undefined && scan.finishedAt !== null && scan.listError === null,
    scanned_at: scan?.startedAt ?? null,
    server_time: now,
    secrets_total: Math.max(scan?.secretsTotal ?? 0, rows.length),
    secrets_scanned: rows.length,
    failed,
    listing_error: scan?.listError
      ? { code: codeOf(scan.listError.code), message: scan.listError.message }
      : null,
    untold,
    items,
  };
}

function codeOf(code: string | undefined): ErrorCode {
  const parsed = ErrorCodeSchema.safeParse(code);
  return parsed.success ? parsed.data : 'internal_error';
}
