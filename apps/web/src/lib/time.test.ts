import { afterEach, describe, expect, it, vi } from 'vitest';
import { activateLocale } from './i18n';
import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  assertEpochMs,
  browserZone,
  clockSkew,
  expiryStatus,
  expiryStatusLabel,
  expiryWording,
  floorToSecond,
  formatDate,
  formatInstant,
  formatRelative,
  formatTime,
  looksLikeSeconds,
  resolveZone,
  serverNow,
  zoneLabel,
} from './time';

const utc = Date.UTC;
const winter = utc(2026, 11, 5, 13, 30, 0);
const summer = utc(2026, 6, 1, 10, 0, 0);

describe('formatting in an explicit zone', () => {
  it.each([
    ['UTC', '2026-12-05 13:30:00 UTC'],
    ['Europe/Berlin', '2026-12-05 14:30:00 UTC+01:00'],
    ['America/New_York', '2026-12-05 08:30:00 UTC-05:00'],
    ['Asia/Kolkata', '2026-12-05 19:00:00 UTC+05:30'],
    ['Australia/Lord_Howe', '2026-12-06 00:30:00 UTC+11:00'],
    ['Europe/London', '2026-12-05 13:30:00 UTC+00:00'],
  ])('formatInstant in %s', (zone, expected) => {
    expect(formatInstant(winter, zone)).toBe(expected);
  });

  it('shows the offset in force at that instant (DST)', () => {
    expect(formatInstant(summer, 'Europe/Berlin')).toBe('2026-07-01 12:00:00 UTC+02:00');
    expect(formatInstant(summer, 'America/New_York')).toBe('2026-07-01 06:00:00 UTC-04:00');
    expect(formatInstant(summer, 'Australia/Lord_Howe')).toBe('2026-07-01 20:30:00 UTC+10:30');
  });

  it('formatDate and formatTime split the same reading, 24-hour with seconds', () => {
    expect(formatDate(winter, 'Australia/Lord_Howe')).toBe('2026-12-06');
    expect(formatTime(winter, 'Australia/Lord_Howe')).toBe('00:30:00');
    expect(formatTime(utc(2026, 0, 1, 23, 5, 9), 'UTC')).toBe('23:05:09');
    expect(formatTime(utc(2026, 0, 1, 23, 5, 9) + 999, 'UTC')).toBe('23:05:09');
  });

  it('zoneLabel names the zone with the offset at that instant, or just UTC', () => {
    expect(zoneLabel('Europe/Berlin', winter)).toBe('Europe/Berlin (UTC+01:00)');
    expect(zoneLabel('Europe/Berlin', summer)).toBe('Europe/Berlin (UTC+02:00)');
    expect(zoneLabel('Asia/Kolkata', summer)).toBe('Asia/Kolkata (UTC+05:30)');
    expect(zoneLabel('America/New_York', winter)).toBe('America/New_York (UTC-05:00)');
    expect(zoneLabel('UTC', winter)).toBe('UTC');
    expect(zoneLabel('Etc/UTC', winter)).toBe('UTC');
  });

  it('throws on an unknown zone rather than guessing', () => {
    expect(() => formatInstant(winter, 'Mars/Olympus_Mons')).toThrow();
  });
});

describe('zones', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('resolveZone: utc is UTC, local is the browser zone', () => {
    expect(resolveZone('utc')).toBe('UTC');
    expect(resolveZone('local')).toBe(browserZone());
  });

  it('browserZone falls back to UTC when the runtime gives nothing usable', () => {
    vi.spyOn(Intl, 'DateTimeFormat').mockImplementation(() => {
      throw new RangeError('no Intl here');
    });
    expect(browserZone()).toBe('UTC');
  });
});

describe('formatRelative (whole units, rounded down)', () => {
  const now = utc(2026, 10, 23, 12, 0, 0);
  it.each([
    [now, 'just now'],
    [now + 59_999, 'just now'],
    [now - 59_999, 'just now'],
    [now + MINUTE_MS, 'in 1 minute'],
    [now - MINUTE_MS, '1 minute ago'],
    [now + 40 * MINUTE_MS + 59_000, 'in 40 minutes'],
    [now + HOUR_MS - 1, 'in 59 minutes'],
    [now + HOUR_MS, 'in 1 hour'],
    [now + 5 * HOUR_MS + 59 * MINUTE_MS, 'in 5 hours'],
    [now + DAY_MS - 1, 'in 23 hours'],
    [now + DAY_MS, 'in 24 hours'],
    [now + 36 * HOUR_MS, 'in 36 hours'],
    [now + 2 * DAY_MS - 1, 'in 47 hours'],
    [now + 2 * DAY_MS, 'in 2 days'],
    [now - 3 * DAY_MS, '3 days ago'],
    [now + 12 * DAY_MS + 23 * HOUR_MS, 'in 12 days'],
    [now + 30 * DAY_MS - 1, 'in 29 days'],
    [now + 30 * DAY_MS, 'in 30 days'],
    [now + 60 * DAY_MS - 1, 'in 59 days'],
    [now + 100 * DAY_MS - 1, 'in 99 days'],
    [now + 100 * DAY_MS, 'in 3 months'],
    [now + 335 * DAY_MS, 'in 11 months'],
    [now + 365 * DAY_MS, 'in 12 months'],
    [now + 730 * DAY_MS - 1, 'in 24 months'],
    [now + 730 * DAY_MS, 'in 2 years'],
    [now - 800 * DAY_MS, '2 years ago'],
  ])('%i -> %s', (ms, expected) => {
    expect(formatRelative(ms, now)).toBe(expected);
  });

  it('never says "in 0 ..."', () => {
    for (let ms = -DAY_MS * 400; ms <= DAY_MS * 400; ms += 7_777_777) {
      expect(formatRelative(now + ms, now)).not.toMatch(/\b0 /);
    }
  });
});

