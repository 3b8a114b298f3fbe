/**
 * Who may set which expiry (docs/security.md, product decisions): every role that can edit needs a new value
 * more than the minimum lead ahead (5 min); `admin` any value up to now + 3 y; `support` only versions
 * expired or expiring within 7 days, only to a later time, at most now + 90 d; `auditor` nothing. Pulling
 * the live version's expiry under 7 days needs `confirm` with the secret's name. The numbers are
 * configuration; the rules themselves are api-contract's (shared with the SPA), and this module is the one
 * place the BFF applies them.
 */
import {
  CONFIRMATION_WINDOW_MS,
  LIVE_STAGE,
  confirmationMatches,
  expiryBounds,
  isEligible,
  isPullingLiveExpiry,
  isReasonMissing,
  isWithinBounds,
  leadBounds,
  type ExpiryBounds,
  type ExpiryPolicy,
  type Role,
} from '@csms-console/api-contract';
import type { ExpiryPolicyConfig } from '../config/config.js';

export function policyFor(role: Role, config: ExpiryPolicyConfig): ExpiryPolicy {
  switch (role) {
    case 'admin':
      return {
        can_edit: true,
        min_lead_ms: config.minLeadMs,
        max_horizon_ms: config.adminMaxHorizonMs,
        eligible_within_ms: null,
        must_extend: false,
        reason_required: config.reasonRequired,
      };
    case 'support':
      return {
        can_edit: true,
        min_lead_ms: config.minLeadMs,
        max_horizon_ms: config.supportMaxHorizonMs,
        eligible_within_ms: config.supportWindowMs,
        must_extend: true,
        reason_required: config.reasonRequired,
      };
    case 'auditor':
      return {
        can_edit: false,
        min_lead_ms: 0,
        max_horizon_ms: 0,
        eligible_within_ms: 0,
        must_extend: true,
        reason_required: config.reasonRequired,
      };
  }
}

export interface Refusal {
  ok: false;
  code:
    | 'forbidden'
    | 'version_not_eligible'
    | 'expiry_out_of_bounds'
    | 'confirmation_required'
    | 'reason_required';
  message: string;
  details: Record<string, unknown>;
}
export type Verdict = { ok: true } | Refusal;

const days = (ms: number) => Math.round(ms / 86_400_000);

function outOfBounds(policy: ExpiryPolicy, bounds: ExpiryBounds, expireTime: number, now: number): Refusal {
  const lead = leadBounds(policy, now);
  const details = {
    earliest_exclusive: bounds.earliestExclusive,
    latest_inclusive: bounds.latestInclusive,
  };
  let message: string;
  if (expireTime > bounds.latestInclusive) {
    message = `Your role can set an expiry at most ${days(policy.max_horizon_ms)} days ahead.`;
  } else if (expireTime > lead.earliestExclusive) {
    // Past the lead, so what binds is the current expiry (a role that may only extend).
    message = 'Your role can only move an expiry later.';
  } else {
    message =
      'The new expiry must be in the future' +
      (policy.min_lead_ms > 0
        ? `, more than ${Math.round(policy.min_lead_ms / 60_000)} minutes from now.`
        : '.');
  }
  return { ok: false, code: 'expiry_out_of_bounds', message, details };
}

/** The checks that need no CSMS read: may this role set `expireTime` at all, at `now`? */
export function checkRequestedValue(policy: ExpiryPolicy, expireTime: number, now: number): Verdict {
  if (!policy.can_edit)
    return { ok: false, code: 'forbidden', message: 'Your role cannot change expiries.', details: {} };
  const bounds = leadBounds(policy, now);
  return isWithinBounds(bounds, expireTime) ? { ok: true } : outOfBounds(policy, bounds, expireTime, now);
}

/**
 * `REQUIRE_REASON` (issue 12): a change, single or a whole batch, needs a reason that is not blank. Needs no
 * CSMS read, so it is decided with the role's value bounds, before anything is read or written.
 */
export function checkReason(policy: ExpiryPolicy, reason: string | undefined): Verdict {
  if (!isReasonMissing(policy, reason)) return { ok: true };
  return {
    ok: false,
    code: 'reason_required',
    message: 'Give a reason for this change; it is kept in the audit log.',
    details: {},
  };
}

/** The checks against the version as CSMS holds it right now (docs/security.md A2: re-read before the PUT). */
export function checkAgainstCurrent(
  policy: ExpiryPolicy,
  current: number | null,
  expireTime: number,
  now: number,
): Verdict {
  if (!isEligible(policy, current, now)) {
    return {
      ok: false,
      code: 'version_not_eligible',
      message: `Your role can only change versions that are expired or expire within ${days(policy.eligible_within_ms ?? 0)} days.`,
      details: { current_expire_time: current },
    };
  }
  // The whole window again, at the later `now`: the read took time, and extending raises the lower end.
  const bounds = expiryBounds(policy, current, now);
  if (!isWithinBounds(bounds, expireTime)) {
    const refusal = outOfBounds(policy, bounds, expireTime, now);
    return { ...refusal, details: { ...refusal.details, current_expire_time: current } };
  }
  return { ok: true };
}

/**
 * The typed confirmation, decided on the version as just re-read from CSMS (its stages and expiry), never on
 * what the client says it saw: pulling the live version's expiry under 7 days needs `confirm` equal to the
 * secret's name as CSMS holds it. A missing and a wrong value get the same answer.
 */
export function checkConfirmation(
  version: { stages: readonly string[]; current: number | null },
  secretName: string,
  expireTime: number,
  confirm: string | undefined,
  now: number,
): Verdict {
  const pulling = isPullingLiveExpiry({ ...version, candidate: expireTime, now });
  if (!pulling || confirmationMatches(secretName, confirm)) return { ok: true };
  return {
    ok: false,
    code: 'confirmation_required',
    message: `This moves the expiry of the live version (${LIVE_STAGE}) earlier, to less than ${days(CONFIRMATION_WINDOW_MS)} days from now. Confirm it with the secret's name.`,
    details: { confirm: secretName, current_expire_time: version.current },
  };
}
