import { describe, expect, it } from 'vitest';
import { adminPolicy as admin, supportPolicy as support } from '../../../testing/expiry-policies';
import { allowedDays, dayOf, evaluateCandidate, isAcceptable, isDayDisabled } from './candidate';
import type { ExpiryContext } from './rules';

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 23, 12, 0, 0); // 2026-11-23 12:00:00 UTC
const ctx = (over: Partial<ExpiryContext> = {}): ExpiryContext => ({
  policy: admin,
  current: now + 60 * DAY,
  now,
  zone: 'UTC',
  ...over,
});

describe('evaluateCandidate', () => {
  it('reads Date + Time in the zone, to the second', () => {
    const c = evaluateCandidate('2027-01-31', '14:30', 'Europe/Berlin', ctx());
    expect(c.ms).toBe(Date.UTC(2027, 0, 31, 13, 30, 0));
    expect(isAcceptable(c)).toBe(true);
  });
  it('puts a bad date on Date and a bad time on Time', () => {
    expect(evaluateCandidate('2027-02-30', '10:00', 'UTC', ctx()).dateError).toMatch(
      /February 2027 has 28 days/,
    );
    expect(evaluateCandidate('', '10:00', 'UTC', ctx()).dateError).toMatch(/Enter a date/);
    const t = evaluateCandidate('2027-02-01', '25:00', 'UTC', ctx());
    expect(t.dateError).toBeUndefined();
    expect(t.timeError).toMatch(/not a time of day/);
  });
  it('says what is allowed when the instant is out of bounds', () => {
    const past = evaluateCandidate('2026-11-20', '10:00', 'UTC', ctx());
    expect(past.ms).not.toBeNull();
    expect(past.problems.join(' ')).toMatch(/Pick a time after 2026-11-23 12:05:00 UTC/);
    expect(isAcceptable(past)).toBe(false);
  });
  it('refuses "no change"', () => {
    const current = Date.UTC(2027, 0, 1, 0, 0, 0);
    const c = evaluateCandidate('2027-01-01', '00:00:00', 'UTC', ctx({ current }));
    expect(c.problems).toEqual(['That is the current expiry: pick a different time to change it.']);
  });
  it('explains a DST gap and overlap as hints', () => {
    const gap = evaluateCandidate('2027-03-28', '02:30', 'Europe/Berlin', ctx());
    expect(gap.dstHint).toMatch(/does not exist/);
    expect(gap.ms).toBe(Date.UTC(2027, 2, 28, 1, 30, 0));
    const overlap = evaluateCandidate('2027-10-31', '02:30', 'Europe/Berlin', ctx());
    expect(overlap.dstHint).toMatch(/happens twice/);
    expect(overlap.ms).toBe(Date.UTC(2027, 9, 31, 0, 30, 0));
  });
});

describe('calendar days', () => {
  it('allows the days that hold an allowed second, in the zone', () => {
    const days = allowedDays(ctx(), 'UTC');
    expect(days).toEqual({ first: '2026-11-23', last: '2029-11-22' });
    expect(isDayDisabled(Date.UTC(2026, 10, 22, 12), 'UTC', days)).toBe(true);
    expect(isDayDisabled(Date.UTC(2026, 10, 23, 0), 'UTC', days)).toBe(false);
    expect(isDayDisabled(Date.UTC(2029, 10, 23, 0), 'UTC', days)).toBe(true);
  });
  it('raises the first day to the current expiry for a role that must extend', () => {
    expect(allowedDays({ policy: support, current: now + 3 * DAY, now }, 'UTC').first).toBe('2026-11-26');
  });
  it('maps a typed date to noon that day, or null', () => {
    expect(dayOf('2027-01-31', 'UTC')).toBe(Date.UTC(2027, 0, 31, 12));
    expect(dayOf('2027-1-31', 'UTC')).toBeNull();
  });
});
