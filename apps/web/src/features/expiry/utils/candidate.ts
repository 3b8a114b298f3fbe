/**
 * What the typed Date + Time mean, and whether the BFF would accept it: one pure function shared by the live
 * preview, the field messages and the form's resolver, so what the user sees is what gates "Review change".
 */
import { expiryBounds } from '@csms-console/api-contract';
import { formatDate, formatInstant, parseZoned, zoneLabel } from '../../../lib/time';
import { validateExpiry, type ExpiryContext } from './rules';

export interface Candidate {
  /** The instant (whole seconds), when Date and Time both parse. */
  ms: number | null;
  dateError?: string;
  timeError?: string;
  /** Why the BFF would refuse the instant, worded as what to pick instead. */
  problems: string[];
  /** DST gap/overlap explanation; a hint, not an error. */
  dstHint?: string;
}

const DATE_ONLY_RE = /^\s*\d{4}-\d{2}-\d{2}\s*$/;

export function evaluateCandidate(date: string, time: string, zone: string, ctx: ExpiryContext): Candidate {
  if (date.trim() === '')
    return { ms: null, dateError: 'Enter a date (YYYY-MM-DD) or pick a day in the calendar.', problems: [] };
  // Parse the date alone first, so a bad date is reported on Date and a bad time on Time.
  const dateOnly = parseZoned(date, '12:00', zone);
  if (!dateOnly.ok) return { ms: null, dateError: dateOnly.message, problems: [] };
  if (time.trim() === '')
    return { ms: null, timeError: 'Enter a time (HH:mm or HH:mm:ss, 24-hour).', problems: [] };
  const parsed = parseZoned(date, time, zone);
  if (!parsed.ok) return { ms: null, timeError: parsed.message, problems: [] };

  const problems = validateExpiry(parsed.ms, ctx);
  if (problems.length === 0 && ctx.current !== null && parsed.ms === ctx.current) {
    problems.push('That is the current expiry: pick a different time to change it.');
  }
  const result: Candidate = { ms: parsed.ms, problems };
  if (parsed.note === 'dst_gap') {
    result.dstHint =
      `${time.trim()} does not exist on ${date.trim()} in ${zone} (the clocks jump forward), ` +
      `so it is read as ${formatInstant(parsed.ms, zone)}.`;
  } else if (parsed.note === 'dst_overlap') {
    result.dstHint =
      `${time.trim()} happens twice on ${date.trim()} in ${zone} (the clocks go back); ` +
      `the earlier one is used: ${formatInstant(parsed.ms, zone)} (${zoneLabel(zone, parsed.ms)}).`;
  }
  return result;
}

/** True when the candidate can go to review. */
export function isAcceptable(candidate: Candidate): candidate is Candidate & { ms: number } {
  return candidate.ms !== null && candidate.problems.length === 0;
}

/**
 * The calendar days (yyyy-MM-dd in `zone`) that hold at least one allowed second: the first day after the
 * exclusive lower bound through the day of the inclusive upper bound.
 */
export function allowedDays(ctx: Pick<ExpiryContext, 'policy' | 'current' | 'now'>, zone: string) {
  const { earliestExclusive, latestInclusive } = expiryBounds(ctx.policy, ctx.current, ctx.now);
  return { first: formatDate(earliestExclusive + 1000, zone), last: formatDate(latestInclusive, zone) };
}

/** Is the day (any instant within it, in `zone`) outside the allowed days? */
export function isDayDisabled(dayMs: number, zone: string, days: { first: string; last: string }): boolean {
  const day = formatDate(dayMs, zone);
  return day < days.first || day > days.last;
}

/** A typed date that parses, as an instant at noon that day in `zone` (for the calendar's selection). */
export function dayOf(date: string, zone: string): number | null {
  if (!DATE_ONLY_RE.test(date)) return null;
  const parsed = parseZoned(date, '12:00', zone);
  return parsed.ok ? parsed.ms : null;
}
