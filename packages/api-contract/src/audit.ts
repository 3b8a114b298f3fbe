/** `GET /api/audit`, its CSV export and the hash-chain check (docs/security.md §1.10). */
import { z } from 'zod/mini';
import { int } from './int.js';
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
  'notify.rule_create',
  'notify.rule_update',
  'notify.rule_delete',
  'notify.channel_create',
  'notify.channel_update',
  'notify.channel_delete',
  'notify.channel_test',
  'notify.provision',
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
const epochQuery = z.pipe(
  once.check(z.regex(/^[0-9]{1,13}$/, { error: 'must be epoch milliseconds' })),
  z.transform(Number),
);

/** An audit row id (a ULID), or a batch id. */
const idQuery = once.check(
  z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be an id from the audit log' }),
);

/** The filters every audit view shares; each is given at most once (a repeated key is refused). */
const filterShape = {
  account: z.optional(once.check(z.maxLength(64))),
  secret: z.optional(once.check(z.maxLength(64))),
  version: z.optional(once.check(z.maxLength(16))),
  actor: z.optional(once.check(z.maxLength(64))),
  action: z.optional(AuditActionSchema),
  /** Inclusive lower bound, epoch ms. */
  from: z.optional(epochQuery),
  /** Exclusive upper bound, epoch ms. */
  to: z.optional(epochQuery),
  /** Rows of one expiry batch (issue 11): `details.batch_id`. */
  batch: z.optional(idQuery),
  /** One row by its id; in the events view, the whole change an intent or outcome id belongs to. */
  entry: z.optional(idQuery),
};
const pageShape = {
  limit: z.optional(
    z
      .pipe(
        once.check(z.regex(/^[1-9][0-9]{0,2}$/, { error: 'must be an integer 1-200' })),
        z.transform(Number),
      )
      .check(z.refine((n) => n <= 200, { error: 'must be an integer 1-200' })),
  ),
  /** Opaque; from the previous page's `next_cursor`. */
  // At most 15 digits: a seq is a safe integer, and 19 digits could overflow the store's bigint (a 500).
  cursor: z.optional(
    once.check(z.regex(/^[0-9]{1,15}$/, { error: 'must be a cursor from a previous page' })),
  ),
};
const inverted = (q: { from?: number | undefined; to?: number | undefined }) =>
  q.from === undefined || q.to === undefined || q.from < q.to;
const invertedIssue = { error: 'must be later than from', path: ['to'] };

/** `GET /api/audit` and `/api/audit/export.csv`: the raw rows, one per append (intents and outcomes apart). */
export const AuditQuerySchema = z
  .strictObject({ ...filterShape, outcome: z.optional(AuditOutcomeSchema), ...pageShape })
  .check(z.refine(inverted, invertedIssue));
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
  .strictObject({ ...filterShape, outcome: z.optional(AuditEventOutcomeSchema), ...pageShape })
  .check(z.refine(inverted, invertedIssue));
export type AuditEventsQuery = z.infer<typeof AuditEventsQuerySchema>;

export const AuditEntrySchema = z.object({
  id: z.string(),
  seq: int(),
  at: int(),
  action: AuditActionSchema,
  outcome: AuditOutcomeSchema,
  actor: z.object({
    id: z.nullable(z.string()),
    name: z.nullable(z.string()),
    role: z.nullable(RoleSchema),
    auth_method: z.nullable(z.string()),
  }),
  session_hash: z.nullable(z.string()),
  client_ip: z.nullable(z.string()),
  user_agent: z.nullable(z.string()),
  target: z.object({
    account: z.nullable(z.string()),
    project_id: z.nullable(z.string()),
    secret: z.nullable(z.string()),
    version: z.nullable(z.string()),
  }),
  /** For `version.update`: `{expire_time}` read from CSMS just before the change, and the value after it. */
  before: z.nullable(z.record(z.string(), z.unknown())),
  after: z.nullable(z.record(z.string(), z.unknown())),
  reason: z.nullable(z.string()),
  /** The intent row an outcome belongs to. */
  intent_id: z.nullable(z.string()),
  csms_request_id: z.nullable(z.string()),
  csms_error_code: z.nullable(z.string()),
  request_id: z.nullable(z.string()),
  details: z.nullable(z.record(z.string(), z.unknown())),
  prev_hash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditPageSchema = z.object({
  entries: z.array(AuditEntrySchema),
  /** Pass as `cursor` for older entries; null at the end. */
  next_cursor: z.nullable(z.string()),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;

export const AuditVerifySchema = z.object({
  intact: z.boolean(),
  rows_checked: int(),
  head_hash: z.nullable(z.string()),
  first_broken: z.nullable(z.object({ seq: int(), id: z.string(), problem: z.string() })),
});
export type AuditVerify = z.infer<typeof AuditVerifySchema>;

/**
 * One event of the audit page. For an expiry change, `id`/`seq`/`at` are its outcome row's (the intent's
 * while `pending`), `intent` is the intent row, `before_expire_time` what CSMS held just before,
 * `requested_expire_time` what was asked and `after_expire_time` what CSMS held after (null while pending).
 */
export const AuditEventSchema = z.object({
  id: z.string(),
  seq: int(),
  at: int(),
  action: AuditActionSchema,
  outcome: AuditEventOutcomeSchema,
  actor: z.object({ name: z.nullable(z.string()), role: z.nullable(RoleSchema) }),
  account: z.nullable(z.string()),
  secret: z.nullable(z.string()),
  version: z.nullable(z.string()),
  before_expire_time: z.nullable(int()),
  requested_expire_time: z.nullable(int()),
  after_expire_time: z.nullable(int()),
  reason: z.nullable(z.string()),
  csms_request_id: z.nullable(z.string()),
  csms_error_code: z.nullable(z.string()),
  batch_id: z.nullable(z.string()),
  request_id: z.nullable(z.string()),
  client_ip: z.nullable(z.string()),
  intent: z.nullable(z.object({ id: z.string(), at: int() })),
  /** What else the row recorded (a denial's route, an export's filter), as stored. */
  details: z.nullable(z.record(z.string(), z.unknown())),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const AuditEventsPageSchema = z.object({
  events: z.array(AuditEventSchema),
  /** Pass as `cursor` for older events; null at the end. */
  next_cursor: z.nullable(z.string()),
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
  current_expire_time: z.nullable(int()),
  /** The value the console's last applied or reconciled change left. */
  console_expire_time: z.nullable(int()),
  /** When the console set it, by whom, and its audit row. */
  console_set_at: int(),
  console_actor: z.nullable(z.string()),
  console_entry: z.string(),
});
export type OutsideChange = z.infer<typeof OutsideChangeSchema>;

export const OutsideChangesSchema = z.object({
  /** When the scan compared against started; null before any scan (then `items` is empty). */
  scanned_at: z.nullable(int()),
  /** False while that scan is still running: versions it has not read yet are not compared. */
  complete: z.boolean(),
  /**
   * Why that scan stopped before listing every secret (then it never completes; the BFF tries again after a
   * while), or null. The secrets it did not list are not compared.
   */
  listing_error: z.nullable(z.object({ code: z.string(), message: z.string() })),
  items: z.array(OutsideChangeSchema),
});
export type OutsideChanges = z.infer<typeof OutsideChangesSchema>;
