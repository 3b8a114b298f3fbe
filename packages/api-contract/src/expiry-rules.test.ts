/** The expiry rules the BFF enforces and the SPA mirrors, at every bound (one millisecond either side). */
import { describe, expect, it } from 'vitest';
import {
  CONFIRMATION_WINDOW_MS,
  confirmationMatches,
  expiryBounds,
  isEligible,
  isPullingLiveExpiry,
  isReasonMissing,
  normalizeReason,
  ReasonSchema,
  isWithinBounds,
  leadBounds,
  type ExpiryPolicy,
} from './index.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
// The BFF's defaults (apps/bff/src/policy/expiry-policy.ts with the config defaults).
const admin: ExpiryPolicy = {
  can_edit: true,
  min_lead_ms: 5 * MINUTE,
  max_horizon_ms: 1095 * DAY,
  eligible_within_ms: null,
  must_extend: false,
  reason_required: true,
};
const support: ExpiryPolicy = {
  can_edit: true,
  min_lead_ms: 5 * MINUTE,
  max_horizon_ms: 90 * DAY,
  eligible_within_ms: 7 * DAY,
  must_extend: true,
  reason_required: true,
};
const auditor: ExpiryPolicy = {
  can_edit: false,
  min_lead_ms: 0,
  max_horizon_ms: 0,
  eligible_within_ms: 0,
  must_extend: true,
  reason_required: true,
};
const now = Date.UTC(2026, 10, 23, 13, 30, 0) + 250; // a millisecond tail, as Date.now() has

describe('leadBounds and isWithinBounds', () => {
  it.each([
    ['admin', admin, 1095 * DAY],
    ['support', support, 90 * DAY],
  ] as const)('%s: (now + 5 min, now + horizon], to the millisecond', (_role, policy, horizon) => {
    const bounds = leadBounds(policy, now);
    expect(bounds).toEqual({ earliestExclusive: now + 5 * MINUTE, latestInclusive: now + horizon });
    expect(isWithinBounds(bounds, now + 5 * MINUTE)).toBe(false);
    expect(isWithinBounds(bounds, now + 5 * MINUTE + 1)).toBe(true);
    expect(isWithinBounds(bounds, now + 60_000)).toBe(false);
    expect(isWithinBounds(bounds, now + horizon)).toBe(true);
    expect(isWithinBounds(bounds, now + horizon + 1)).toBe(false);
  });
});

describe('expiryBounds', () => {
  it('admin: the current expiry does not matter', () => {
    for (const current of [null, now - DAY, now + DAY, now + 2000 * DAY]) {
      expect(expiryBounds(admin, current, now)).toEqual(leadBounds(admin, now));
    }
  });

  it('support: the current expiry raises the lower end only when it is later than the lead', () => {
    const lead = leadBounds(support, now);
    expect(expiryBounds(support, null, now)).toEqual(lead);
    expect(expiryBounds(support, now - DAY, now)).toEqual(lead);
    expect(expiryBounds(support, now + 5 * MINUTE, now)).toEqual(lead);
    const current = now + 3 * DAY;
    const raised = expiryBounds(support, current, now);
    expect(raised).toEqual({ ...lead, earliestExclusive: current });
    expect(isWithinBounds(raised, current)).toBe(false);
    expect(isWithinBounds(raised, current + 1)).toBe(true);
  });
});

describe('isEligible', () => {
  it('admin: any version, with or without an expiry; auditor: none', () => {
    for (const current of [null, now - DAY, now + 2000 * DAY]) {
      expect(isEligible(admin, current, now)).toBe(true);
      expect(isEligible(auditor, current, now)).toBe(false);
    }
  });

  it('support: expired or expiring within 7 days (inclusive), never without an expiry', () => {
    expect(isEligible(support, now - 100 * DAY, now)).toBe(true);
    expect(isEligible(support, now, now)).toBe(true);
    expect(isEligible(support, now + 7 * DAY, now)).toBe(true);
    expect(isEligible(support, now + 7 * DAY + 1, now)).toBe(false);
    expect(isEligible(support, null, now)).toBe(false);
  });
});

