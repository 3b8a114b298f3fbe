/**
 * What the typed Date + Time mean, and whether the BFF would accept it: one pure function shared by the live
 * preview, the field messages and the form's resolver, so what the user sees is what gates "Review change".
 */
import { expiryBounds } from '@csms-console/api-contract';
import { activeDateLocale, t } from '../../../lib/i18n';
import { formatDate, monthYearLabel, parseZoned, type ZonedProblem } from '../../../lib/time';
import { validateExpiry, type ExpiryContext } from './rules';

export interface Candidate {
  /**
   * The instant (whole seconds), when Date and Time both parse; for a wall time that happens twice, the
   * instant the user picked (null until they pick one).
   */
  ms: number | null;
  dateError?: string;
  timeError?: string;
  /** Why the BFF would refuse the instant, worded as what to pick instead. */
  problems: string[];
  /** The wall time happens twice in the zone (the clocks go back): both instants, the earlier first. */
  overlap?: { instants: [number, number]; picked: number | null };
  /** The wall time does not exist in the zone (the clocks jump forward): `ms` is it moved on by the gap. */
  gap?: true;
}

const DATE_ONLY_RE = /^\s*\d{4}-\d{2}-\d{2}\s*$/;

/** A parse failure in the active language (`lib/time-parse` says it as a code). */
export function problemText(problem: ZonedProblem): string {
  if (problem.code === 'day_range') {
    const month = monthYearLabel(problem.year, problem.month, activeDateLocale().code ?? 'en-US');
    return t('expiry.parse.day_range', { date: problem.date, month, days: problem.days });
  }
  return t(`expiry.parse.${problem.code}`, { ...problem });
}

/**
 * `pick`: which instant the user chose when the wall time happens twice (one of `overlap.instants`); any
 * other value (or none) leaves the choice open, and the candidate has no instant until it is made.
 */
export function evaluateCandidate(
  date: string,
  time: string,
  zone: string,
  ctx: ExpiryContext,
  pick: number | null = null,
): Candidate {
  if (date.trim() === '') return { ms: null, dateError: t('expiry.candidate.enterDate'), problems: [] };
  // Parse the date alone first, so a bad date is reported on Date and a bad time on Time.
  const dateOnly = parseZoned(date, '12:00', zone);
  if (!dateOnly.ok) return { ms: null, dateError: problemText(dateOnly.problem), problems: [] };
  if (time.trim() === '') return { ms: null, timeError: t('expiry.candidate.enterTime'), problems: [] };
  const parsed = parseZoned(date, time, zone);
  if (!parsed.ok) return { ms: null, timeError: problemText(parsed.problem), problems: [] };

  if (parsed.note === 'dst_overlap') {
    const picked = parsed.instants.includes(pick ?? NaN) ? pick : null;
    const overlap = { instants: parsed.instants, picked };
    if (picked === null) return { ms: null, problems: [], overlap };
    return { ms: picked, problems: problemsOf(picked, ctx), overlap };
  }
  const result: Candidate = { ms: parsed.ms, problems: problemsOf(parsed.ms, ctx) };
  if (parsed.note === 'dst_gap') result.gap = true;
  return result;
}

function problemsOf(ms: number, ctx: ExpiryContext): string[] {
  const problems = validateExpiry(ms, ctx);
  if (problems.length === 0 && ctx.current !== null && ms === ctx.current) {
    problems.push(t('expiry.candidate.sameAsCurrent'));
  }
  return problems;
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
