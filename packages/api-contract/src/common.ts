/**
 * Building blocks shared by every part of the contract: the CSMS name rules (docs/csms-api.md §4) and the one
 * error shape. Messages are ours and never echo the offending value.
 *
 * The contract is written with `zod/mini` (the same zod, its functional API): the SPA parses every BFF answer
 * with these schemas on its first page, and classic zod's methods cannot be tree-shaken (issue 13). Classic
 * schemas (the BFF's own) compose with these ones, as both share zod's core.
 */
import { z } from 'zod/mini';

const pattern = (re: RegExp, rule: string) =>
  z.string({ error: 'must be a string' }).check(z.regex(re, { error: rule }));

/** A configured account's name (the BFF's own label for a CSMS project). */
export const AccountNameSchema = pattern(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must match ^[a-z0-9][a-z0-9-]{0,31}$');
export const SecretNameSchema = pattern(/^[a-zA-Z0-9_-]{1,64}$/, 'must match ^[a-zA-Z0-9_-]{1,64}$');
export const VersionIdSchema = pattern(/^v[0-9]{1,10}$/, 'must match ^v[0-9]{1,10}$');

/** Epoch milliseconds as CSMS carries them: a safe integer in [0, 9999999999999]. */
export const EpochMsSchema = z
  .number({ error: 'must be a number of epoch milliseconds' })
  .check(
    z.int({ error: 'must be an integer number of epoch milliseconds' }),
    z.minimum(0, { error: 'must be within [0, 9999999999999]' }),
    z.maximum(9_999_999_999_999, { error: 'must be within [0, 9999999999999]' }),
  );

/** The longest reason a change may carry, counted after trimming (the audit log keeps it as trimmed). */
export const REASON_MAX_CHARS = 500;

/**
 * A change's reason (single or batch): trimmed here, so the BFF stores and checks what the SPA counts, and
 * the limit applies to what is kept. Blank is "no reason" (`normalizeReason` in expiry-rules.ts).
 */
export const ReasonSchema = z
  .string({ error: 'must be a string' })
  .check(
    z.trim(),
    z.maxLength(REASON_MAX_CHARS, { error: `must be at most ${REASON_MAX_CHARS} characters` }),
  );

export const RoleSchema = z.enum(['admin', 'support', 'auditor']);
export type Role = z.infer<typeof RoleSchema>;

/** Every stable error code the BFF answers with. The SPA switches on these, never on messages. */
export const ErrorCodeSchema = z.enum([
  'invalid_input',
  'unauthenticated',
  'login_failed',
  'forbidden',
  'csrf_required',
  'version_not_eligible',
  'expiry_out_of_bounds',
  'confirmation_required',
  'not_found',
  'account_not_found',
  'secret_not_found',
  'version_not_found',
  'method_not_allowed',
  'expire_time_changed',
  'secret_not_enabled',
  'upstream_rejected',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'login_throttled',
  'upstream_auth',
  'upstream_error',
  'upstream_invalid_response',
  'upstream_throttled',
  'upstream_unavailable',
  'upstream_busy',
  'upstream_timeout',
  'audit_unavailable',
  'store_unavailable',
  'shutting_down',
  'internal_error',
  'batch_not_found',
  'batch_nothing_to_retry',
  'reason_required',
  // Advance warnings (issue 14)
  'rule_not_found',
  'channel_not_found',
  'delivery_not_found',
  /** A rule still names the channel: change the rule first. */
  'channel_in_use',
  /** Provisioned from NOTIFY_PROVISION_FILE: change it there. */
  'provisioned_read_only',
  /** A channel URL or SMTP host the BFF will not call (not HTTPS, or an internal address). */
  'channel_target_refused',
  /** No NOTIFY_KEY is configured, so channel credentials cannot be stored. */
  'notify_key_missing',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorBodySchema = z.object({
  error: z.object({
    code: ErrorCodeSchema,
    message: z.string(),
    details: z.optional(z.record(z.string(), z.unknown())),
    requestId: z.string(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** One field problem in `details.issues` of an `invalid_input` error. */
export const InputIssueSchema = z.object({ location: z.string(), path: z.string(), message: z.string() });
export type InputIssue = z.infer<typeof InputIssueSchema>;
