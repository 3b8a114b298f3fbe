/**
 * Wall-clock arithmetic in an explicit IANA zone: what a user typed -> epoch ms, and the date-picker presets.
 * Public through `time.ts`; import from there. Every result is whole seconds, because CSMS stores seconds.
 *
 * DST policy (the same for parsing and presets): a wall time that does not exist (spring-forward gap) is
 * moved forward by the length of the gap (Berlin 02:30 -> 03:30 CEST); an ambiguous wall time (fall-back
 * overlap) resolves to the EARLIER of the two instants (Berlin 02:30 -> 02:30 CEST, not CET).
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

type Resolved = { ms: number; note?: 'dst_gap' | 'dst_overlap' };

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
  const [earliest] = matches;
  if (earliest === undefined) return { ms: asUtc - before * MINUTE, note: 'dst_gap' };
  return matches.length > 1 ? { ms: earliest, note: 'dst_overlap' } : { ms: earliest };
}

function daysIn(year: number, month: number): number {
  return getDaysInMonth(new TZDate(year, month - 1, 1, 'UTC'));
}

export type ParseZonedResult =
  { ok: true; ms: number; note?: 'dst_gap' | 'dst_overlap' } | { ok: false; message: string };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Parses a date (`yyyy-MM-dd`) and a time (`HH:mm` or `HH:mm:ss`, 24 h) as read on a clock in `zone`.
 * Strict: no other formats, no rollover (2026-02-30 is an error, not March 2nd).
 */
export function parseZoned(date: string, time: string, zone: string): ParseZonedResult {
  const d = DATE_RE.exec(date.trim());
  if (!d) return { ok: false, message: 'Enter the date as YYYY-MM-DD, for example 2026-12-05.' };
  const t = TIME_RE.exec(time.trim());
  if (!t) return { ok: false, message: 'Enter the time as HH:mm or HH:mm:ss (24-hour), for example 14:30.' };
  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [hour, minute, second] = [Number(t[1]), Number(t[2]), Number(t[3] ?? '0')];

  if (year < 1970) return { ok: false, message: `${date} is too far in the past: use a year from 1970 on.` };
  if (month < 1 || month > 12)
    return { ok: false, message: `${date} is not a date: the month must be 01 to 12.` };
  const monthDays = daysIn(year, month);
  if (day < 1 || day > monthDays) {
    const monthName = format(new TZDate(year, month - 1, 1, 'UTC'), 'MMMM yyyy');
    return { ok: false, message: `${date} is not a date: ${monthName} has ${monthDays} days.` };
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return {
      ok: false,
      message: `${time} is not a time of day: hours run 00-23, minutes and seconds 00-59.`,
    };
  }
  if (!isValidZone(zone)) return { ok: false, message: `Unknown time zone "${zone}".` };

  const resolved = fromWall({ year, month, day, hour, minute, second }, zone);
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