describe('isPullingLiveExpiry', () => {
  const live = { stages: ['SYSCURRENT'], current: now + 30 * DAY, now };

  it('the 7-day window: strictly less than now + 7 days', () => {
    expect(CONFIRMATION_WINDOW_MS).toBe(7 * DAY);
    expect(isPullingLiveExpiry({ ...live, candidate: now + 7 * DAY - 1 })).toBe(true);
    expect(isPullingLiveExpiry({ ...live, candidate: now + 7 * DAY })).toBe(false);
    expect(isPullingLiveExpiry({ ...live, candidate: now + 8 * DAY })).toBe(false);
    expect(isPullingLiveExpiry({ ...live, candidate: now + DAY })).toBe(true);
  });

  it('earlier than the current value: one millisecond earlier pulls, equal or later does not', () => {
    const current = now + 2 * DAY;
    expect(isPullingLiveExpiry({ ...live, current, candidate: current - 1 })).toBe(true);
    expect(isPullingLiveExpiry({ ...live, current, candidate: current })).toBe(false);
    expect(isPullingLiveExpiry({ ...live, current, candidate: current + 1 })).toBe(false);
    // Extending an expired live version to within 7 days is not pulling.
    expect(isPullingLiveExpiry({ ...live, current: now - DAY, candidate: now + DAY })).toBe(false);
    expect(isPullingLiveExpiry({ ...live, current: now - DAY, candidate: now + 6 * DAY })).toBe(false);
  });

  // Moved from the web's copy of this rule (needsTypedConfirmation, now gone): the rule holds for every
  // role, and a role that may only move an expiry later (support) is never asked.
  it('a later value never pulls, whoever asks', () => {
    const current = now + 2 * DAY;
    expect(isPullingLiveExpiry({ ...live, current, candidate: current + 1000 })).toBe(false);
    expect(isPullingLiveExpiry({ ...live, candidate: now + 7 * DAY - 1000 })).toBe(true);
  });

  it('a live version without an expiry ("never") is pulled by any value under 7 days', () => {
    expect(isPullingLiveExpiry({ ...live, current: null, candidate: now + DAY })).toBe(true);
    expect(isPullingLiveExpiry({ ...live, current: null, candidate: now + 7 * DAY })).toBe(false);
  });

  it('only a version carrying SYSCURRENT, among any other stages', () => {
    const candidate = now + DAY;
    expect(isPullingLiveExpiry({ ...live, stages: ['SYSPREVIOUS'], candidate })).toBe(false);
    expect(isPullingLiveExpiry({ ...live, stages: [], candidate })).toBe(false);
    expect(isPullingLiveExpiry({ ...live, stages: ['sYSCURRENT'], candidate })).toBe(false);
    expect(isPullingLiveExpiry({ ...live, stages: ['BLUE', 'SYSCURRENT'], candidate })).toBe(true);
  });
});

describe('confirmationMatches', () => {
  it("is the secret's name exactly", () => {
    expect(confirmationMatches('db-password', 'db-password')).toBe(true);
    expect(confirmationMatches('Prod_API_key', 'Prod_API_key')).toBe(true);
    for (const wrong of [undefined, '', 'DB-password', 'db-password ', ' db-password', 'db-passwor']) {
      expect(confirmationMatches('db-password', wrong)).toBe(false);
    }
  });
});

describe('reasons (REQUIRE_REASON)', () => {
  it('trims, and blank is no reason', () => {
    expect(normalizeReason('  ticket 42 \n')).toBe('ticket 42');
    expect(normalizeReason('a  b')).toBe('a  b');
    for (const blank of [undefined, null, '', ' ', '\t\n ', '\u00a0\u2003']) {
      expect(normalizeReason(blank)).toBeUndefined();
    }
  });

  it('only invisible characters are no reason; a word in any script, a digit or a sign is one', () => {
    for (const invisible of ['\u200b', '\u2060\u200d', '\u180e', '\u2800', '\u3164', '\u00ad', '\u0001', ' \u200b \u0301 ']) {
      expect(normalizeReason(invisible)).toBeUndefined();
    }
    for (const visible of ['变更单 42', 'é', '7', '#', '\u200bINC-1\u200b', '🔑']) {
      expect(normalizeReason(visible)).toBe(visible.trim());
    }
  }); // prettier-ignore

  it('is missing only when the policy requires one and it is blank', () => {
    expect(isReasonMissing(admin, undefined)).toBe(true);
    expect(isReasonMissing(support, '   ')).toBe(true);
    expect(isReasonMissing(admin, ' x ')).toBe(false);
    expect(isReasonMissing({ reason_required: false }, undefined)).toBe(false);
    expect(isReasonMissing({ reason_required: false }, ' ')).toBe(false);
  });

  it('the schema trims before counting: 500 characters kept, 501 refused', () => {
    expect(ReasonSchema.parse(`  ${'x'.repeat(500)}  `)).toHaveLength(500);
    expect(ReasonSchema.safeParse('x'.repeat(501)).success).toBe(false);
    expect(ReasonSchema.parse('  ')).toBe('');
    expect(ReasonSchema.safeParse(42).success).toBe(false);
  });
});
