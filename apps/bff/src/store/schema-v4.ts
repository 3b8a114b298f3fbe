/**
 * Migration 4: the fleet scan's cache (issue 11 item 1), shared by every replica.
 * - `fleet_scans`: one row per scan of an account; `finished_at` is set when it ended, `list_error_*` when
 *   its listing of secrets failed (then it is not complete). Older scans are deleted when a newer one ends.
 * - `fleet_scan_secrets`: one row per secret a scan read, written in batches as the scan goes, so any
 *   replica can answer with the progress so far; `versions` (JSON) or the error that stopped the read.
 * - `fleet_scan_leases`: one row per account naming the scan that runs now; taken with one atomic upsert
 *   like `intent_claims` (migration 3), renewed while the scan writes, and taken over once it ran out (its
 *   scanner crashed), so one scan per account runs at a time across replicas.
 */
export const SCHEMA_V4: readonly string[] = [
  `CREATE TABLE fleet_scans (
    scan_id text PRIMARY KEY,
    account text NOT NULL,
    started_at bigint NOT NULL,
    finished_at bigint,
    secrets_total integer NOT NULL DEFAULT 0,
    list_error_code text,
    list_error_message text
  )`,
  `CREATE INDEX fleet_scans_account ON fleet_scans (account, started_at)`,
  `CREATE TABLE fleet_scan_secrets (
    scan_id text NOT NULL REFERENCES fleet_scans (scan_id) ON DELETE CASCADE,
    secret text NOT NULL,
    secret_state text,
    versions text,
    error_code text,
    error_message text,
    PRIMARY KEY (scan_id, secret)
  )`,
  `CREATE TABLE fleet_scan_leases (
    account text PRIMARY KEY,
    scan_id text NOT NULL,
    owner text NOT NULL,
    until bigint NOT NULL
  )`,
];
