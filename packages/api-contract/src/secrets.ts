/** Secrets and their versions, as the BFF serves them: CSMS metadata only, never a value. */
import { z } from 'zod/mini';
import { int } from './int.js';
import {
  AccountNameSchema,
  EpochMsSchema,
  ReasonSchema,
  SecretNameSchema,
  VersionIdSchema,
} from './common.js';
import { ExpiryBucketSchema } from './expiry-bucket.js';
import { ChannelKindSchema, ConsoleNotifySchema } from './notify-shared.js';

export const SecretStateSchema = z.enum(['ENABLED', 'DISABLED', 'PENDING_DELETE', 'FROZEN']);
export type SecretState = z.infer<typeof SecretStateSchema>;

export const SecretPathSchema = z.strictObject({ account: AccountNameSchema, secret: SecretNameSchema });
export const VersionPathSchema = z.strictObject({
  account: AccountNameSchema,
  secret: SecretNameSchema,
  version: VersionIdSchema,
});
export type VersionPath = z.infer<typeof VersionPathSchema>;

const digits = (max: number) =>
  z
    .pipe(
      z
        .string({ error: 'must be given once' })
        .check(z.regex(/^[1-9][0-9]{0,3}$/, { error: `must be an integer 1-${max}` })),
      z.transform(Number),
    )
    .check(z.refine((n) => n <= max, { error: `must be an integer 1-${max}` }));

/**
 * `GET /api/accounts/:account/secrets`. Query values arrive as strings; a repeated key (an array) or an
 * unknown key is refused (docs/security.md V2). `name` (case-insensitive substring) and `state` filter the CSMS
 * pages on the BFF, which scans at most 20 CSMS pages per request.
 */
export const SecretListQuerySchema = z.strictObject({
  limit: z.optional(digits(100)),
  marker: z.optional(SecretNameSchema),
  name: z.optional(
    z
      .string({ error: 'must be given once' })
      .check(z.regex(/^[a-zA-Z0-9_-]{1,64}$/, { error: 'must be 1-64 letters, digits, _ or -' })),
  ),
  state: z.optional(SecretStateSchema),
});
export type SecretListQuery = z.infer<typeof SecretListQuerySchema>;

export const SecretSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  state: SecretStateSchema,
  secret_type: z.nullable(z.string()),
  kms_key_id: z.nullable(z.string()),
  description: z.nullable(z.string()),
  create_time: z.nullable(int()),
  update_time: z.nullable(int()),
  scheduled_delete_time: z.nullable(int()),
  event_subscriptions: z.array(z.string()),
});
export type SecretSummary = z.infer<typeof SecretSummarySchema>;

/**
 * A listed secret, with its expiry from the fleet scan's cache (issue 11 item 4) when the cache holds the
 * secret: the earliest expiry of its versions (null when none expires) and the most urgent bucket among them
 * (`worstBucket`). Both are absent when the cache does not hold the secret (no scan yet, the scan has not
 * reached it, or its read failed). Optional, so an answer without them still parses.
 */
export const SecretListItemSchema = z.extend(SecretSummarySchema, {
  nearest_expire_time: z.optional(z.nullable(int())),
  worst_bucket: z.optional(ExpiryBucketSchema),
});
export type SecretListItem = z.infer<typeof SecretListItemSchema>;

export const SecretListSchema = z.object({
  secrets: z.array(SecretListItemSchema),
  /** Pass as `marker` for the next page; null when the listing ended. */
  next_marker: z.nullable(z.string()),
  /** True when the BFF stopped scanning at its page cap before filling the page. */
  truncated: z.boolean(),
  /**
   * When the fleet scan the expiries come from started (epoch ms, as the fleet view's `scanned_at`); null
   * when the account has no scan yet. The list only reads the cache: it never starts a scan.
   */
  expiry_scanned_at: z.optional(z.nullable(int())),
});
export type SecretList = z.infer<typeof SecretListSchema>;

export const VersionSchema = z.object({
  id: z.string(),
  create_time: z.nullable(int()),
  /** Epoch ms; null when the version never expires. */
  expire_time: z.nullable(int()),
  version_stages: z.array(z.string()),
});
export type Version = z.infer<typeof VersionSchema>;

