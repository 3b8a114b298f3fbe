/**
 * The fleet scan's cache and lease (migration 4; each secret's notify answer: migration 6). Every replica
 * reads the same scans; one replica per account scans at a time. A lease is one atomic upsert that succeeds
 * when the account has no lease or only one that ran out (its scanner crashed); the scanner renews it
 * whenever it writes progress and gives it up when it finishes. Ending a scan deletes the account's older
 * scans (their secrets go with them).
 */
import type { Db, FleetScanRow, FleetSecretRow, FleetStore } from './types.js';

interface ScanRecord {
  scan_id: string;
  account: string;
  started_at: string | number;
  finished_at: string | number | null;
  secrets_total: number;
  list_error_code: string | null;
  list_error_message: string | null;
  lease_until: string | number | null;
  scanned: string | number;
}

const num = (v: string | number) => Number(v);

export function createFleetStore(db: Db): FleetStore {
  return {
    async claim({ account, scanId, owner, now, leaseMs }) {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ scan_id: string }>(
          `INSERT INTO fleet_scan_leases (account, scan_id, owner, until) VALUES ($1, $2, $3, $4::bigint)
           ON CONFLICT (account) DO UPDATE
             SET scan_id = EXCLUDED.scan_id, owner = EXCLUDED.owner, until = EXCLUDED.until
             WHERE fleet_scan_leases.until <= $5::bigint
           RETURNING scan_id`,
          [account, scanId, owner, now + leaseMs, now],
        );
        if (rows.length !== 1) return false;
        await tx.query('INSERT INTO fleet_scans (scan_id, account, started_at) VALUES ($1, $2, $3::bigint)', [
          scanId,
          account,
          now,
        ]);
        return true;
      });
    },

    async progress({ account, scanId, owner, now, leaseMs, secretsTotal, secrets }) {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query(
          `UPDATE fleet_scan_leases SET until = $4::bigint
            WHERE account = $1 AND scan_id = $2 AND owner = $3 RETURNING account`,
          [account, scanId, owner, now + leaseMs],
        );
        if (rows.length !== 1) return false;
        await tx.query('UPDATE fleet_scans SET secrets_total = $2 WHERE scan_id = $1', [
          scanId,
          secretsTotal,
        ]);
        if (secrets.length > 0) {
          await tx.query(
            `INSERT INTO fleet_scan_secrets
               (scan_id, secret, secret_state, versions, error_code, error_message, notify)
             SELECT $1::text, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
             ON CONFLICT (scan_id, secret) DO NOTHING`,
            [
              scanId,
              secrets.map((s) => s.secret),
              secrets.map((s) => s.secretState),
              secrets.map((s) => (s.versions === null ? null : JSON.stringify(s.versions))),
              secrets.map((s) => s.error?.code ?? null),
              secrets.map((s) => s.error?.message ?? null),
              secrets.map((s) => s.notify),
            ],
          );
        }
        return true;
      });
    },

    async finish({ account, scanId, owner, now, listError }) {
      await db.transaction(async (tx) => {
        const { rows } = await tx.query(
          'DELETE FROM fleet_scan_leases WHERE account = $1 AND scan_id = $2 AND owner = $3 RETURNING account',
          [account, scanId, owner],
        );
        if (rows.length !== 1) return; // lost the lease: a newer scan owns the account now
        await tx.query(
          `UPDATE fleet_scans SET finished_at = $2::bigint, list_error_code = $3, list_error_message = $4
            WHERE scan_id = $1`,
          [scanId, now, listError?.code ?? null, listError?.message ?? null],
        );
        // A complete scan replaces every older one; a failed listing keeps the last complete scan.
        await tx.query(
          `DELETE FROM fleet_scans WHERE account = $1 AND scan_id <> $2
             AND ($3::boolean OR finished_at IS NULL OR list_error_code IS NOT NULL)`,
          [account, scanId, listError === undefined],
        );
      });
    },

    async scans(account, now) {
      const { rows } = await db.query<ScanRecord>(
        `SELECT s.scan_id, s.account, s.started_at, s.finished_at, s.secrets_total, s.list_error_code,
                s.list_error_message, l.until AS lease_until,
                (SELECT count(*) FROM fleet_scan_secrets f WHERE f.scan_id = s.scan_id) AS scanned
           FROM fleet_scans s
           LEFT JOIN fleet_scan_leases l ON l.scan_id = s.scan_id AND l.until > $2::bigint
          WHERE s.account = $1
          ORDER BY s.started_at DESC, s.scan_id DESC`,
        [account, now],
      );
      return rows.map((r): FleetScanRow => ({
        scanId: r.scan_id,
        account: r.account,
        startedAt: num(r.started_at),
        finishedAt: r.finished_at === null ? null : num(r.finished_at),
        secretsTotal: r.secrets_total,
        secretsScanned: num(r.scanned),
        listError:
          r.list_error_code === null
            ? null
            : { code: r.list_error_code, message: r.list_error_message ?? '' },
        running: r.lease_until !== null,
      }));
    },

    async secrets(scanId) {
      const { rows } = await db.query<{
        secret: string;
        secret_state: string | null;
        versions: string | null;
        error_code: string | null;
        error_message: string | null;
        notify: string | null;
      }>(
        `SELECT secret, secret_state, versions, error_code, error_message, notify FROM fleet_scan_secrets
          WHERE scan_id = $1 ORDER BY secret`,
        [scanId],
      );
      return rows.map((r): FleetSecretRow => ({
        secret: r.secret,
        secretState: r.secret_state,
        versions: r.versions === null ? null : (JSON.parse(r.versions) as FleetSecretRow['versions']),
        error: r.error_code === null ? null : { code: r.error_code, message: r.error_message ?? '' },
        notify: r.notify,
      }));
    },
  };
}
