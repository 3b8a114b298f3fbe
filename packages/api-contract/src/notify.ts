/**
 * Advance expiry warnings (issue 14): channels (where a warning goes), rules (which versions, which lead
 * times, which channels, which language) and the delivery log. Admins change rules and channels; every role
 * reads them. A channel's credentials (webhook URLs with their tokens, signing keys, SMTP passwords) are
 * write-only: an answer says which are set (`secrets_set`), never their values.
 */
import { z } from 'zod/mini';
import { int } from './int.js';
import { AccountNameSchema } from './common.js';
import { ChannelKindSchema, type ChannelKind } from './notify-shared.js';

// What other resources' schemas use lives in notify-shared.ts, so the SPA's entry does not carry the
// notification page's schemas (the secrets list's 150 KB wire budget); re-exported here as before.
export * from './notify-shared.js';

/** A rule's or a channel's id: a ULID. */
export const NotifyIdSchema = z
  .string({ error: 'must be a string' })
  .check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be an id' }));

export const NotifyIdPathSchema = z.strictObject({ id: NotifyIdSchema });
export type NotifyIdPath = z.infer<typeof NotifyIdPathSchema>;

export const NOTIFY_LANGUAGES = ['en', 'zh-CN'] as const;
export const NotifyLanguageSchema = z.enum(NOTIFY_LANGUAGES);
export type NotifyLanguage = z.infer<typeof NotifyLanguageSchema>;

const NAME_MAX = 80;
const NameSchema = z
  .string({ error: 'must be a string' })
  .check(
    z.trim(),
    z.minLength(1, { error: 'must not be blank' }),
    z.maxLength(NAME_MAX, { error: `must be at most ${NAME_MAX} characters` }),
  );

/** A URL carrying a token: a credential. HTTPS is checked here; the address it resolves to, by the BFF. */
const SecretUrlSchema = z.string({ error: 'must be a string' }).check(
  z.maxLength(2048, { error: 'must be at most 2048 characters' }),
  z.refine((s) => URL.canParse(s), { error: 'must be an absolute URL' }),
);
const SigningKeySchema = z
  .string({ error: 'must be a string' })
  .check(
    z.minLength(16, { error: 'must be at least 16 characters' }),
    z.maxLength(256, { error: 'must be at most 256 characters' }),
  );
const BotSecretSchema = z
  .string({ error: 'must be a string' })
  .check(
    z.minLength(1, { error: 'must not be empty' }),
    z.maxLength(256, { error: 'must be at most 256 characters' }),
  );
const EmailSchema = z
  .string({ error: 'must be a string' })
  .check(
    z.maxLength(254, { error: 'must be at most 254 characters' }),
    z.regex(/^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/, { error: 'must be an email address' }),
  );
const HostSchema = z
  .string({ error: 'must be a string' })
  .check(
    z.regex(/^[A-Za-z0-9.-]{1,253}$|^\[[0-9A-Fa-f:.]{2,45}\]$/, { error: 'must be a host name or address' }),
  );

/**
 * Creating a channel: every field of its kind. Updating (`PUT`) takes the same shape; a credential field
 * left out keeps the stored value (it is never sent back, so the SPA cannot echo it).
 * - webhook: JSON POSTed to `url`, signed with HMAC-SHA256 of `${timestamp}.${body}` under `signing_key`.
 * - feishu / dingtalk: the bot's webhook `url`, and its signing `secret` when the bot has "signature" on.
 * - wecom / slack: the bot's webhook `url` (its token is in it).
 * - email: SMTP over TLS (`tls`, usually 465) or STARTTLS (`starttls`, usually 587; refused without it).
 */
