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
  it('a time that does not exist (DST gap) is read moved on by the gap', () => {
    const gap = evaluateCandidate('2027-03-28', '02:30', 'Europe/Berlin', ctx());
    expect(gap.gap).toBe(true);
    expect(gap.ms).toBe(Date.UTC(2027, 2, 28, 1, 30, 0)); // 03:30 CEST
    expect(isAcceptable(gap)).toBe(true);
  });
  it('a time that happens twice (DST overlap) has no instant until one of the two is picked', () => {
    const first = Date.UTC(2027, 9, 31, 0, 30, 0); // 02:30 CEST
    const second = Date.UTC(2027, 9, 31, 1, 30, 0); // 02:30 CET
    const open = evaluateCandidate('2027-10-31', '02:30', 'Europe/Berlin', ctx());
    expect(open).toEqual({ ms: null, problems: [], overlap: { instants: [first, second], picked: null } });
    expect(isAcceptable(open)).toBe(false);
    // A pick that is neither instant (left from another time) picks nothing.
    expect(evaluateCandidate('2027-10-31', '02:30', 'Europe/Berlin', ctx(), first + 60_000).ms).toBeNull();
    const later = evaluateCandidate('2027-10-31', '02:30', 'Europe/Berlin', ctx(), second);
    expect(later.ms).toBe(second);
    expect(later.overlap?.picked).toBe(second);
    expect(isAcceptable(later)).toBe(true);
    // The picked instant is checked like any other.
    const tooLate = evaluateCandidate(
      '2027-10-31',
      '02:30',
      'Europe/Berlin',
      ctx({ policy: support }),
      first,
    );
    expect(tooLate.problems.join(' ')).toMatch(/at most 90 days ahead/);
  });
  it('ignores a pick when the time is not ambiguous', () => {
    const c = evaluateCandidate('2027-01-31', '14:30', 'Europe/Berlin', ctx(), Date.UTC(2020, 0, 1));
    expect(c.ms).toBe(Date.UTC(2027, 0, 31, 13, 30, 0));
    expect(c.overlap).toBeUndefined();
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
