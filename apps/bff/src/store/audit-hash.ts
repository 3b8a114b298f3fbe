/**
 * The audit chain's hash. `hash = SHA-256(canonical(row))`, where canonical is a JSON array of every stored
 * field, in a fixed order, ending with `prev_hash`; JSON objects are written with sorted keys, so what comes
 * back from a jsonb column (keys reordered) hashes exactly as what went in. Values are normalised before
 * they are stored and hashed: JSON objects go through JSON (undefined dropped, dates as strings) and strings
 * lose what PostgreSQL cannot store (NUL, lone surrogates become U+FFFD).
 */
import { createHash } from 'node:crypto';
import type { AuditEntry } from '@csms-console/api-contract';

export const GENESIS_HASH = '0'.repeat(64);
const HASH_FORMAT = 1;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A string PostgreSQL text and jsonb accept: NUL and lone surrogates become U+FFFD. */
export const cleanString = (value: string): string =>
  value.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');

function cleanJsonValue(value: unknown): unknown {
  if (typeof value === 'string') return cleanString(value);
  if (Array.isArray(value)) return value.map(cleanJsonValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [cleanString(k), cleanJsonValue(v)]));
  }
  return value;
}

/** The value as it will come back from jsonb (up to key order). */
export function normaliseJson(
  value: Record<string, unknown> | null | undefined,
): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  return cleanJsonValue(JSON.parse(JSON.stringify(value))) as Record<string, unknown>;
}

/** JSON with object keys sorted (by UTF-16 code units) at every depth. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 (hex) over the canonical form of every field of the row except `hash` itself. */
export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const fields: unknown[] = [
    HASH_FORMAT,
    entry.seq,
    entry.id,
    entry.at,
    entry.action,
    entry.outcome,
    entry.actor.id,
    entry.actor.name,
    entry.actor.role,
    entry.actor.auth_method,
    entry.session_hash,
    entry.client_ip,
    entry.user_agent,
    entry.target.account,
    entry.target.project_id,
    entry.target.secret,
    entry.target.version,
    entry.before,
    entry.after,
    entry.reason,
    entry.intent_id,
    entry.csms_request_id,
    entry.csms_error_code,
    entry.request_id,
    entry.details,
    entry.prev_hash,
  ];
  return createHash('sha256').update(canonicalJson(fields), 'utf8').digest('hex');
}
