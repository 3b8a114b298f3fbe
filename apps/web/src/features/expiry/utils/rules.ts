/**
 * The SPA's words for the expiry rules, fed by the caller's `ExpiryPolicy` from the session. The rules
 * themselves are api-contract's (`expiryBounds`, `isEligible`, `isPullingLiveExpiry`), the same functions
 * the BFF enforces on every PUT and tested there at every bound; this module only asks them before the user
 * submits and says what IS allowed. Bounds are exclusive at the earliest end and inclusive at the latest.
 */
import {
  expiryBounds,
  isEligible,
  leadBounds,
  type ExpiryPolicy,
  type SecretState,
} from '@csms-console/api-contract';
import { DAY_MS, MINUTE_MS, assertEpochMs, expiryWording, formatInstant } from '../../../lib/time';

const NOT_EDITABLE_STATE: Record<Exclude<SecretState, 'ENABLED'>, string> = {
  DISABLED: 'disabled',
  PENDING_DELETE: 'scheduled for deletion',
  FROZEN: 'frozen',
};

function count(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
/** `7 days`, `1 day`: a whole-day duration as the messages word it. */
export const days = (ms: number) => count(Math.round(ms / DAY_MS), 'day');
const minutes = (ms: number) => count(Math.round(ms / MINUTE_MS), 'minute');

const ROLE_CANNOT_EDIT = 'Your role cannot change expiries.';

export type Editability = { editable: true } | { editable: false; reason: string };

/** Support-only window (eligible_within_ms): why this version is outside it, or undefined if inside. */
function notEligibleReason(policy: ExpiryPolicy, current: number | null, now: number): string | undefined {
  const window = policy.eligible_within_ms;
  if (window === null || isEligible(policy, current, now)) return undefined;
  const rule = `your role can only change versions that are expired or expire within ${days(window)}`;
  return current === null
    ? `This version has no expiry; ${rule}.`
    : `This version ${expiryWording(current, now)}; ${rule}.`;
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
  const earliest = leadBounds(policy, now).earliestExclusive;
  const { earliestExclusive, latestInclusive } = expiryBounds(policy, current, now);
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

/** The body CSMS receives for the update, e.g. `{"expire_time":1767225600000}`; refuses seconds. */
export function csmsRequestBody(candidate: number): string {
  return JSON.stringify({ expire_time: assertEpochMs(candidate) });
}
