/**
 * Wall-clock arithmetic in an explicit IANA zone: what a user typed -> epoch ms, and the date-picker presets.
 * Public through `time.ts`; import from there. Every result is whole seconds, because CSMS stores seconds.
 *
 * DST policy (the same for parsing and presets): a wall time that does not exist (spring-forward gap) is
 * moved forward by the length of the gap (Berlin 02:30 -> 03:30 CEST); an ambiguous wall time (fall-back
 * overlap) resolves to the EARLIER of the two instants (Berlin 02:30 -> 02:30 CEST, not CET), and parseZoned
 * also returns both (`instants`), so a form can let the user choose instead (the expiry editor does).
 *
 * A failed parse says what is wrong as a `problem` (a code and its values) for the caller to word in the
 * user's language; `message` is the same in English, for callers not yet translated.
 */
import { format, getDaysInMonth } from 'date-fns';
import { TZDate, tzOffset } from '@date-fns/tz';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Drops the milliseconds: CSMS keeps whole seconds, so anything finer would not round-trip. */
export function floorToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** UTC offset of `zone` at instant `ms`, in minutes; throws for a zone the runtime does not know. */
export function offsetMinutes(zone: string, ms: number): number {
  const offset = tzOffset(zone, new Date(ms));
  if (Number.isNaN(offset)) throw new Error(`Unknown time zone "${zone}".`);
  return offset;
}

