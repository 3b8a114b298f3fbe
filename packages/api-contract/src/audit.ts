/** `GET /api/audit`, its CSV export and the hash-chain check (docs/security.md §1.10). */
import { z } from 'zod';
import { RoleSchema } from './common.js';

export const AuditActionSchema = z.enum([
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.bootstrap',
  'session.revoked',
  'authz.denied',
  'request.rejected',
  'version.update',
  'audit.view',
  'audit.export',
  'audit.verify',
  'user.create',
  'user.password_reset',
  'user.role_change',
  'user.disable',
  'user.enable',
  'upstream.auth_failed',
]);
export type AuditAction = z.infer<typeof AuditActionSchema>;

/**
 * `intent` is written before a CSMS write and `success`/`failure`/`reconciled` after it; the other
 * actions are single rows with `ok`, `denied` or `rejected`.
 */
export const AuditOutcomeSchema = z.enum([
  'intent',
  'success',
  'failure',
  'reconciled',
  'ok',
  'denied',
  'rejected',
]);
export type AuditOutcome = z.infer<typeof AuditOutcomeSchema>;

const once = z.string({ error: 'must be given once' });
const epochQuery = once.regex(/^[0-9]{1,13}$/, { error: 'must be epoch milliseconds' }).transform(Number);

/** An audit row id (a ULID), or a batch id. */
const idQuery = once.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be an id from the audit log' });

/** The filters every audit view shares; each is given at most once (a repeated key is refused). */
const filterShape = {
  account: once.max(64).optional(),
  secret: once.max(64).optional(),
  version: once.max(16).optional(),
  actor: once.max(64).optional(),
  action: AuditActionSchema.optional(),
  /** Inclusive lower bound, epoch ms. */
  from: epochQuery.optional(),
  /** Exclusive upper bound, epoch ms. */
  to: epochQuery.optional(),
  /** Rows of one expiry batch (issue 11): `details.batch_id`. */
  batch: idQuery.optional(),
  /** One row by its id; in the events view, the whole change an intent or outcome id belongs to. */
  entry: idQuery.optional(),
};
const pageShape = {
  limit: once
    .regex(/^[1-9][0-9]{0,2}$/, { error: 'must be an integer 1-200' })
    .transform(Number)
    .refine((n) => n <= 200, { error: 'must be an integer 1-200' })
    .optional(),
  /** Opaque; from the previous page's `next_cursor`. */
  // At most 15 digits: a seq is a safe integer, and 19 digits could overflow the store's bigint (a 500).
  cursor: once.regex(/^[0-9]{1,15}$/, { error: 'must be a cursor from a previous page' }).optional(),
};
const inverted = (q: { from?: number | undefined; to?: number | undefined }) =>
  q.from === undefined || q.to === undefined || q.from < q.to;
const invertedIssue = { error: 'must be later than from', path: ['to'] };

/** `GET /api/audit` and `/api/audit/export.csv`: the raw rows, one per append (intents and outcomes apart). */
export const AuditQuerySchema = z
  .strictObject({ ...filterShape, outcome: AuditOutcomeSchema.optional(), ...pageShape })
  .refine(inverted, invertedIssue);
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/**
 * An event's outcome as people read it. An expiry change (`version.update`) is one event, its intent and
 * outcome paired: `applied` (CSMS holds the new value), `failed`, `reconciled` (settled after the fact by
 * reading CSMS back) or `pending` (no outcome yet: the call is in flight or awaits the reconciler). Other
 * actions keep their single row's outcome.
 */
export const AuditEventOutcomeSchema = z.enum([
  'applied',
  'failed',
  'reconciled',
  'pending',
  'ok',
  'denied',
  'rejected',
]);
export type AuditEventOutcome = z.infer<typeof AuditEventOutcomeSchema>;

/** `GET /api/audit/events` and `/api/audit/events.csv`: the audit page's view. */
export const AuditEventsQuerySchema = z
  .strictObject({ ...filterShape, outcome: AuditEventOutcomeSchema.optional(), ...pageShape })
  .refine(inverted, invertedIssue);
export type AuditEventsQuery = z.infer<typeof AuditEventsQuerySchema>;