export const NotificationRecordSchema = z.object({
  event_name: z.nullable(z.string()),
  trigger_event_type: z.nullable(z.string()),
  create_time: z.nullable(int()),
  notification_status: z.nullable(z.string()),
  notification_target_name: z.nullable(z.string()),
  /** From the record's content, when it names one. */
  version_id: z.nullable(z.string()),
});
export type NotificationRecord = z.infer<typeof NotificationRecordSchema>;

/**
 * Will anyone be told when a version expires? `will_notify` is true only when the secret subscribes to an
 * event that exists, is ENABLED and includes SECRET_VERSION_EXPIRED, and CSMS's newest record of a version
 * expiry for the secret (if any) did not fail; `reason` says which link is missing (`records_failing`: that
 * newest record says FAIL or INVALID).
 */
export const NotificationStatusSchema = z.object({
  will_notify: z.boolean(),
  reason: z.enum([
    'ok',
    'not_subscribed',
    'event_missing',
    'event_disabled',
    'event_type_missing',
    'records_failing',
  ]),
  event: z.nullable(
    z.object({
      name: z.string(),
      state: z.nullable(z.enum(['ENABLED', 'DISABLED'])),
      event_types: z.array(z.string()),
      includes_version_expired: z.boolean(),
      target_type: z.nullable(z.string()),
      target_name: z.nullable(z.string()),
    }),
  ),
  /** The most recent notification records for this secret (CSMS keeps 3 months), newest first. */
  records: z.array(NotificationRecordSchema),
});
export type NotificationStatus = z.infer<typeof NotificationStatusSchema>;

/**
 * Will the console's own advance warnings (issue 14) reach anyone about this secret? Answered for the
 * version carrying SYSCURRENT (the one whose expiry breaks things; a secret without it: as for a version
 * with no stage): the enabled rules covering it, the channels they name (`failing` as the channel list says;
 * `last_sent_at` null = never delivered), and the same `status` the fleet board shows as `console_notify`.
 */
export const ConsoleNotificationSchema = z.object({
  status: ConsoleNotifySchema,
  rules: z.array(z.object({ id: z.string(), name: z.string() })),
  channels: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: ChannelKindSchema,
      failing: z.boolean(),
      last_sent_at: z.nullable(int()),
    }),
  ),
});
export type ConsoleNotification = z.infer<typeof ConsoleNotificationSchema>;

export const SecretDetailSchema = z.object({
  secret: SecretSummarySchema,
  versions: z.array(VersionSchema),
  notification: NotificationStatusSchema,
  console_notification: ConsoleNotificationSchema,
  /** The BFF's clock when it answered (epoch ms), for "expired" and "in 3 days" shown consistently. */
  server_time: int(),
});
export type SecretDetail = z.infer<typeof SecretDetailSchema>;

/**
 * `PUT .../versions/:version`. `expected_expire_time` is what the editor saw (null: no expiry); when CSMS
 * holds something else now, the BFF answers 409 `expire_time_changed` with the current value.
 */
export const UpdateExpiryInputSchema = z.strictObject({
  expire_time: EpochMsSchema,
  expected_expire_time: z.nullable(EpochMsSchema),
  /** Required (non-blank) when the policy's `reason_required` is on, else 422 `reason_required`. */
  reason: z.optional(ReasonSchema),
  /**
   * The secret's name, typed by the user: required when the change pulls the live version's expiry under
   * 7 days (`isPullingLiveExpiry`); otherwise ignored. A missing or different value is 422
   * `confirmation_required`, so it is any string up to a secret name's length here.
   */
  confirm: z.optional(
    z
      .string({ error: 'must be a string' })
      .check(z.maxLength(64, { error: 'must be at most 64 characters' })),
  ),
});
export type UpdateExpiryInput = z.infer<typeof UpdateExpiryInputSchema>;

export const UpdateExpiryResultSchema = z.object({
  version: VersionSchema,
  /** The audit entry of the change's outcome. */
  audit_id: z.string(),
});
export type UpdateExpiryResult = z.infer<typeof UpdateExpiryResultSchema>;

export { EpochMsSchema };
