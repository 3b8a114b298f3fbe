/**
 * Whether the scheduled evaluation is alive (`GET /api/notifications/status`): the newest evaluation, when the
 * newest good one started, and the schedule's next slot. Two indexed reads (ORDER BY started_at DESC LIMIT 1;
 * the second only when the newest failed). An evaluation's `error` is an internal error message shown to every
 * role, so it is cleaned twice: when recorded (evaluation.service.ts) and when answered (rows recorded by an
 * older build): no URL path, query or user info, no `password=`/`token=`-like value, no bearer value, no long
 * opaque run, no configured credential (raw or encoded), one line, capped.
 */
import type { NotifyEvaluation, NotifyStatus } from '@csms-console/api-contract';
import type { Queryable } from '../../store/types.js';
import { scrub } from '../../upstream/error-map.js';

/** The longest error text recorded or answered. */
export const EVALUATION_ERROR_MAX = 300;

const MINUTE_MS = 60_000;
const REDACTED = '[redacted]';
const URL_RE = /\b([a-z][a-z0-9+.-]*:\/\/)(?:[^\s/?#@]*@)?([^\s/?#:@]+(?::\d+)?)[^\s]*/gi;
const PAIR_RE =
  /\b([\w-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|secret[_-]?key|signing[_-]?key|signature|sign|authorization|credential|cookie|session)[\w-]*)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&]+)/gi;
const SCHEME_RE = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]+/g;
const OPAQUE_RE = /[A-Za-z0-9+/_=-]{32,}/g;

/** `text` fit to show anyone: credentials removed (see the header), one line, at most EVALUATION_ERROR_MAX. */
export function cleanEvaluationError(text: string, secrets: readonly string[] = []): string {
  let out = scrub(text, secrets) ?? '';
  out = out
    .replace(URL_RE, (_m, scheme: string, host: string) => `${scheme}${host}/${REDACTED}`)
    .replace(SCHEME_RE, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(PAIR_RE, (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`)
    .replace(OPAQUE_RE, REDACTED)
    .replace(/[\p{Cc}\s]+/gu, ' ')
    .trim();
  if (out.length > EVALUATION_ERROR_MAX) out = `${out.slice(0, EVALUATION_ERROR_MAX - 1)}…`;
  return out || 'unknown error';
}

/** The pg-boss cron every N minutes (`*\/N * * * *`, UTC): the first minute after `now` whose minute % N = 0. */
export function nextSlot(now: number, everyMinutes: number): number {
  // Every accepted interval divides an hour or a day, and epoch time starts at a UTC midnight, so the cron's
  // slots (evaluateCron) are the multiples of the interval since the epoch.
  const step = everyMinutes * MINUTE_MS;
  return Math.floor(now / step) * step + step;
}

interface EvaluationRow {
  id: string;
  started_at: number;
  finished_at: number | null;
  events: number;
  deliveries: number;
  error: string | null;
}

export async function readStatus(
  db: Queryable,
  options: { everyMinutes: number; scheduled: boolean; now: number; redact?: readonly string[] },
): Promise<NotifyStatus> {
  const { rows } = await db.query<EvaluationRow>(
    `SELECT id, started_at, finished_at, events, deliveries, error FROM notify_evaluations
     ORDER BY started_at DESC, id DESC LIMIT 1`,
  );
  const newest = rows[0];
  let lastOkAt: number | null = null;
  if (newest && newest.error === null) lastOkAt = Number(newest.started_at);
  else if (newest) {
    const ok = await db.query<{ started_at: number }>(
      'SELECT started_at FROM notify_evaluations WHERE error IS NULL ORDER BY started_at DESC LIMIT 1',
    );
    lastOkAt = ok.rows[0] ? Number(ok.rows[0].started_at) : null;
  }
  return {
    every_minutes: options.everyMinutes,
    last: newest ? toEvaluation(newest, options.redact) : null,
    last_ok_at: lastOkAt,
    next_at: options.scheduled ? nextSlot(options.now, options.everyMinutes) : null,
  };
}

function toEvaluation(row: EvaluationRow, redact?: readonly string[]): NotifyEvaluation {
  return {
    id: row.id,
    started_at: Number(row.started_at),
    finished_at: row.finished_at === null ? null : Number(row.finished_at),
    events: row.events,
    deliveries: row.deliveries,
    error: row.error === null ? null : cleanEvaluationError(row.error, redact),
  };
}
