import { describe, expect, it } from 'vitest';
import { DAY_MS, MINUTE_MS } from '../../../lib/time';
import {
  adminPolicy as admin,
  auditorPolicy as auditor,
  supportPolicy as support,
} from '../../../testing/expiry-policies';
import { csmsRequestBody, editability, validateExpiry } from './rules';

// Every bound below is a field of the role's policy (the BFF's defaults, testing/expiry-policies.ts); the
// rules behind them are api-contract's, tested there at every bound. These tests are about the words.
const LEAD = admin.min_lead_ms; // the same lead for every role that can edit
const WINDOW = support.eligible_within_ms;

const now = Date.UTC(2026, 10, 23, 13, 30, 0); // 14:30:00 in Berlin
const zone = 'Europe/Berlin';

describe('editability', () => {
  const base = { secretState: 'ENABLED' as const, current: now + DAY_MS, now };

  it('admin may edit any version of an enabled secret, with or without an expiry', () => {
    expect(editability({ ...base, policy: admin })).toEqual({ editable: true });
    expect(editability({ ...base, policy: admin, current: null })).toEqual({ editable: true });
    expect(editability({ ...base, policy: admin, current: now + 1000 * DAY_MS })).toEqual({ editable: true });
  });

  it('auditor may not edit anything', () => {
    expect(editability({ ...base, policy: auditor })).toEqual({
      editable: false,
      reason: 'Your role cannot change expiries.',
    });
  });

  it.each([
    ['DISABLED', 'disabled'],
    ['PENDING_DELETE', 'scheduled for deletion'],
    ['FROZEN', 'frozen'],
  ] as const)('nobody may edit versions of a %s secret', (secretState, words) => {
    const result = editability({ ...base, policy: admin, secretState });
    expect(result).toEqual({
      editable: false,
      reason: `This secret is ${words} (${secretState}); CSMS refuses expiry changes to its versions until it is enabled again.`,
    });
  });

  it('the role check comes before the state check', () => {
    expect(editability({ ...base, policy: auditor, secretState: 'FROZEN' })).toMatchObject({
      reason: 'Your role cannot change expiries.',
    });
  });

  describe('support: only expired versions or ones expiring within the window', () => {
    it.each([
      ['expired long ago', now - 100 * DAY_MS],
      ['expiring right now', now],
      ['expiring in an hour', now + 60 * MINUTE_MS],
      ['expiring exactly at the window end', now + WINDOW],
    ])('editable when %s', (_label, current) => {
      expect(editability({ ...base, policy: support, current })).toEqual({ editable: true });
    });

    it('not editable one millisecond past the window, saying when it expires and what the rule is', () => {
      expect(editability({ ...base, policy: support, current: now + WINDOW + 1 })).toEqual({
        editable: false,
        reason:
          'This version expires in 7 days; your role can only change versions that are expired or expire within 7 days.',
      });
      expect(editability({ ...base, policy: support, current: now + 45 * DAY_MS })).toMatchObject({
        reason: expect.stringMatching(/^This version expires in 45 days; .* within 7 days\.$/),
      });
    });

    it('not editable without an expiry', () => {
      expect(editability({ ...base, policy: support, current: null })).toEqual({
        editable: false,
        reason:
          'This version has no expiry; your role can only change versions that are expired or expire within 7 days.',
      });
    });

    it('says "1 day" for a one-day window', () => {
      const oneDay = { ...support, eligible_within_ms: DAY_MS };
      expect(editability({ ...base, policy: oneDay, current: now + 2 * DAY_MS })).toMatchObject({
        reason: expect.stringContaining('expire within 1 day.'),
      });
    });
  });
});

