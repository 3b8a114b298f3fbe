/**
 * The client-side mirror of the BFF's expiry rules (apps/bff/src/policy/expiry-policy.ts), fed by the
 * caller's `ExpiryPolicy` from the session. The BFF enforces; this answers the same question before the user
 * submits, and says what IS allowed. Bounds are exclusive at the earliest end and inclusive at the latest,
 * exactly as the BFF checks them.
 */
import type { ExpiryPolicy, Role, SecretState } from '@csms-console/api-contract';
import { DAY_MS, MINUTE_MS, assertEpochMs, expiryWording, formatInstant } from '../../../lib/time';

/** An admin moving the live version this close to now (or closer) must type the secret's name. */
export const TYPED_CONFIRMATION_WINDOW_MS = 7 * DAY_MS;
const LIVE_STAGE = 'SYSCURRENT';

const NOT_EDITABLE_STATE: Record<Exclude<SecretState, 'ENABLED'>, string> = {
  DISABLED: 'disabled',
  PENDING_DELETE: 'scheduled for deletion',
  FROZEN: 'frozen',
};

function count(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
const days = (ms: number) => count(Math.round(ms / DAY_MS), 'day');
const minutes = (ms: number) => count(Math.round(ms / MINUTE_MS), 'minute');

const ROLE_CANNOT_EDIT = 'Your role cannot change expiries.';

export type Editability = { editable: true } | { editable: false; reason: string };

/** Support-only window (eligible_within_ms): why this version is outside it, or undefined if inside. */
function notEligibleReason(policy: ExpiryPolicy, current: number | null, now: number): string | undefined {
  const window = policy.eligible_within_ms;
  if (window === null) return undefined;
  const rule = `your role can only change versions that are expired or expire within ${days(window)}`;
  if (current === null) return `This version has no expiry; ${rule}.`;
  if (current > now + window) return `This version ${expiryWording(current, now)}; ${rule}.`;
  return undefined;
}

/** May the caller open the expiry editor for this version at all? */
export function editability(input: {
  policy: ExpiryPolicy;
  secretState: SecretState;
  current: number | null;
  now: number;
}): Editability {
  const { policy, secretState, current, now } = input;
  if (!policy.can_edit) return { editable: false, reason: ROLE_CANNOT_EDIT };
  if (secretState !== 'ENABLED') {
    return {
      editable: false,
      reason:
        `This secret is ${NOT_EDITABLE_STATE[secretState]} (${secretState}); ` +
        'CSMS refuses expiry changes to its versions until it is enabled again.',
    };
  }
  const notEligible = notEligibleReason(policy, current, now);
  return notEligible === undefined ? { editable: true } : { editable: false, reason: notEligible };
}

export interface ExpiryContext {
  policy: ExpiryPolicy;
  current: number | null;
  now: number;
  /** The zone the messages show instants in. */
  zone: string;
}

/**
 * The range a new expiry must fall in: `earliestExclusive < candidate <= latestInclusive`. For a role that
 * may only extend, the current expiry raises the lower end. Raw ms, so whole-second candidates compare
 * exactly as the BFF compares them.
 */
export function bounds(ctx: Pick<ExpiryContext, 'policy' | 'current' | 'now'>): {
  earliestExclusive: number;
  latestInclusive: number;
} {
  const { policy, current, now } = ctx;
  const earliest = now + policy.min_lead_ms;
  return {
    earliestExclusive: policy.must_extend && current !== null ? Math.max(earliest, current) : earliest,
    latestInclusive: now + policy.max_horizon_ms,
  };
}

/** Every reason the BFF would refuse `candidate`, worded as what to pick instead; empty when valid. */
export function validateExpiry(candidate: number, ctx: ExpiryContext): string[] {
  const { policy, current, now, zone } = ctx;
  if (!policy.can_edit) return [ROLE_CANNOT_EDIT];
  const errors: string[] = [];
  const notEligible = notEligibleReason(policy, current, now);
  if (notEligible !== undefined) errors.push(notEligible);
  if (!Number.isInteger(candidate) || candidate % 1000 !== 0) {
    errors.push('Pick a whole second: CSMS stores expiries to the second.');
  }
  const earliest = now + policy.min_lead_ms;
  const { earliestExclusive, latestInclusive } = bounds(ctx);
  if (candidate <= earliestExclusive) {
    // One message for the lower end: whichever limit binds (the current expiry, for a role that must extend).
    errors.push(
      earliestExclusive > earliest && current !== null
        ? `Pick a time after the current expiry, ${formatInstant(current, zone)}: your role can only move an expiry later.`
        : policy.min_lead_ms > 0
          ? `Pick a time after ${formatInstant(earliest, zone)} (more than ${minutes(policy.min_lead_ms)} from now).`
          : `Pick a time after ${formatInstant(now, zone)}: the new expiry must be in the future.`,
    );
  } else if (candidate > latestInclusive) {
    errors.push(
      `Your role can set at most ${days(policy.max_horizon_ms)} ahead: until ${formatInstant(latestInclusive, zone)}.`,
    );
  }
  return errors;
}

/**
 * True when an admin shortens the live (SYSCURRENT) version's expiry to under 7 days from now: the
 * candidate is less than 7 days ahead and earlier than the current expiry (or the version had none).
 */
export function needsTypedConfirmation(input: {
  role: Role;
  stages: readonly string[];
  current: number | null;
  candidate: number;
  now: number;
}): boolean {
  const { role, stages, current, candidate, now } = input;
  return (
    role === 'admin' &&
    stages.includes(LIVE_STAGE) &&
    candidate < now + TYPED_CONFIRMATION_WINDOW_MS &&
    (current === null || candidate < current)
  );
}

/** The text the admin must type to confirm: the secret's name, exactly. */
export function TYPED_CONFIRMATION_WORD(secretName: string): string {
  return secretName;
}

/** The body CSMS receives for the update, e.g. `{"expire_time":1767225600000}`; refuses seconds. */
export function csmsRequestBody(candidate: number): string {
  return JSON.stringify({ expire_time: assertEpochMs(candidate) });
}