export const ChannelInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('webhook'),
    name: NameSchema,
    url: z.optional(SecretUrlSchema),
    signing_key: z.optional(SigningKeySchema),
  }),
  z.strictObject({
    kind: z.literal('feishu'),
    name: NameSchema,
    url: z.optional(SecretUrlSchema),
    secret: z.optional(z.nullable(BotSecretSchema)),
  }),
  z.strictObject({
    kind: z.literal('dingtalk'),
    name: NameSchema,
    url: z.optional(SecretUrlSchema),
    secret: z.optional(z.nullable(BotSecretSchema)),
  }),
  z.strictObject({ kind: z.literal('wecom'), name: NameSchema, url: z.optional(SecretUrlSchema) }),
  z.strictObject({ kind: z.literal('slack'), name: NameSchema, url: z.optional(SecretUrlSchema) }),
  z.strictObject({
    kind: z.literal('email'),
    name: NameSchema,
    smtp_host: HostSchema,
    smtp_port: int().check(z.minimum(1), z.maximum(65535)),
    smtp_security: z.enum(['tls', 'starttls']),
    smtp_user: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(254)))),
    smtp_password: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(1024)))),
    from: EmailSchema,
    to: z.array(EmailSchema).check(z.minLength(1), z.maxLength(50)),
  }),
]);
export type ChannelInput = z.infer<typeof ChannelInputSchema>;

/** The credential fields of each kind: write-only. */
export const CHANNEL_SECRET_FIELDS = {
  webhook: ['url', 'signing_key'],
  feishu: ['url', 'secret'],
  dingtalk: ['url', 'secret'],
  wecom: ['url'],
  slack: ['url'],
  email: ['smtp_password'],
} as const satisfies Record<ChannelKind, readonly string[]>;
/** Credential fields a channel cannot work without (checked on create). */
export const CHANNEL_REQUIRED_SECRETS = {
  webhook: ['url', 'signing_key'],
  feishu: ['url'],
  dingtalk: ['url'],
  wecom: ['url'],
  slack: ['url'],
  email: [],
} as const satisfies Record<ChannelKind, readonly string[]>;

