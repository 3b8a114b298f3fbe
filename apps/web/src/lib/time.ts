/**
 * The only module in the web app that formats or parses dates. CSMS carries epoch milliseconds and stores
 * whole seconds. Every function takes an explicit IANA zone (or none at all), so output never depends on
 * the machine's TZ: components resolve the user's choice with `resolveZone` and pass it down.
 */
import { format, formatDistanceStrict } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import { activeDateLocale, t } from './i18n';
import { isValidZone, offsetMinutes } from './time-parse';

export {
  addDaysPreset,
  addYearsPreset,
  endOfQuarter,
  floorToSecond,
  isValidZone,
  monthYearLabel,
  parseZoned,
  splitZoned,
  type ParseZonedResult,
  type ZonedProblem,
} from './time-parse';

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export type ZoneChoice = 'local' | 'utc';

/** The browser's IANA zone, or 'UTC' when the runtime does not say (or says something unusable). */
export function browserZone(): string {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return zone && isValidZone(zone) ? zone : 'UTC';
  } catch {
    return 'UTC';
  }
}

export function resolveZone(choice: ZoneChoice): string {
  return choice === 'utc' ? 'UTC' : browserZone();
}

const UTC_NAMES = new Set([
  'UTC',
  'ETC/UTC',
  'UCT',
  'ETC/UCT',
  'UNIVERSAL',
  'ETC/UNIVERSAL',
  'ZULU',
  'ETC/ZULU',
]);

/** True for the UTC zone itself (not for zones that merely sit at +00:00, such as London in winter). */
export function isUtcZone(zone: string): boolean {
  return UTC_NAMES.has(zone.toUpperCase());
}

/** `UTC` in the UTC zone, otherwise the offset in force at `ms`: `UTC+01:00`, `UTC-04:00`, `UTC+05:30`. */
export function offsetLabel(ms: number, zone: string): string {
  if (isUtcZone(zone)) return 'UTC';
  const minutes = offsetMinutes(zone, ms);
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `UTC${minutes < 0 ? '-' : '+'}${hh}:${mm}`;
}

/** `2026-12-05 14:30:00 UTC+01:00` (24 h, seconds, explicit offset). */
export function formatInstant(ms: number, zone: string): string {
  return `${format(new TZDate(ms, zone), 'yyyy-MM-dd HH:mm:ss')} ${offsetLabel(ms, zone)}`;
}

/** `2026-12-05` */
export function formatDate(ms: number, zone: string): string {
  return format(new TZDate(ms, zone), 'yyyy-MM-dd');
}

/** `14:30:00` */
export function formatTime(ms: number, zone: string): string {
  return format(new TZDate(ms, zone), 'HH:mm:ss');
}

/** `14:30` (a time of day soon or just past, e.g. a schedule's next slot). */
export function formatHourMinute(ms: number, zone: string): string {
  return format(new TZDate(ms, zone), 'HH:mm');
}

/** `Europe/Berlin (UTC+01:00)` with the offset in force at `atMs` (so DST shows), or just `UTC`. */
export function zoneLabel(zone: string, atMs: number): string {
  return isUtcZone(zone) ? 'UTC' : `${zone} (${offsetLabel(atMs, zone)})`;
}

// Relative wording counts whole units, always rounded DOWN, so it never promises more time than there is.
// Each unit is used from a threshold that keeps the number useful for expiry decisions: hours up to 2 days
// ("in 36 hours", not "in 1 day"), days up to 100 days ("in 59 days", not "in 1 month"), then months of 30
// days up to 2 years, then years of 365 days. The words come from date-fns in the active language.
const UNITS: ReadonlyArray<readonly [unit: 'year' | 'month' | 'day' | 'hour' | 'minute', from: number]> = [
  ['year', 730 * DAY_MS],
  ['month', 100 * DAY_MS],
  ['day', 2 * DAY_MS],
  ['hour', HOUR_MS],
  ['minute', MINUTE_MS],
];

/** `in 12 days`, `3 days ago` (`12 天内`, `3 天前`); undefined when under a minute either way. */
function relativeSpan(ms: number, now: number): string | undefined {
  const distance = Math.abs(ms - now);
  const unit = UNITS.find(([, from]) => distance >= from)?.[0];
  if (unit === undefined) return undefined;
  return formatDistanceStrict(ms, now, {
    unit,
    roundingMethod: 'floor',
    addSuffix: true,
    locale: activeDateLocale(),
  });
}

/** `in 12 days`, `3 days ago`, `in 5 hours`, `in 40 minutes`; `just now` under a minute either way. */
export function formatRelative(ms: number, now: number): string {
  return relativeSpan(ms, now) ?? t('time.justNow');
}

/** `expires in 12 days`, `expired 3 days ago`, `no expiry`. Agrees with `expiryStatus` on "expired". */
export function expiryWording(ms: number | null, now: number): string {
  if (ms === null) return t('time.noExpiry');
  const relative = relativeSpan(ms, now);
  if (ms <= now)
    return relative === undefined ? t('time.expiredJustNow') : t('time.expiredRelative', { relative });
  return relative === undefined ? t('time.expiresUnderMinute') : t('time.expiresRelative', { relative });
}

export type ExpiryStatus = 'expired' | 'within_7_days' | 'within_30_days' | 'ok' | 'no_expiry';

/** Expired at `ms <= now`; the windows are inclusive (exactly now + 7 d is "within 7 days"). */
export function expiryStatus(ms: number | null, now: number): ExpiryStatus {
  if (ms === null) return 'no_expiry';
  if (ms <= now) return 'expired';
  if (ms <= now + 7 * DAY_MS) return 'within_7_days';
  if (ms <= now + 30 * DAY_MS) return 'within_30_days';
  return 'ok';
}

/** `Expired`, `Expires within 7 days`... in the active language. */
export function expiryStatusLabel(status: ExpiryStatus): string {
  return t(`expiryStatus.${status}`);
}

/** Below 1e11 (1973-03-03 as ms) a CSMS time is almost surely seconds: a unit bug, not a real date. */
export function looksLikeSeconds(value: number): boolean {
  return Math.abs(value) < 1e11;
}

/** Returns `value` if it is plausible epoch milliseconds; throws a clear Error otherwise. */
export function assertEpochMs(value: number): number {
  if (!Number.isInteger(value)) {
    throw new Error(`Expected an integer epoch-milliseconds time, got ${value}.`);
  }
  if (looksLikeSeconds(value)) {
    throw new Error(
      `Expected epoch milliseconds, got ${value}, which looks like seconds ` +
        `(${formatInstant(value * 1000, 'UTC')} if it were); multiply by 1000.`,
    );
  }
  return value;
}

/** How far the BFF's clock is ahead of this browser's (negative when behind), from `server_time`. */
export function clockSkew(serverTime: number, clientNow: number): number {
  return serverTime - clientNow;
}

/** "Now" on the BFF's clock, so status and bounds match what the BFF will decide. */
export function serverNow(skew: number, clientNow: number = Date.now()): number {
  return clientNow + skew;
}
