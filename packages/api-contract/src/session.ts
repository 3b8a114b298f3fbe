/** `/bff/*`: login, logout, the current user and the session's times (docs/security.md S5-S8, L6). */
import { z } from 'zod/mini';
import { int } from './int.js';
import { RoleSchema } from './common.js';

export const LoginInputSchema = z.strictObject({
  username: z
    .string({ error: 'must be a string' })
    .check(z.minLength(1, { error: 'is required' }), z.maxLength(64)),
  password: z
    .string({ error: 'must be a string' })
    .check(z.minLength(1, { error: 'is required' }), z.maxLength(1024)),
});
export type LoginInput = z.infer<typeof LoginInputSchema>;

/** One-time first-admin creation with the token printed at first start (docs/security.md L4). */
export const BootstrapInputSchema = z.strictObject({
  token: z.string().check(z.minLength(1), z.maxLength(256)),
  username: z.string().check(z.minLength(1), z.maxLength(64)),
  password: z.string().check(z.minLength(1), z.maxLength(1024)),
});
export type BootstrapInput = z.infer<typeof BootstrapInputSchema>;

/**
 * What the caller's role may do with an expiry, so the SPA can bound its date picker. The BFF enforces the
 * same numbers on every PUT; this is a hint, never the check.
 */
export const ExpiryPolicySchema = z.object({
  can_edit: z.boolean(),
  /** The earliest allowed value is now + this, exclusive (every role that can edit: 5 min by default). */
  min_lead_ms: z.number().check(z.int(), z.nonnegative()),
  /** The latest allowed value is now + this (admin: 3 years, support: 90 days). */
  max_horizon_ms: z.number().check(z.int(), z.nonnegative()),
  /** Support: only versions expired or expiring within this many ms are editable; null = any version. */
  eligible_within_ms: z.nullable(z.number().check(z.int(), z.nonnegative())),
  /** Support: the new value must be later than the current one. */
  must_extend: z.boolean(),
  /** `REQUIRE_REASON` (on by default): a change without a reason is refused with 422 `reason_required`. */
  reason_required: z.boolean(),
});
export type ExpiryPolicy = z.infer<typeof ExpiryPolicySchema>;

/**
 * When the caller's session ends, on the BFF's clock (epoch ms). Every request with the session cookie resets
 * the idle timer except `GET /bff/session`, which only reads these, so a page can check how long the session
 * has (another tab may have used it) without extending it.
 */
export const SessionTimesSchema = z.object({
  /** Seconds until the session ends, by the idle or the absolute limit, whichever comes first. */
  session_expires_in: z.number().check(z.int(), z.nonnegative()),
  session_expires_at: int(),
  /** Last use + the idle timeout: when the session ends unless it is used again. */
  idle_expires_at: int(),
  /** Sign-in + the absolute lifetime: when the session ends however busy it is. */
  absolute_expires_at: int(),
  idle_timeout_s: z.number().check(z.int(), z.positive()),
  server_time: int(),
});
export type SessionTimes = z.infer<typeof SessionTimesSchema>;

export const SessionUserSchema = z.object({
  sub: z.string(),
  name: z.string(),
  role: RoleSchema,
  roles: z.array(RoleSchema),
  auth_method: z.enum(['password']),
  ...SessionTimesSchema.shape,
  expiry_policy: ExpiryPolicySchema,
});
export type SessionUser = z.infer<typeof SessionUserSchema>;
