/**
 * The audit_log row and its mapping to and from `AuditEntry`: one column list, one parameter order, used by
 * every audit query so the three cannot drift apart.
 */
import type { AuditAction, AuditEntry, AuditOutcome, Role } from '@csms-console/api-contract';
import { cleanString, normaliseJson } from './audit-hash.js';
import type { NewAuditEntry } from './types.js';

export interface AuditRow {
  seq: number;
  id: string;
  at: number;
  action: AuditAction;
  outcome: AuditOutcome;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: Role | null;
  auth_method: string | null;
  session_hash: string | null;
  client_ip: string | null;
  user_agent: string | null;
  account: string | null;
  project_id: string | null;
  secret: string | null;
  version: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
  intent_id: string | null;
  csms_request_id: string | null;
  csms_error_code: string | null;
  request_id: string | null;
  details: Record<string, unknown> | null;
  prev_hash: string;
  hash: string;
}

export const AUDIT_COLUMNS =
  'seq, id, at, action, outcome, actor_id, actor_name, actor_role, auth_method, session_hash, client_ip, ' +
  'user_agent, account, project_id, secret, version, before, after, reason, intent_id, csms_request_id, ' +
  'csms_error_code, request_id, details, prev_hash, hash';

const JSONB_COLUMNS = new Set(['before', 'after', 'details']);

/** `INSERT INTO audit_log (...) VALUES ($1, ..., $26)`, jsonb parameters cast from their JSON text. */
export const INSERT_AUDIT_SQL = `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (${AUDIT_COLUMNS.split(', ')
  .map((column, i) => (JSONB_COLUMNS.has(column) ? `$${i + 1}::jsonb` : `$${i + 1}`))
  .join(', ')})`;

const json = (value: Record<string, unknown> | null): string | null =>
  value === null ? null : JSON.stringify(value);

/** Parameters for `INSERT_AUDIT_SQL`, in `AUDIT_COLUMNS` order. */
export function auditParams(e: AuditEntry): unknown[] {
  const { actor: a, target: t } = e;
  return [
    e.seq,
    e.id,
    e.at,
    e.action,
    e.outcome,
    a.id,
    a.name,
    a.role,
    a.auth_method,
    e.session_hash,
    e.client_ip,
    e.user_agent,
    t.account,
    t.project_id,
    t.secret,
    t.version,
    json(e.before),
    json(e.after),
    e.reason,
    e.intent_id,
    e.csms_request_id,
    e.csms_error_code,
    e.request_id,
    json(e.details),
    e.prev_hash,
    e.hash,
  ];
}

export function rowToEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    seq: r.seq,
    at: r.at,
    action: r.action,
    outcome: r.outcome,
    actor: { id: r.actor_id, name: r.actor_name, role: r.actor_role, auth_method: r.auth_method },
    session_hash: r.session_hash,
    client_ip: r.client_ip,
    user_agent: r.user_agent,
    target: { account: r.account, project_id: r.project_id, secret: r.secret, version: r.version },
    before: r.before,
    after: r.after,
    reason: r.reason,
    intent_id: r.intent_id,
    csms_request_id: r.csms_request_id,
    csms_error_code: r.csms_error_code,
    request_id: r.request_id,
    details: r.details,
    prev_hash: r.prev_hash,
    hash: r.hash,
  };
}

const text = (value: string | null | undefined): string | null =>
  value === null || value === undefined ? null : cleanString(value);

/** The entry as it will be stored, before the chain fields are known: absent fields become null. */
export function normaliseEntry(
  e: NewAuditEntry,
): Omit<AuditEntry, 'id' | 'seq' | 'at' | 'prev_hash' | 'hash'> {
  return {
    action: e.action,
    outcome: e.outcome,
    actor: {
      id: text(e.actor?.id),
      name: text(e.actor?.name),
      role: e.actor?.role ?? null,
      auth_method: text(e.actor?.auth_method),
    },
    session_hash: text(e.session_hash),
    client_ip: text(e.client_ip),
    user_agent: text(e.user_agent),
    target: {
      account: text(e.target?.account),
      project_id: text(e.target?.project_id),
      secret: text(e.target?.secret),
      version: text(e.target?.version),
    },
    before: normaliseJson(e.before),
    after: normaliseJson(e.after),
    reason: text(e.reason),
    intent_id: text(e.intent_id),
    csms_request_id: text(e.csms_request_id),
    csms_error_code: text(e.csms_error_code),
    request_id: text(e.request_id),
    details: normaliseJson(e.details),
  };
}
