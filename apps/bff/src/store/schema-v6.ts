/**
 * Migration 6: the fleet scan keeps, per secret, whether CSMS will notify anyone when its versions expire
 * (issue 11, the board's "CSMS notifies" column): `fleet_scan_secrets.notify`, one of api-contract's
 * `FleetNotify` values. Nullable: rows of scans written before this migration have none and answer
 * `unknown` until the next scan replaces them.
 */
export const SCHEMA_V6: readonly string[] = ['ALTER TABLE fleet_scan_secrets ADD COLUMN notify text'];