export const AuditEntrySchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  at: z.number().int(),
  action: AuditActionSchema,
  outcome: AuditOutcomeSchema,
  actor: z.object({
    id: z.string().nullable(),
    name: z.string().nullable(),
    role: RoleSchema.nullable(),
    auth_method: z.string().nullable(),
  }),
  session_hash: z.string().nullable(),
  client_ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  target: z.object({
    account: z.string().nullable(),
    project_id: z.string().nullable(),
    secret: z.string().nullable(),
    version: z.string().nullable(),
  }),
  /** For `version.update`: `{expire_time}` read from CSMS just before the change, and the value after it. */
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  reason: z.string().nullable(),
  /** The intent row an outcome belongs to. */
  intent_id: z.string().nullable(),
  csms_request_id: z.string().nullable(),
  csms_error_code: z.string().nullable(),
  request_id: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  prev_hash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditPageSchema = z.object({
  entries: z.array(AuditEntrySchema),
  /** Pass as `cursor` for older entries; null at the end. */
  next_cursor: z.string().nullable(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;

export const AuditVerifySchema = z.object({
  intact: z.boolean(),
  rows_checked: z.number().int(),
  head_hash: z.string().nullable(),
  first_broken: z.object({ seq: z.number().int(), id: z.string(), problem: z.string() }).nullable(),
});
export type AuditVerify = z.infer<typeof AuditVerifySchema>;

/**
 * One event of the audit page. For an expiry change, `id`/`seq`/`at` are its outcome row's (the intent's
 * while `pending`), `intent` is the intent row, `before_expire_time` what CSMS held just before,
 * `requested_expire_time` what was asked and `after_expire_time` what CSMS held after (null while pending).
 */
export const AuditEventSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  at: z.number().int(),
  action: AuditActionSchema,
  outcome: AuditEventOutcomeSchema,
  actor: z.object({ name: z.string().nullable(), role: RoleSchema.nullable() }),
  account: z.string().nullable(),
  secret: z.string().nullable(),
  version: z.string().nullable(),
  before_expire_time: z.number().int().nullable(),
  requested_expire_time: z.number().int().nullable(),
  after_expire_time: z.number().int().nullable(),
  reason: z.string().nullable(),
  csms_request_id: z.string().nullable(),
  csms_error_code: z.string().nullable(),
  batch_id: z.string().nullable(),
  request_id: z.string().nullable(),
  client_ip: z.string().nullable(),
  intent: z.object({ id: z.string(), at: z.number().int() }).nullable(),
  /** What else the row recorded (a denial's route, an export's filter), as stored. */
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const AuditEventsPageSchema = z.object({
  events: z.array(AuditEventSchema),
  /** Pass as `cursor` for older events; null at the end. */
  next_cursor: z.string().nullable(),
});
export type AuditEventsPage = z.infer<typeof AuditEventsPageSchema>;

/**
 * `GET /api/accounts/:account/outside-changes` (issue 12 item 3): versions whose expiry in the newest fleet
 * scan differs from the last value this console set, i.e. someone changed it in the cloud console or the API.
 * A console change made after the scan started is not compared (the scan cannot have seen it).
 */
/**
 * A console change is compared with a scan only when it settled at least this long before the scan started:
 * the two times come from the clocks of two replicas, and the scan may have read the value before the change.
 */
export const OUTSIDE_CHANGES_SKEW_MS = 5_000;

export const OutsideChangeSchema = z.object({
  secret: z.string(),
  version: z.string(),
  /** What CSMS held when the scan read it (epoch ms; null: no expiry). */
  current_expire_time: z.number().int().nullable(),
  /** The value the console's last applied or reconciled change left. */
  console_expire_time: z.number().int().nullable(),
  /** When the console set it, by whom, and its audit row. */
  console_set_at: z.number().int(),
  console_actor: z.string().nullable(),
  console_entry: z.string(),
});
export type OutsideChange = z.infer<typeof OutsideChangeSchema>;

export const OutsideChangesSchema = z.object({
  /** When the scan compared against started; null before any scan (then `items` is empty). */
  scanned_at: z.number().int().nullable(),
  /** False while that scan is still running: versions it has not read yet are not compared. */
  complete: z.boolean(),
  /**
   * Why that scan stopped before listing every secret (then it never completes; the BFF tries again after a
   * while), or null. The secrets it did not list are not compared.
   */
  listing_error: z.object({ code: z.string(), message: z.string() }).nullable(),
  items: z.array(OutsideChangeSchema),
});
export type OutsideChanges = z.infer<typeof OutsideChangesSchema>;