export function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A calendar date and time of day as read on a clock in some zone; month is 1-12. */
interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallOf(ms: number, zone: string): Wall {
  const shifted = new Date(ms + offsetMinutes(zone, ms) * MINUTE);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

type Resolved =
  | { ms: number; note?: undefined }
  | { ms: number; note: 'dst_gap' }
  /** `ms` is the earlier of `instants` (earlier, later). */
  | { ms: number; note: 'dst_overlap'; instants: [number, number] };

/** The instant a wall time denotes in `zone`, with the DST policy in the header. */
function fromWall(wall: Wall, zone: string): Resolved {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  // The offsets in force a day either side cover any single transition near this wall time.
  const before = offsetMinutes(zone, asUtc - DAY);
  const after = offsetMinutes(zone, asUtc + DAY);
  const matches = [...new Set([before, after])]
    .map((offset) => asUtc - offset * MINUTE)
    .filter((ms) => offsetMinutes(zone, ms) * MINUTE === asUtc - ms)
    .sort((a, b) => a - b);
  const [earliest, later] = matches;
  if (earliest === undefined) return { ms: asUtc - before * MINUTE, note: 'dst_gap' };
  return later === undefined
    ? { ms: earliest }
    : { ms: earliest, note: 'dst_overlap', instants: [earliest, later] };
}

function daysIn(year: number, month: number): number {
  return getDaysInMonth(new TZDate(year, month - 1, 1, 'UTC'));
}

/** Why a date and time could not be read, with what a message needs to say it. */
export type ZonedProblem =
  | { code: 'date_format' }
  | { code: 'time_format' }
  | { code: 'year_too_early'; date: string }
  | { code: 'month_range'; date: string }
  /** `month` 1-12; `days`: how many days that month has. */
  | { code: 'day_range'; date: string; year: number; month: number; days: number }
  | { code: 'time_range'; time: string }
  | { code: 'unknown_zone'; zone: string };

/**
 * `note`: `dst_gap`, the wall time does not exist and `ms` is it moved forward by the gap (splitZoned(ms)
 * is the wall time it became); `dst_overlap`, it happens twice, `instants` holds both and `ms` the earlier.
 */
export type ParseZonedResult =
  ({ ok: true } & Resolved) | { ok: false; problem: ZonedProblem; message: string };

/** For developers (thrown Errors, logs, tests): the SPA words a problem from its code, in the user's language. */
function englishMessage(problem: ZonedProblem): string {
  switch (problem.code) {
    case 'date_format':
      return 'Enter the date as YYYY-MM-DD, for example 2026-12-05.'; // i18n-exempt: developer-facing (Errors, tests); the UI words a problem by its code
    case 'time_format':
      return 'Enter the time as HH:mm or HH:mm:ss (24-hour), for example 14:30.'; // i18n-exempt: developer-facing (Errors, tests); the UI words a problem by its code
    case 'year_too_early':
      return `${problem.date} is too far in the past: use a year from 1970 on.`;
    case 'month_range':
      return `${problem.date} is not a date: the month must be 01 to 12.`;
    case 'day_range': {
      const monthName = monthYearLabel(problem.year, problem.month, 'en-US');
      return `${problem.date} is not a date: ${monthName} has ${problem.days} days.`;
    }
    case 'time_range':
      return `${problem.time} is not a time of day: hours run 00-23, minutes and seconds 00-59.`;
    case 'unknown_zone':
      return `Unknown time zone "${problem.zone}".`; // i18n-exempt: developer-facing (Errors, tests); the UI words a problem by its code
  }
}

function failed(problem: ZonedProblem): ParseZonedResult {
  return { ok: false, problem, message: englishMessage(problem) };
}

/** A month as people write it in `locale` (a BCP 47 tag): `February 2027`, `2027年2月`. */
export function monthYearLabel(year: number, month: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    Date.UTC(year, month - 1, 1),
  );
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Parses a date (`yyyy-MM-dd`) and a time (`HH:mm` or `HH:mm:ss`, 24 h) as read on a clock in `zone`.
 * Strict: no other formats, no rollover (2026-02-30 is an error, not March 2nd).
 */
export function parseZoned(date: string, time: string, zone: string): ParseZonedResult {
  const d = DATE_RE.exec(date.trim());
  if (!d) return failed({ code: 'date_format' });
  const t = TIME_RE.exec(time.trim());
  if (!t) return failed({ code: 'time_format' });
  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [hour, minute, second] = [Number(t[1]), Number(t[2]), Number(t[3] ?? '0')];

  if (year < 1970) return failed({ code: 'year_too_early', date });
  if (month < 1 || month > 12) return failed({ code: 'month_range', date });
  const monthDays = daysIn(year, month);
  if (day < 1 || day > monthDays) return failed({ code: 'day_range', date, year, month, days: monthDays });
  if (hour > 23 || minute > 59 || second > 59) return failed({ code: 'time_range', time });
  if (!isValidZone(zone)) return failed({ code: 'unknown_zone', zone });

  const resolved = fromWall({ year, month, day, hour, minute, second }, zone);
  if (resolved.note === 'dst_overlap') {
    const [earlier, later] = resolved.instants.map(floorToSecond) as [number, number];
    return { ok: true, ms: earlier, note: 'dst_overlap', instants: [earlier, later] };
  }
  return { ok: true, ...resolved, ms: floorToSecond(resolved.ms) };
}

/** The date (`yyyy-MM-dd`) and time (`HH:mm:ss`) a clock in `zone` shows at `ms`; inverse of parseZoned. */
export function splitZoned(ms: number, zone: string): { date: string; time: string } {
  const local = new TZDate(ms, zone);
  return { date: format(local, 'yyyy-MM-dd'), time: format(local, 'HH:mm:ss') };
}

/** `now` plus whole 24-hour days, to the second. */
export function addDaysPreset(now: number, days: number): number {
  return floorToSecond(now) + days * DAY;
}

/**
 * The same wall time `years` calendar years on, in `zone`. A leap day lands on 28 February
 * (2028-02-29 + 1 y = 2029-02-28); a wall time that falls into a DST gap moves forward.
 */
export function addYearsPreset(now: number, years: number, zone: string): number {
  const wall = wallOf(floorToSecond(now), zone);
  const year = wall.year + years;
  const day = Math.min(wall.day, daysIn(year, wall.month));
  return floorToSecond(fromWall({ ...wall, year, day }, zone).ms);
}

/**
 * 23:59:59 on the last day of the calendar quarter `now` falls in, in `zone`; if that moment is not after
 * `now` (the last second of the quarter), the end of the next quarter.
 */
export function endOfQuarter(now: number, zone: string): number {
  const { year, month } = wallOf(now, zone);
  const quarterEndMonth = Math.floor((month - 1) / 3) * 3 + 3;
  const end = quarterEnd(year, quarterEndMonth, zone);
  if (end > now) return end;
  return quarterEndMonth === 12 ? quarterEnd(year + 1, 3, zone) : quarterEnd(year, quarterEndMonth + 3, zone);
}

function quarterEnd(year: number, month: number, zone: string): number {
  const wall = { year, month, day: daysIn(year, month), hour: 23, minute: 59, second: 59 };
  return floorToSecond(fromWall(wall, zone).ms);
}