describe('expiryWording', () => {
  const now = utc(2026, 10, 23, 12, 0, 0);
  it.each([
    [null, 'no expiry'],
    [now + 12 * DAY_MS, 'expires in 12 days'],
    [now - 3 * DAY_MS, 'expired 3 days ago'],
    [now + 5 * HOUR_MS, 'expires in 5 hours'],
    [now + 30_000, 'expires in under a minute'],
    [now, 'expired just now'],
    [now - 30_000, 'expired just now'],
  ])('%s -> %s', (ms, expected) => {
    expect(expiryWording(ms, now)).toBe(expected);
  });
});

describe('expiryStatus', () => {
  const now = utc(2026, 10, 23, 12, 0, 0);
  it.each([
    [null, 'no_expiry'],
    [now - DAY_MS, 'expired'],
    [now, 'expired'],
    [now + 1, 'within_7_days'],
    [now + 7 * DAY_MS, 'within_7_days'],
    [now + 7 * DAY_MS + 1, 'within_30_days'],
    [now + 30 * DAY_MS, 'within_30_days'],
    [now + 30 * DAY_MS + 1, 'ok'],
  ] as const)('%s -> %s', (ms, expected) => {
    expect(expiryStatus(ms, now)).toBe(expected);
  });

  it('has a label for every status, in each language', async () => {
    const statuses = ['expired', 'within_7_days', 'within_30_days', 'ok', 'no_expiry'] as const;
    expect(statuses.map(expiryStatusLabel)).toEqual([
      'Expired',
      'Expires within 7 days',
      'Expires within 30 days',
      'OK',
      'No expiry',
    ]);
    await activateLocale('zh-CN');
    try {
      expect(statuses.map(expiryStatusLabel)).toEqual([
        '已过期',
        '7 天内过期',
        '30 天内过期',
        '正常',
        '永不过期',
      ]);
    } finally {
      await activateLocale('en');
    }
  });

  it('words relative times in Chinese through date-fns', async () => {
    await activateLocale('zh-CN');
    try {
      expect(expiryWording(now + 12 * DAY_MS + HOUR_MS, now)).toBe('12 天内过期');
      expect(expiryWording(now - 3 * DAY_MS, now)).toBe('3 天前已过期');
      expect(expiryWording(null, now)).toBe('永不过期');
    } finally {
      await activateLocale('en');
    }
  });
});

describe('milliseconds, not seconds', () => {
  const seconds = 1_767_225_600; // 2026-01-01T00:00:00Z in seconds
  const ms = 1_767_225_600_000;

  it('looksLikeSeconds tells the two apart', () => {
    expect(looksLikeSeconds(seconds)).toBe(true);
    expect(looksLikeSeconds(ms)).toBe(false);
    expect(formatInstant(ms, 'UTC')).toBe('2026-01-01 00:00:00 UTC');
    expect(formatInstant(seconds, 'UTC')).toBe('1970-01-21 10:53:45 UTC'); // what the unit bug would show
  });

  it('assertEpochMs passes ms through and explains a seconds value', () => {
    expect(assertEpochMs(ms)).toBe(ms);
    expect(() => assertEpochMs(seconds)).toThrow(
      'Expected epoch milliseconds, got 1767225600, which looks like seconds (2026-01-01 00:00:00 UTC if it were); multiply by 1000.',
    );
    expect(() => assertEpochMs(ms + 0.5)).toThrow(/integer/);
    expect(() => assertEpochMs(Number.NaN)).toThrow(/integer/);
  });

  it('floorToSecond drops the millisecond tail', () => {
    expect(floorToSecond(ms + 999)).toBe(ms);
    expect(floorToSecond(ms)).toBe(ms);
  });
});

describe('server clock', () => {
  it('clockSkew and serverNow put "now" on the BFF clock', () => {
    const skew = clockSkew(1_000_050_000, 1_000_000_000);
    expect(skew).toBe(50_000);
    expect(serverNow(skew, 1_000_010_000)).toBe(1_000_060_000);
    expect(serverNow(clockSkew(100, 300), 1000)).toBe(800);
  });

  it('serverNow defaults to the browser clock', () => {
    vi.useFakeTimers({ now: 2_000_000_000_000 });
    try {
      expect(serverNow(-5_000)).toBe(1_999_999_995_000);
    } finally {
      vi.useRealTimers();
    }
  });
});