describe('validateExpiry', () => {
  const adminCtx = { policy: admin, current: now + 10 * DAY_MS, now, zone };
  const supportCtx = { policy: support, current: now - DAY_MS, now, zone };

  describe('admin', () => {
    it('accepts one second after the earliest and exactly the latest', () => {
      expect(validateExpiry(now + LEAD + 1000, adminCtx)).toEqual([]);
      expect(validateExpiry(now + admin.max_horizon_ms, adminCtx)).toEqual([]);
    });

    it('may shorten an expiry (no must_extend) and set one where there was none', () => {
      expect(validateExpiry(now + DAY_MS, adminCtx)).toEqual([]);
      expect(validateExpiry(now + DAY_MS, { ...adminCtx, current: null })).toEqual([]);
    });

    it('refuses exactly now + 5 min and earlier, naming the earliest allowed instant in the zone', () => {
      const message = 'Pick a time after 2026-11-23 14:35:00 UTC+01:00 (more than 5 minutes from now).';
      expect(validateExpiry(now + LEAD, adminCtx)).toEqual([message]);
      expect(validateExpiry(now, adminCtx)).toEqual([message]);
      expect(validateExpiry(now - DAY_MS, adminCtx)).toEqual([message]);
    });

    it('refuses one second past the horizon, naming the last allowed instant', () => {
      expect(validateExpiry(now + admin.max_horizon_ms + 1000, adminCtx)).toEqual([
        'Your role can set at most 1,095 days ahead: until 2029-11-22 14:30:00 UTC+01:00.',
      ]);
    });

    it('shows instants in the zone it is given', () => {
      expect(validateExpiry(now, { ...adminCtx, zone: 'UTC' })).toEqual([
        'Pick a time after 2026-11-23 13:35:00 UTC (more than 5 minutes from now).',
      ]);
      expect(validateExpiry(now, { ...adminCtx, zone: 'Asia/Kolkata' })).toEqual([
        'Pick a time after 2026-11-23 19:05:00 UTC+05:30 (more than 5 minutes from now).',
      ]);
    });
  });

  describe('support', () => {
    it('accepts a later time more than 5 minutes ahead and within 90 days, inclusive', () => {
      expect(validateExpiry(now + LEAD + 1000, supportCtx)).toEqual([]);
      expect(validateExpiry(now + support.max_horizon_ms, supportCtx)).toEqual([]);
    });

    it('refuses now + 5 min and closer, as it does for an admin (one minimum lead for every role)', () => {
      const message = 'Pick a time after 2026-11-23 14:35:00 UTC+01:00 (more than 5 minutes from now).';
      expect(validateExpiry(now + LEAD, supportCtx)).toEqual([message]);
      expect(validateExpiry(now + 60_000, supportCtx)).toEqual([message]);
      expect(validateExpiry(now, supportCtx)).toEqual([message]);
    });

    it('without a lead, says the new expiry must be in the future', () => {
      expect(validateExpiry(now, { ...supportCtx, policy: { ...support, min_lead_ms: 0 } })).toEqual([
        'Pick a time after 2026-11-23 14:30:00 UTC+01:00: the new expiry must be in the future.',
      ]);
    });

    it('refuses past 90 days', () => {
      expect(validateExpiry(now + support.max_horizon_ms + 1000, supportCtx)).toEqual([
        'Your role can set at most 90 days ahead: until 2027-02-21 14:30:00 UTC+01:00.',
      ]);
    });

    it('must move a not-yet-expired expiry later: equal is refused, one second later is fine', () => {
      const current = now + 2 * DAY_MS;
      const ctx = { ...supportCtx, current };
      const message =
        'Pick a time after the current expiry, 2026-11-25 14:30:00 UTC+01:00: your role can only move an expiry later.';
      expect(validateExpiry(current, ctx)).toEqual([message]);
      expect(validateExpiry(current - DAY_MS, ctx)).toEqual([message]);
      expect(validateExpiry(now - 1000, ctx)).toEqual([message]); // one message for the lower end
      expect(validateExpiry(current + 1000, ctx)).toEqual([]);
    });

    it('refuses any value for a version outside the eligibility window or without an expiry', () => {
      expect(validateExpiry(now + 30 * DAY_MS, { ...supportCtx, current: now + WINDOW + DAY_MS })).toEqual([
        'This version expires in 8 days; your role can only change versions that are expired or expire within 7 days.',
      ]);
      expect(validateExpiry(now + 30 * DAY_MS, { ...supportCtx, current: null })).toEqual([
        'This version has no expiry; your role can only change versions that are expired or expire within 7 days.',
      ]);
    });
  });

  it('auditor: refused with the role message only', () => {
    expect(validateExpiry(now + DAY_MS, { policy: auditor, current: null, now, zone })).toEqual([
      'Your role cannot change expiries.',
    ]);
  });

  it('requires whole seconds', () => {
    expect(validateExpiry(now + DAY_MS + 500, adminCtx)).toEqual([
      'Pick a whole second: CSMS stores expiries to the second.',
    ]);
    expect(validateExpiry(Number.NaN, adminCtx)).toContain(
      'Pick a whole second: CSMS stores expiries to the second.',
    );
  });

  it('a bound with a millisecond tail still compares exactly', () => {
    const ragged = now + 250;
    const ctx = { ...adminCtx, now: ragged };
    expect(validateExpiry(now + LEAD, ctx)).toHaveLength(1); // before now + 5 min + 250 ms
    expect(validateExpiry(now + LEAD + 1000, ctx)).toEqual([]);
    expect(validateExpiry(now + admin.max_horizon_ms, ctx)).toEqual([]); // <= latest
  });
});

describe('csmsRequestBody', () => {
  it('sends epoch milliseconds exactly as JSON.stringify does', () => {
    expect(csmsRequestBody(1_767_225_600_000)).toBe('{"expire_time":1767225600000}');
  });

  it('refuses a value in seconds instead of sending 1970', () => {
    expect(() => csmsRequestBody(1_767_225_600)).toThrow(/looks like seconds/);
  });
});
