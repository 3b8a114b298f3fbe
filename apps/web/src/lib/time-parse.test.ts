import { describe, expect, it } from 'vitest';
import {
  addDaysPreset,
  addYearsPreset,
  endOfQuarter,
  floorToSecond,
  formatInstant,
  monthYearLabel,
  parseZoned,
  splitZoned,
} from './time';

const utc = Date.UTC;

function okMs(date: string, time: string, zone: string): number {
  const result = parseZoned(date, time, zone);
  if (!result.ok) throw new Error(result.message);
  return result.ms;
}

describe('parseZoned', () => {
  it.each([
    ['UTC', utc(2026, 11, 5, 14, 30)],
    ['Europe/Berlin', utc(2026, 11, 5, 13, 30)],
    ['America/New_York', utc(2026, 11, 5, 19, 30)],
    ['Asia/Kolkata', utc(2026, 11, 5, 9, 0)],
    ['Australia/Lord_Howe', utc(2026, 11, 5, 3, 30)], // +11:00 in the southern summer
  ])('reads 2026-12-05 14:30 as a wall time in %s', (zone, expected) => {
    expect(parseZoned('2026-12-05', '14:30', zone)).toEqual({ ok: true, ms: expected });
  });

  it('accepts seconds and uses summer offsets in summer', () => {
    expect(okMs('2026-07-01', '12:00:59', 'Europe/Berlin')).toBe(utc(2026, 6, 1, 10, 0, 59));
    expect(okMs('2026-07-01', '12:00', 'America/New_York')).toBe(utc(2026, 6, 1, 16, 0));
    expect(okMs('2026-07-01', '12:00', 'Australia/Lord_Howe')).toBe(utc(2026, 6, 1, 1, 30)); // +10:30
  });

  it('always returns whole seconds', () => {
    for (const zone of ['UTC', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
      expect(okMs('2026-05-17', '08:09:10', zone) % 1000).toBe(0);
    }
  });

  describe('DST gap (the wall time does not exist): moved forward by the gap', () => {
    it.each([
      ['Europe/Berlin', '2026-03-29', '02:30', utc(2026, 2, 29, 1, 30), '2026-03-29 03:30:00 UTC+02:00'],
      ['America/New_York', '2026-03-08', '02:30', utc(2026, 2, 8, 7, 30), '2026-03-08 03:30:00 UTC-04:00'],
      [
        'Australia/Lord_Howe',
        '2026-10-04',
        '02:15',
        utc(2026, 9, 3, 15, 45),
        '2026-10-04 02:45:00 UTC+11:00',
      ],
    ])('%s %s %s', (zone, date, time, expected, shown) => {
      expect(parseZoned(date, time, zone)).toEqual({ ok: true, ms: expected, note: 'dst_gap' });
      expect(formatInstant(expected, zone)).toBe(shown);
    });

    it('the first minute after the gap is an ordinary time', () => {
      expect(parseZoned('2026-03-29', '03:00', 'Europe/Berlin')).toEqual({
        ok: true,
        ms: utc(2026, 2, 29, 1, 0),
      });
    });
  });

  describe('DST overlap (the wall time happens twice): the earlier instant, and both', () => {
    it.each([
      [
        'Europe/Berlin',
        '2026-10-25',
        '02:30',
        [utc(2026, 9, 25, 0, 30), utc(2026, 9, 25, 1, 30)],
        ['2026-10-25 02:30:00 UTC+02:00', '2026-10-25 02:30:00 UTC+01:00'],
      ],
      [
        'America/New_York',
        '2026-11-01',
        '01:30',
        [utc(2026, 10, 1, 5, 30), utc(2026, 10, 1, 6, 30)],
        ['2026-11-01 01:30:00 UTC-04:00', '2026-11-01 01:30:00 UTC-05:00'],
      ],
      [
        // Lord Howe goes back by half an hour.
        'Australia/Lord_Howe',
        '2026-04-05',
        '01:45',
        [utc(2026, 3, 4, 14, 45), utc(2026, 3, 4, 15, 15)],
        ['2026-04-05 01:45:00 UTC+11:00', '2026-04-05 01:45:00 UTC+10:30'],
      ],
    ] as const)('%s %s %s', (zone, date, time, [earlier, later], shown) => {
      expect(parseZoned(date, time, zone)).toEqual({
        ok: true,
        ms: earlier,
        note: 'dst_overlap',
        instants: [earlier, later],
      });
      expect([formatInstant(earlier, zone), formatInstant(later, zone)]).toEqual(shown);
    });

    it('the first and the last second of the repeated hour are both ambiguous, with seconds kept', () => {
      expect(parseZoned('2026-11-01', '01:00:00', 'America/New_York')).toMatchObject({
        instants: [utc(2026, 10, 1, 5, 0, 0), utc(2026, 10, 1, 6, 0, 0)],
      });
      expect(parseZoned('2026-11-01', '01:59:59', 'America/New_York')).toMatchObject({
        instants: [utc(2026, 10, 1, 5, 59, 59), utc(2026, 10, 1, 6, 59, 59)],
      });
      expect(parseZoned('2026-11-01', '02:00', 'America/New_York')).toEqual({
        ok: true,
        ms: utc(2026, 10, 1, 7, 0),
      });
    });

    it('just after the overlap is an ordinary time again', () => {
      expect(parseZoned('2026-10-25', '03:00', 'Europe/Berlin')).toEqual({
        ok: true,
        ms: utc(2026, 9, 25, 2, 0),
      });
    });
  });

  it.each([
    ['2026-02-30', '10:00', /February 2026 has 28 days/],
    ['2027-02-29', '10:00', /February 2027 has 28 days/],
    ['2026-04-31', '10:00', /April 2026 has 30 days/],
    ['2026-13-01', '10:00', /month must be 01 to 12/],
    ['2026-00-10', '10:00', /month must be 01 to 12/],
    ['2026-01-00', '10:00', /January 2026 has 31 days/],
    ['1969-12-31', '10:00', /from 1970/],
    ['2026-1-5', '10:00', /YYYY-MM-DD/],
    ['05.12.2026', '10:00', /YYYY-MM-DD/],
    ['2026-12-05T10:00', '10:00', /YYYY-MM-DD/],
    ['', '10:00', /YYYY-MM-DD/],
    ['2026-12-05', '24:00', /not a time of day/],
    ['2026-12-05', '12:60', /not a time of day/],
    ['2026-12-05', '12:00:60', /not a time of day/],
    ['2026-12-05', '9:00', /HH:mm/],
    ['2026-12-05', '2:30 PM', /HH:mm/],
    ['2026-12-05', '12:00:00.500', /HH:mm/],
  ])('rejects %s %s with a human message', (date, time, message) => {
    const result = parseZoned(date, time, 'UTC');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it.each([
    ['2027-02-29', '10:00', { code: 'day_range', date: '2027-02-29', year: 2027, month: 2, days: 28 }],
    ['2026-13-01', '10:00', { code: 'month_range', date: '2026-13-01' }],
    ['1969-12-31', '10:00', { code: 'year_too_early', date: '1969-12-31' }],
    ['2026-1-5', '10:00', { code: 'date_format' }],
    ['2026-12-05', '24:00', { code: 'time_range', time: '24:00' }],
    ['2026-12-05', '9:00', { code: 'time_format' }],
  ])('says what is wrong with %s %s as a code with its values', (date, time, problem) => {
    expect(parseZoned(date, time, 'UTC')).toMatchObject({ ok: false, problem });
  });

  it('accepts a real leap day and rejects an unknown zone', () => {
    expect(okMs('2028-02-29', '00:00', 'UTC')).toBe(utc(2028, 1, 29));
    expect(parseZoned('2026-12-05', '10:00', 'Mars/Olympus_Mons')).toEqual({
      ok: false,
      problem: { code: 'unknown_zone', zone: 'Mars/Olympus_Mons' },
      message: 'Unknown time zone "Mars/Olympus_Mons".',
    });
  });
});

describe('monthYearLabel', () => {
  it('writes a month as each language does', () => {
    expect(monthYearLabel(2027, 2, 'en-US')).toBe('February 2027');
    expect(monthYearLabel(2027, 2, 'zh-CN')).toBe('2027年2月');
  });
});

describe('splitZoned', () => {
  it('is the inverse of parseZoned away from DST edges', () => {
    const ms = utc(2026, 11, 5, 13, 30, 15);
    for (const zone of ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
      const { date, time } = splitZoned(ms, zone);
      expect(okMs(date, time, zone)).toBe(ms);
    }
    expect(splitZoned(ms, 'Asia/Kolkata')).toEqual({ date: '2026-12-05', time: '19:00:15' });
  });

  it('drops milliseconds (the time has second precision)', () => {
    expect(splitZoned(utc(2026, 0, 1, 0, 0, 0) + 999, 'UTC')).toEqual({
      date: '2026-01-01',
      time: '00:00:00',
    });
  });
});

describe('presets', () => {
  const now = utc(2026, 10, 23, 13, 35, 12) + 345; // with a millisecond tail that must not leak

  it('addDaysPreset adds 24-hour days to the second', () => {
    expect(addDaysPreset(now, 30)).toBe(utc(2026, 11, 23, 13, 35, 12));
    expect(addDaysPreset(now, 0)).toBe(floorToSecond(now));
  });

  it('addYearsPreset keeps the wall time in the zone across DST', () => {
    // 2026-07-01 12:00 Berlin (CEST) + 1 y = 2027-07-01 12:00 CEST
    const summer = okMs('2026-07-01', '12:00', 'Europe/Berlin') + 250;
    expect(addYearsPreset(summer, 1, 'Europe/Berlin')).toBe(okMs('2027-07-01', '12:00', 'Europe/Berlin'));
    expect(addYearsPreset(now, 3, 'UTC')).toBe(utc(2029, 10, 23, 13, 35, 12));
  });

  it('addYearsPreset works on calendar years in the zone, not in UTC', () => {
    // 2026-12-31 23:30 UTC is already 2027-01-01 in Kolkata
    const ms = utc(2026, 11, 31, 23, 30);
    expect(splitZoned(addYearsPreset(ms, 1, 'Asia/Kolkata'), 'Asia/Kolkata')).toEqual({
      date: '2028-01-01',
      time: '05:00:00',
    });
  });

  it('addYearsPreset from a leap day lands on 28 February', () => {
    const leap = utc(2028, 1, 29, 10, 0, 0);
    expect(addYearsPreset(leap, 1, 'UTC')).toBe(utc(2029, 1, 28, 10, 0, 0));
    expect(addYearsPreset(leap, 4, 'UTC')).toBe(utc(2032, 1, 29, 10, 0, 0));
  });

  describe('endOfQuarter', () => {
    it('is 23:59:59 on the last day of the quarter, in the zone', () => {
      expect(endOfQuarter(now, 'UTC')).toBe(utc(2026, 11, 31, 23, 59, 59));
      expect(endOfQuarter(utc(2026, 1, 10), 'Europe/Berlin')).toBe(utc(2026, 2, 31, 21, 59, 59)); // CEST
      expect(endOfQuarter(utc(2026, 4, 10), 'Asia/Kolkata')).toBe(utc(2026, 5, 30, 18, 29, 59));
      expect(endOfQuarter(utc(2026, 7, 10), 'America/New_York')).toBe(utc(2026, 8, 31, 3, 59, 59)); // EDT
    });

    it('uses the quarter as the zone sees it (New Year already in Kolkata, not yet in New York)', () => {
      const ms = utc(2026, 11, 31, 20, 0); // 01:30 on 1 Jan in Kolkata, 15:00 on 31 Dec in New York
      expect(splitZoned(endOfQuarter(ms, 'Asia/Kolkata'), 'Asia/Kolkata')).toEqual({
        date: '2027-03-31',
        time: '23:59:59',
      });
      expect(splitZoned(endOfQuarter(ms, 'America/New_York'), 'America/New_York')).toEqual({
        date: '2026-12-31',
        time: '23:59:59',
      });
    });

    it('is today when today is the last day and the end is still ahead', () => {
      expect(endOfQuarter(utc(2026, 11, 31, 10, 0), 'UTC')).toBe(utc(2026, 11, 31, 23, 59, 59));
      expect(endOfQuarter(utc(2026, 11, 31, 23, 59, 58, 999), 'UTC')).toBe(utc(2026, 11, 31, 23, 59, 59));
    });

    it('moves to the next quarter (across the year end) once the end is not in the future', () => {
      expect(endOfQuarter(utc(2026, 11, 31, 23, 59, 59), 'UTC')).toBe(utc(2027, 2, 31, 23, 59, 59));
      expect(endOfQuarter(utc(2026, 11, 31, 23, 59, 59, 500), 'UTC')).toBe(utc(2027, 2, 31, 23, 59, 59));
      expect(endOfQuarter(utc(2026, 5, 30, 23, 59, 59), 'UTC')).toBe(utc(2026, 8, 30, 23, 59, 59));
    });

    it('handles a leap-year first quarter', () => {
      expect(endOfQuarter(utc(2028, 1, 29, 12), 'UTC')).toBe(utc(2028, 2, 31, 23, 59, 59));
    });

    it('returns whole seconds in a half-hour zone', () => {
      expect(endOfQuarter(now, 'Australia/Lord_Howe') % 1000).toBe(0);
      expect(formatInstant(endOfQuarter(now, 'Australia/Lord_Howe'), 'Australia/Lord_Howe')).toBe(
        '2026-12-31 23:59:59 UTC+11:00',
      );
    });
  });
});
