/**
 * The expiry policy's rules as pure functions: the one definition the BFF enforces on every PUT and the SPA
 * asks before the user submits (so both answer with the same numbers at the same bounds). The numbers come
 * from the caller's `ExpiryPolicy` (the BFF's configuration) and from the constants here. Times are epoch
 * milliseconds compared raw: the earliest bound is exclusive, the latest inclusive.
 */
import type { ExpiryPolicy } from './session.js';

const DAY_MS = 86_400_000;

/** The stage applications read by default: the live version. */
export const LIVE_STAGE = 'SYSCURRENT';

/** Pulling the live version's expiry to less than this far from now needs `confirm` (the secret's name). */
export const CONFIRMATION_WINDOW_MS = 7 * DAY_MS;

export interface ExpiryBounds {
  earliestExclusive: number;
  latestInclusive: number;
}

/** The window the role's lead and horizon allow at `now`, before anything is known about the version. */
export function leadBounds(policy: ExpiryPolicy, now: number): ExpiryBounds {
  return { earliestExclusive: now + policy.min_lead_ms, latestInclusive: now + policy.max_horizon_ms };
}

/**
 * The window a new expiry must fall in for a version whose expiry is `current`: for a role that may only
 * extend, the current expiry raises the lower end.
 */
export function expiryBounds(policy: ExpiryPolicy, current: number | null, now: number): ExpiryBounds {
  const lead = leadBounds(policy, now);
  return policy.must_extend && current !== null
    ? { ...lead, earliestExclusive: Math.max(lead.earliestExclusive, current) }
    : lead;
}

export const isWithinBounds = (bounds: ExpiryBounds, candidate: number): boolean =>
  candidate > bounds.earliestExclusive && candidate <= bounds.latestInclusive;

/**
 * May the role change a version whose expiry is `current` at all? A role with an eligibility window
 * (support) only versions already expired or expiring within it (inclusive); never one without an expiry.
 */
export function isEligible(policy: ExpiryPolicy, current: number | null, now: number): boolean {
  if (!policy.can_edit) return false;
  const window = policy.eligible_within_ms;
  return window === null || (current !== null && current <= now + window);
}

/**
 * "Pulling the live version's expiry": the version carries SYSCURRENT (as CSMS holds it, read just before
 * the write), the new value is earlier than the current one (or there was none), and the new value is less
 * than 7 days from now. Such a change needs `confirm` equal to the secret's name. It holds for every role;
 * a role that may only extend never pulls.
 */
export function isPullingLiveExpiry(input: {
  stages: readonly string[];
  current: number | null;
  candidate: number;
  now: number;
}): boolean {
  const { stages, current, candidate, now } = input;
  return (
    stages.includes(LIVE_STAGE) &&
    (current === null || candidate < current) &&
    candidate < now + CONFIRMATION_WINDOW_MS
  );
}

/** The confirmation is the secret's name, exactly (case-sensitive, nothing trimmed). */
export const confirmationMatches = (secretName: string, confirm: string | undefined): boolean =>
  confirm === secretName;

/**
 * What shows nothing on screen: controls and format characters (zero-width space, word joiner, soft hyphen,
 * Mongolian vowel separator), separators, lone combining marks, the Hangul fillers and the Braille blank.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}\p{Mn}\u115F\u1160\u3164\uFFA0\u2800]/gu;

/**
 * A change's reason as it is stored and checked (`REQUIRE_REASON`, issue 12): trimmed; blank, or only
 * invisible characters, is no reason. The BFF stores what this returns (null when undefined); the SPA sends
 * what this returns.
 */
export function normalizeReason(reason: string | null | undefined): string | undefined {
  const trimmed = reason?.trim();
  // Only invisible characters (zero-width spaces, joiners, fillers, controls) are no reason either.
  return trimmed && trimmed.replace(INVISIBLE, '') !== '' ? trimmed : undefined;
}

/** Would a change with this reason be refused with 422 `reason_required` under the caller's policy? */
export const isReasonMissing = (
  policy: Pick<ExpiryPolicy, 'reason_required'>,
  reason: string | null | undefined,
): boolean => policy.reason_required && normalizeReason(reason) === undefined;
