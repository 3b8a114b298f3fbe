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
import { t } from '../../../lib/i18n';
import { DAY_MS, MINUTE_MS, assertEpochMs, expiryWording, formatInstant } from '../../../lib/time';

/** `7 days`, `1 day` (`7 天`): a whole-day duration as the messages word it. */
export const days = (ms: number) => t('expiry.count.days', { count: Math.round(ms / DAY_MS) });
const minutes = (ms: number) => t('expiry.count.minutes', { count: Math.round(ms / MINUTE_MS) });

export type Editability = { editable: true } | { editable: false; reason: string };

/** Support-only window (eligible_within_ms): why this version is outside it, or undefined if inside. */
function notEligibleReason(policy: ExpiryPolicy, current: number | null, now: number): string | undefined {
  const window = policy.eligible_within_ms;
  if (window === null || isEligible(policy, current, now)) return undefined;
  return current === null
    ? t('expiry.rules.notEligibleNoExpiry', { window: days(window) })
    : t('expiry.rules.notEligible', { wording: expiryWording(current, now), window: days(window) });
}

/** May the caller open the expiry editor for this version at all? */
export function editability(input: {
  policy: ExpiryPolicy;
  secretState: SecretState;
  current: number | null;
  now: number;
}): Editability {
  const { policy, secretState, current, now } = input;
  if (!policy.can_edit) return { editable: false, reason: t('expiry.rules.roleCannotEdit') };
  if (secretState !== 'ENABLED') {
    return {
      editable: false,
      reason: t('expiry.rules.secretNotEnabled', {
        state: t(`expiry.secretState.${secretState}`),
        code: secretState,
      }),
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
  if (!policy.can_edit) return [t('expiry.rules.roleCannotEdit')];
  const errors: string[] = [];
  const notEligible = notEligibleReason(policy, current, now);
  if (notEligible !== undefined) errors.push(notEligible);
  if (!Number.isInteger(candidate) || candidate % 1000 !== 0) {
    errors.push(t('expiry.rules.wholeSecond'));
  }
  const earliest = leadBounds(policy, now).earliestExclusive;
  const { earliestExclusive, latestInclusive } = expiryBounds(policy, current, now);
  if (candidate <= earliestExclusive) {
    // One message for the lower end: whichever limit binds (the current expiry, for a role that must extend).
    errors.push(
      earliestExclusive > earliest && current !== null
        ? t('expiry.rules.afterCurrent', { current: formatInstant(current, zone) })
        : policy.min_lead_ms > 0
          ? t('expiry.rules.afterLead', {
              earliest: formatInstant(earliest, zone),
              lead: minutes(policy.min_lead_ms),
            })
          : t('expiry.rules.afterNow', { now: formatInstant(now, zone) }),
    );
  } else if (candidate > latestInclusive) {
    errors.push(
      t('expiry.rules.horizon', {
        horizon: days(policy.max_horizon_ms),
        latest: formatInstant(latestInclusive, zone),
      }),
    );
  }
  return errors;
}

/** The body CSMS receives for the update, e.g. `{"expire_time":1767225600000}`; refuses seconds. */
export function csmsRequestBody(candidate: number): string {
  return JSON.stringify({ expire_time: assertEpochMs(candidate) });
}
