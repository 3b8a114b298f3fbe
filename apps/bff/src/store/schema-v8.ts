/**
 * Migration 8: advance expiry warnings (issue 14).
 * - `notify_channels`: where warnings go. `settings` holds what is not a credential (an email channel's
 *   server and recipients); `sealed` holds the credentials (webhook URL, signing key, SMTP password) as one
 *   AES-256-GCM box under NOTIFY_KEY (features/notify/sealed.ts), never in clear; `target` is what the
 *   console shows instead (the webhook's host).
 * - `notify_rules`: which accounts and versions, which lead times, which channels, which language.
 * - `notify_events`: one row per crossing. The unique key is the crossing itself, so however many replicas
 *   evaluate at once, or however often one restarts, a crossing is inserted once; a new expire_time is a new
 *   key (re-armed), and only the replica whose insert took the row puts it in a digest.
 * - `notify_deliveries`: one digest (or test) per channel, its stable id what receivers deduplicate on; its
 *   events in `notify_delivery_events`. Sending runs on the pg-boss queue; these rows are what the log shows.
 * - `notify_evaluations`: each evaluation's start, end and counts (the board's "last evaluated").
 */
export const SCHEMA_V8: readonly string[] = [
  `CREATE TABLE notify_channels (
     id text PRIMARY KEY,
     kind text NOT NULL,
     name text NOT NULL,
     target text NOT NULL,
     settings jsonb NOT NULL,
     sealed text,
     source text NOT NULL DEFAULT 'console',
     created_at bigint NOT NULL,
     updated_at bigint NOT NULL,
     updated_by text NOT NULL
   )`,
  'CREATE UNIQUE INDEX notify_channels_name ON notify_channels (lower(name))',
  `CREATE TABLE notify_rules (
     id text PRIMARY KEY,
     name text NOT NULL,
     enabled boolean NOT NULL,
     settings jsonb NOT NULL,
     source text NOT NULL DEFAULT 'console',
     created_at bigint NOT NULL,
     updated_at bigint NOT NULL,
     updated_by text NOT NULL
   )`,
  'CREATE UNIQUE INDEX notify_rules_name ON notify_rules (lower(name))',
  `CREATE TABLE notify_events (
     id text PRIMARY KEY,
     account text NOT NULL,
     secret text NOT NULL,
     version text NOT NULL,
     expire_time bigint NOT NULL,
     lead_days integer NOT NULL,
     stages text[] NOT NULL,
     crossed_at bigint NOT NULL,
     evaluation_id text NOT NULL,
     UNIQUE (account, secret, version, expire_time, lead_days)
   )`,
  `CREATE TABLE notify_deliveries (
     id text PRIMARY KEY,
     kind text NOT NULL,
     evaluation_id text,
     channel_id text NOT NULL,
     channel_name text NOT NULL,
     channel_kind text NOT NULL,
     language text NOT NULL,
     time_zone text NOT NULL,
     status text NOT NULL,
     attempts integer NOT NULL DEFAULT 0,
     created_at bigint NOT NULL,
     last_attempt_at bigint,
     next_attempt_at bigint,
     sent_at bigint,
     error_code text,
     error_message text
   )`,
  'CREATE INDEX notify_deliveries_channel ON notify_deliveries (channel_id, created_at DESC, id DESC)',
  'CREATE INDEX notify_deliveries_created ON notify_deliveries (created_at DESC, id DESC)',
  `CREATE TABLE notify_delivery_events (
     delivery_id text NOT NULL,
     event_id text NOT NULL,
     PRIMARY KEY (delivery_id, event_id)
   )`,
  `CREATE TABLE notify_evaluations (
     id text PRIMARY KEY,
     started_at bigint NOT NULL,
     finished_at bigint,
     events integer NOT NULL DEFAULT 0,
     deliveries integer NOT NULL DEFAULT 0,
     error text
   )`,
  // The status route's "newest" and "newest without error" (ORDER BY started_at DESC LIMIT 1).
  'CREATE INDEX notify_evaluations_started ON notify_evaluations (started_at DESC)',
];
