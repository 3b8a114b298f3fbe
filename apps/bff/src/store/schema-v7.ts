/**
 * Migration 7: the audit page's reads (issue 12).
 * - `audit_log_settled`: the settled expiry changes (`success`, `reconciled`) by version, newest last, so the
 *   last value the console set on each version of an account (outside changes) is one backward walk of a
 *   small index rather than of every row of the account.
 * The events view pairs intents and outcomes through `audit_log_intent` (migration 1) and filters a batch
 * through `audit_log_batch` (migration 5); it needs no index of its own.
 * (Version 6 is another change's; versions are applied by number, not order.)
 */
export const SCHEMA_V7: readonly string[] = [
  `CREATE INDEX audit_log_settled ON audit_log (account, secret, version, seq)
     WHERE action = 'version.update' AND outcome IN ('success', 'reconciled')`,
];
