/**
 * Migration 1: the whole schema. One statement per entry (PGlite's extended protocol runs one at a time).
 * Timestamps are BIGINT epoch milliseconds; audit rows are append-only, enforced by a trigger.
 */
export const SCHEMA_V1: readonly string[] = [
  `CREATE TABLE users (
    id text PRIMARY KEY,
    name text NOT NULL,
    role text NOT NULL CHECK (role IN ('admin', 'support', 'auditor')),
    password_hash text NOT NULL,
    disabled boolean NOT NULL DEFAULT false,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
  )`,
  'CREATE UNIQUE INDEX users_name_ci ON users (lower(name))',

  `CREATE TABLE sessions (
    id_hash text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    auth_method text NOT NULL,
    created_at bigint NOT NULL,
    last_seen_at bigint NOT NULL,
    ip text,
    user_agent text
  )`,
  'CREATE INDEX sessions_user_id ON sessions (user_id)',

  `CREATE TABLE login_counters (
    key text PRIMARY KEY,
    failures integer NOT NULL,
    window_start bigint NOT NULL,
    blocked_until bigint
  )`,

  `CREATE TABLE audit_log (
    seq bigint NOT NULL UNIQUE,
    id text PRIMARY KEY,
    at bigint NOT NULL,
    action text NOT NULL,
    outcome text NOT NULL,
    actor_id text,
    actor_name text,
    actor_role text,
    auth_method text,
    session_hash text,
    client_ip text,
    user_agent text,
    account text,
    project_id text,
    secret text,
    version text,
    before jsonb,
    after jsonb,
    reason text,
    intent_id text,
    csms_request_id text,
    csms_error_code text,
    request_id text,
    details jsonb,
    prev_hash text NOT NULL,
    hash text NOT NULL
  )`,
  'CREATE INDEX audit_log_target ON audit_log (account, secret, version, seq)',
  'CREATE INDEX audit_log_secret ON audit_log (secret, seq)',
  'CREATE INDEX audit_log_actor ON audit_log (actor_name, seq)',
  'CREATE INDEX audit_log_action ON audit_log (action, outcome, seq)',
  'CREATE INDEX audit_log_at ON audit_log (at)',
  'CREATE INDEX audit_log_intent ON audit_log (intent_id) WHERE intent_id IS NOT NULL',
  `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
  END
  $$`,
  `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,

  `CREATE TABLE audit_head (
    id integer PRIMARY KEY CHECK (id = 1),
    seq bigint NOT NULL,
    hash text NOT NULL
  )`,
  `INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '${'0'.repeat(64)}')`,

  'CREATE TABLE store_probe (id integer PRIMARY KEY CHECK (id = 1), at bigint NOT NULL)',
];
