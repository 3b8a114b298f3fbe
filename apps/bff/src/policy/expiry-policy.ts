/**
 * Who may set which expiry (security.md, product decisions): `admin` any value in (now + 5 min, now + 3 y];
 * `support` only versions expired or expiring within 7 days, only to a later time, at most now + 90 d;
 * `auditor` nothing. The numbers are configuration; this module is the one place that applies them.
 */
import type { ExpiryPolicy, Role } from '@csms-console/api-contract';
import type { ExpiryPolicyConfig } from '../config/config.js';

export function policyFor(role: Role, config: ExpiryPolicyConfig): ExpiryPolicy {
  switch (role) {
    case 'admin':
      return {
        can_edit: true,
        min_lead_ms: config.adminMinLeadMs,
        max_horizon_ms: config.adminMaxHorizonMs,
        eligible_within_ms: null,
        must_extend: false,
      };
    case 'support':
      return {
        can_edit: true,
        min_lead_ms: 0,
        max_horizon_ms: config.supportMaxHorizonMs,
        eligible_within_ms: config.supportWindowMs,
        must_extend: true,
      };
    case 'auditor':
      return { can_edit: false, min_lead_ms: 0, max_horizon_ms: 0, eligible_within_ms: 0, must_extend: true };
  }
}

export type Verdict =
  | { ok: true }
  | {
      ok: false;
      code: 'forbidden' | 'version_not_eligible' | 'expiry_out_of_bounds';
      message: string;
      details: Record<string, unknown>;
    };

/** The checks that need no CSMS read: may this role set `expireTime` at all, at `now`? */
export function checkRequestedValue(policy: ExpiryPolicy, expireTime: number, now: number): Verdict {
  if (!policy.can_edit)
    return { ok: false, code: 'forbidden', message: 'Your role cannot change expiries.', details: {} };
  const earliest = now + policy.min_lead_ms;
  const latest = now + policy.max_horizon_ms;
  if (expireTime <= earliest || expireTime > latest) {
    return {
      ok: false,
      code: 'expiry_out_of_bounds',
      message:
        expireTime <= earliest
          ? 'The new expiry must be in the future' +
            (policy.min_lead_ms > 0
              ? `, more than ${Math.round(policy.min_lead_ms / 60_000)} minutes from now.`
              : '.')
          : `Your role can set an expiry at most ${Math.round(policy.max_horizon_ms / 86_400_000)} days ahead.`,
      details: { earliest_exclusive: earliest, latest_inclusive: latest },
    };
  }
  return { ok: true };
}

/** The checks against the version as CSMS holds it right now (security.md A2: re-read before the PUT). */
export function checkAgainstCurrent(
  policy: ExpiryPolicy,
  current: number | null,
  expireTime: number,
  now: number,
): Verdict {
  if (policy.eligible_within_ms !== null) {
    if (current === null || current > now + policy.eligible_within_ms) {
      return {
        ok: false,
        code: 'version_not_eligible',
        message: `Your role can only change versions that are expired or expire within ${Math.round(policy.eligible_within_ms / 86_400_000)} days.`,
        details: { current_expire_time: current },
      };
    }
  }
  if (policy.must_extend && current !== null && expireTime <= current) {
    return {
      ok: false,
      code: 'expiry_out_of_bounds',
      message: 'Your role can only move an expiry later.',
      details: { current_expire_time: current },
    };
  }
  return { ok: true };
}
