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

export const AuditQuerySchema = z.strictObject({
  account: once.max(64).optional(),
  secret: once.max(64).optional(),
  version: once.max(16).optional(),
  actor: once.max(64).optional(),
  action: AuditActionSchema.optional(),
  outcome: AuditOutcomeSchema.optional(),
  /** Inclusive lower bound, epoch ms. */
  from: epochQuery.optional(),
  /** Exclusive upper bound, epoch ms. */
  to: epochQuery.optional(),
  limit: once
    .regex(/^[1-9][0-9]{0,2}$/, { error: 'must be an integer 1-200' })
    .transform(Number)
    .refine((n) => n <= 200, { error: 'must be an integer 1-200' })
    .optional(),
  /** Opaque; from the previous page's `next_cursor`. */
  cursor: once.regex(/^[0-9]{1,19}$/, { error: 'must be a cursor from a previous page' }).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

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