export const DeliveryStatusSchema = z.enum(['pending', 'retrying', 'sent', 'failed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>;

/** Why a delivery attempt failed: stable codes, one sentence each in the SPA. */
export const DeliveryErrorCodeSchema = z.enum([
  /** The receiver answered an HTTP status outside 2xx (the status is in the message). */
  'receiver_status',
  /** HTTP 200, but the bot's own answer says no (Feishu `code`, DingTalk/WeCom `errcode`, Slack text). */
  'receiver_rejected',
  'timeout',
  'connect_failed',
  'dns_failed',
  /** The host resolves to a loopback, private, link-local or otherwise internal address, and is not allowed. */
  'address_refused',
  /** Not HTTPS and not allowed for local testing. */
  'scheme_refused',
  'tls_failed',
  'redirect_refused',
  'smtp_refused',
  'smtp_auth',
  /** The channel was deleted before its delivery went out. */
  'channel_deleted',
  /** The stored credentials cannot be read with the configured key (the key changed). */
  'decrypt_failed',
  'internal_error',
]);
export type DeliveryErrorCode = z.infer<typeof DeliveryErrorCodeSchema>;

export const DeliveryErrorSchema = z.object({ code: DeliveryErrorCodeSchema, message: z.string() });
export type DeliveryError = z.infer<typeof DeliveryErrorSchema>;

/** A channel's recent deliveries, as the channel list and notification health read them. */
export const ChannelHealthSchema = z.object({
  /** The newest delivery's outcome (a test included); null before any. */
  last_status: z.nullable(DeliveryStatusSchema),
  last_attempt_at: z.nullable(int()),
  last_sent_at: z.nullable(int()),
  last_error: z.nullable(DeliveryErrorSchema),
  /** True when the newest finished delivery failed, or one is retrying: warnings are not getting through. */
  failing: z.boolean(),
});
export type ChannelHealth = z.infer<typeof ChannelHealthSchema>;

export const ChannelSchema = z.object({
  id: NotifyIdSchema,
  kind: ChannelKindSchema,
  name: z.string(),
  /** What it reaches, without credentials: the webhook's host, or the SMTP server and recipients. */
  target: z.string(),
  /** Which credential fields are stored (their values are never answered). */
  secrets_set: z.array(z.string()),
  /** email only: its settings other than the password. */
  email: z.optional(
    z.object({
      smtp_host: z.string(),
      smtp_port: int(),
      smtp_security: z.enum(['tls', 'starttls']),
      smtp_user: z.nullable(z.string()),
      from: z.string(),
      to: z.array(z.string()),
    }),
  ),
  /** `file`: provisioned from NOTIFY_PROVISION_FILE at start; read-only in the console. */
  source: z.enum(['console', 'file']),
  created_at: int(),
  updated_at: int(),
  updated_by: z.string(),
  health: ChannelHealthSchema,
});
export type Channel = z.infer<typeof ChannelSchema>;

export const ChannelListSchema = z.object({ items: z.array(ChannelSchema) });
export type ChannelList = z.infer<typeof ChannelListSchema>;

export const DEFAULT_LEAD_DAYS = [30, 7, 1] as const;
export const MAX_LEAD_DAYS = 365;

/** Which versions a rule watches: SYSCURRENT only, any version carrying a stage, or every version. */
export const RuleVersionsSchema = z.enum(['current', 'staged', 'all']);
export type RuleVersions = z.infer<typeof RuleVersionsSchema>;

export const RuleInputSchema = z.strictObject({
  name: NameSchema,
  enabled: z._default(z.boolean(), true),
  /** `*` = every configured account, now and later. */
  accounts: z.union([
    z.literal('*'),
    z
      .array(AccountNameSchema)
      .check(z.minLength(1, { error: 'must name at least one account, or be "*"' }), z.maxLength(100)),
  ]),
  versions: RuleVersionsSchema,
  /** Whole days before expiry, each 1-365, distinct; empty with `on_expiry` = only when expired. */
  lead_days: z._default(
    z.array(int().check(z.minimum(1), z.maximum(MAX_LEAD_DAYS))).check(
      z.maxLength(10, { error: 'must hold at most 10 lead times' }),
      z.refine((days) => new Set(days).size === days.length, { error: 'must not repeat a lead time' }),
    ),
    [...DEFAULT_LEAD_DAYS],
  ),
  /** Also warn when a version has expired. */
  on_expiry: z._default(z.boolean(), true),
  channels: z.array(NotifyIdSchema).check(
    z.minLength(1, { error: 'must name at least one channel' }),
    z.maxLength(20),
    z.refine((ids) => new Set(ids).size === ids.length, { error: 'must not repeat a channel' }),
  ),
  language: NotifyLanguageSchema,
  /** IANA time zone the warning's dates are written in. */
  time_zone: z._default(
    z.string().check(
      z.refine(
        (tz) => {
          try {
            new Intl.DateTimeFormat('en', { timeZone: tz });
            return true;
          } catch {
            return false;
          }
        },
        { error: 'must be an IANA time zone such as Asia/Shanghai' },
      ),
    ),
    'UTC',
  ),
});
export type RuleInput = z.input<typeof RuleInputSchema>;
export type RuleSettings = z.output<typeof RuleInputSchema>;

export const RuleSchema = z.object({
  id: NotifyIdSchema,
  name: z.string(),
  enabled: z.boolean(),
  accounts: z.union([z.literal('*'), z.array(z.string())]),
  versions: RuleVersionsSchema,
  lead_days: z.array(int()),
  on_expiry: z.boolean(),
  channels: z.array(NotifyIdSchema),
  language: NotifyLanguageSchema,
  time_zone: z.string(),
  source: z.enum(['console', 'file']),
  created_at: int(),
  updated_at: int(),
  updated_by: z.string(),
});
export type Rule = z.infer<typeof RuleSchema>;

export const RuleListSchema = z.object({ items: z.array(RuleSchema) });
export type RuleList = z.infer<typeof RuleListSchema>;

/** `lead` of an event: days before expiry, or 0 for "has expired". */
export const NotifyEventSchema = z.object({
  id: z.string(),
  account: z.string(),
  secret: z.string(),
  version: z.string(),
  expire_time: int(),
  lead_days: int(),
  crossed_at: int(),
});
export type NotifyEvent = z.infer<typeof NotifyEventSchema>;

export const DeliverySchema = z.object({
  /** Stable across retries and restarts: receivers deduplicate on it (header `X-Console-Delivery`). */
  id: z.string(),
  kind: z.enum(['digest', 'test']),
  channel_id: NotifyIdSchema,
  /** As it was when the delivery was made (the channel may be renamed or deleted since). */
  channel_name: z.string(),
  channel_kind: ChannelKindSchema,
  language: NotifyLanguageSchema,
  status: DeliveryStatusSchema,
  attempts: int(),
  created_at: int(),
  last_attempt_at: z.nullable(int()),
  next_attempt_at: z.nullable(int()),
  sent_at: z.nullable(int()),
  error: z.nullable(DeliveryErrorSchema),
  /** How many version warnings the digest carries (0 for a test). */
  event_count: int(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

export const DeliveryListSchema = z.object({
  items: z.array(DeliverySchema),
  next_cursor: z.nullable(z.string()),
});
export type DeliveryList = z.infer<typeof DeliveryListSchema>;

export const DeliveryQuerySchema = z.strictObject({
  channel: z.optional(NotifyIdSchema),
  status: z.optional(DeliveryStatusSchema),
  cursor: z.optional(z.string().check(z.regex(/^[0-9A-Za-z_-]{1,64}$/, { error: 'must be a cursor' }))),
  limit: z.optional(
    z.pipe(z.string().check(z.regex(/^[1-9][0-9]{0,2}$/, { error: 'must be 1-200' })), z.transform(Number)),
  ),
});
export type DeliveryQuery = z.infer<typeof DeliveryQuerySchema>;

export const DeliveryDetailSchema = z.object({
  delivery: DeliverySchema,
  events: z.array(NotifyEventSchema),
});
export type DeliveryDetail = z.infer<typeof DeliveryDetailSchema>;

/** `POST /api/notifications/channels/:id/test`: one attempt now, recorded in the log as a `test`. */
export const ChannelTestResultSchema = z.object({ delivery: DeliverySchema });
export type ChannelTestResult = z.infer<typeof ChannelTestResultSchema>;

/** One evaluation as `notify_evaluations` records it (`error`: why it failed, credentials removed). */
export const NotifyEvaluationSchema = z.object({
  id: z.string(),
  started_at: int(),
  finished_at: z.nullable(int()),
  /** Version warnings it found new, and the digests it made of them. */
  events: int(),
  deliveries: int(),
  error: z.nullable(z.string()),
});
export type NotifyEvaluation = z.infer<typeof NotifyEvaluationSchema>;

/**
 * `GET /api/notifications/status`: is the scheduled evaluation alive. `last`: the newest evaluation (null
 * before any); `last_ok_at`: when the newest one without error started; `next_at`: the next scheduled slot
 * (cron every `every_minutes`, UTC minutes of the hour; null when no schedule runs).
 */
export const NotifyStatusSchema = z.object({
  every_minutes: int(),
  last: z.nullable(NotifyEvaluationSchema),
  last_ok_at: z.nullable(int()),
  next_at: z.nullable(int()),
});
export type NotifyStatus = z.infer<typeof NotifyStatusSchema>;

/** `POST /api/notifications/evaluate` (202): an evaluation is queued (at most one waits). */
export const NotifyEvaluateResultSchema = z.object({ queued: z.literal(true) });
export type NotifyEvaluateResult = z.infer<typeof NotifyEvaluateResultSchema>;
