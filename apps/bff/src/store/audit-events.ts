/**
 * The audit page's events (issue 12), paired in SQL: an expiry change is its intent row joined to its
 * outcome row (at most one since migration 3; the first, for pairs written before it), every other row is an
 * event of its own. Outcome rows are not listed themselves: they appear through their intent.
 *
 * Events are ordered by their first row's seq (the intent's for a change). A row appended later never moves
 * an event already there: a new event sorts above every old one, and an outcome that settles a pending
 * change fills in that change where it stands. So a cursor (the last event's first seq) pages through the
 * events that existed when paging started exactly once each, however many rows are appended meanwhile.
 */
import type {
  AuditEvent,
  AuditEventOutcome,
  AuditEventsPage,
  AuditEventsQuery,
  AuditOutcome,
  Role,
} from '@csms-console/api-contract';
import { SqlConditions, batchCondition } from './audit-filter.js';
import type { Queryable } from './types.js';

export type AuditEventsFilter = Omit<AuditEventsQuery, 'limit' | 'cursor'>;

/** A change's outcome row as people read it; the other actions keep theirs. */
const EVENT_OUTCOME: Record<AuditOutcome, AuditEventOutcome> = {
  intent: 'pending',
  success: 'applied',
  failure: 'failed',
  reconciled: 'reconciled',
  ok: 'ok',
  denied: 'denied',
  rejected: 'rejected',
};
const ROW_OUTCOME = Object.fromEntries(
  Object.entries(EVENT_OUTCOME).map(([row, event]) => [event, row]),
) as Record<AuditEventOutcome, AuditOutcome>;

interface EventRow {
  seq: number;
  id: string;
  at: number;
  action: AuditEvent['action'];
  outcome: AuditOutcome;
  actor_name: string | null;
  actor_role: Role | null;
  client_ip: string | null;
  account: string | null;
  secret: string | null;
  version: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
  csms_request_id: string | null;
  csms_error_code: string | null;
  request_id: string | null;
  details: Record<string, unknown> | null;
  o_seq: number | null;
  o_id: string | null;
  o_at: number | null;
  o_outcome: AuditOutcome | null;
  o_after: Record<string, unknown> | null;
  o_csms_request_id: string | null;
  o_csms_error_code: string | null;
  o_details: Record<string, unknown> | null;
}

/**
 * A page of events: first the page's first rows `r` (filtered, newest first, limited), then each one's outcome
 * `o` (the lateral subquery only runs for an intent: its `r.outcome` condition is a one-time filter; it
 * orders by `seq + 0` so that it finds the one or two rows through `audit_log_intent`, where `ORDER BY seq`
 * lets the planner walk the whole seq index looking for them). The limit comes before the join, so a page
 * costs its own rows' lookups, whatever the planner knows of the table (PGlite has no autovacuum, so no
 * statistics). Filters on who and what read `r` (an outcome repeats its
 * intent's actor and target); the time and outcome filters read the event's (`eventConditions`).
 */
const eventsSql = (where: string, limit: string) => `SELECT r.seq, r.id, r.at, r.action, r.outcome,
       r.actor_name, r.actor_role, r.client_ip, r.account, r.secret, r.version, r.before, r.after, r.reason,
       r.csms_request_id, r.csms_error_code, r.request_id, r.details,
       o.seq AS o_seq, o.id AS o_id, o.at AS o_at, o.outcome AS o_outcome, o.after AS o_after,
       o.csms_request_id AS o_csms_request_id, o.csms_error_code AS o_csms_error_code, o.details AS o_details
  FROM (SELECT * FROM audit_log r ${where} ORDER BY r.seq DESC LIMIT ${limit}) r
  LEFT JOIN LATERAL (
    SELECT seq, id, at, outcome, after, csms_request_id, csms_error_code, details
      FROM audit_log WHERE intent_id = r.id AND r.outcome = 'intent'
     ORDER BY seq + 0 LIMIT 1
  ) o ON true
 ORDER BY r.seq DESC`;

/** An expiry change's intent: `audit_log_action`'s prefix, so the walk goes down that index in seq order. */
const CHANGE = "r.action = 'version.update' AND r.outcome = 'intent'";

function eventConditions(filter: AuditEventsFilter): SqlConditions {
  // Every row but the outcomes of changes (the only rows with an `intent_id`). Said by outcome rather than
  // `intent_id IS NULL`: without statistics the planner guesses 0.5% of rows for that and sorts the whole
  // table, where a walk down the seq index stops after one page.
  const sql = new SqlConditions().raw("r.outcome NOT IN ('success', 'failure', 'reconciled')");
  if (filter.account !== undefined) sql.add('r.account', '=', filter.account);
  if (filter.secret !== undefined) sql.add('r.secret', '=', filter.secret);
  if (filter.version !== undefined) sql.add('r.version', '=', filter.version);
  if (filter.actor !== undefined) sql.add('r.actor_name', '=', filter.actor);
  if (filter.action !== undefined) sql.add('r.action', '=', filter.action);
  if (filter.batch !== undefined) batchCondition(sql, filter.batch, 'r.');
  // The event's time is its outcome's when it has one, never earlier than its first row's. The outcomes
  // at or past a bound are read once (by `audit_log_at`) and matched by intent id: no lookup per row.
  if (filter.from !== undefined) {
    const from = sql.param(filter.from);
    sql.raw(
      `(r.at >= ${from}::bigint OR (r.outcome = 'intent' AND r.id IN (SELECT o.intent_id FROM audit_log o
         WHERE o.at >= ${from}::bigint AND o.intent_id IS NOT NULL)))`,
    );
  }
  if (filter.to !== undefined) {
    const to = sql.param(filter.to);
    sql.raw(
      `r.at < ${to}::bigint AND NOT (r.outcome = 'intent' AND r.id IN (SELECT o.intent_id FROM audit_log o
         WHERE o.at >= ${to}::bigint AND o.intent_id IS NOT NULL))`,
    );
  }
  // The outcome filters read the outcome rows once, into a hash the intents are then looked up in (a hashed
  // SubPlan): `NOT IN`, and `IN` kept from being made a join by `IS TRUE`. Without statistics the planner
  // would otherwise probe the outcomes once per intent (a nested loop over both). A pair written before
  // migration 3 with two outcomes shows its first, but matches a filter on either.
  if (filter.outcome === 'pending') {
    sql.raw(`${CHANGE} AND r.id NOT IN (SELECT p.intent_id FROM audit_log p WHERE p.intent_id IS NOT NULL)`);
  } else if (filter.outcome !== undefined) {
    const row = ROW_OUTCOME[filter.outcome];
    if (['success', 'failure', 'reconciled'].includes(row)) {
      const kind = sql.param(row);
      sql.raw(
        `${CHANGE} AND (r.id IN (SELECT o.intent_id FROM audit_log o
           WHERE o.action = 'version.update' AND o.outcome = ${kind} AND o.intent_id IS NOT NULL)) IS TRUE`,
      );
    } else sql.add('r.outcome', '=', row);
  }
  if (filter.entry !== undefined) {
    // An outcome's id names its intent's event; any other id names the event starting with that row.
    const entry = sql.param(filter.entry);
    sql.raw(`r.id = coalesce((SELECT e.intent_id FROM audit_log e WHERE e.id = ${entry}), ${entry})`);
  }
  return sql;
}

const expireTime = (value: Record<string, unknown> | null): number | null => {
  const t = value?.expire_time;
  return typeof t === 'number' && Number.isSafeInteger(t) ? t : null;
};

function toEvent(r: EventRow): AuditEvent {
  const change = r.action === 'version.update' && r.outcome === 'intent';
  const settled = change && r.o_id !== null;
  const details = settled && r.o_details !== null ? { ...r.details, ...r.o_details } : r.details;
  const batch = details?.batch_id;
  return {
    id: settled ? r.o_id! : r.id,
    seq: settled ? r.o_seq! : r.seq,
    at: settled ? r.o_at! : r.at,
    action: r.action,
    outcome: EVENT_OUTCOME[settled ? r.o_outcome! : r.outcome],
    actor: { name: r.actor_name, role: r.actor_role },
    account: r.account,
    secret: r.secret,
    version: r.version,
    before_expire_time: change ? expireTime(r.before) : null,
    requested_expire_time: change ? expireTime(r.after) : null,
    after_expire_time: settled ? expireTime(r.o_after) : null,
    reason: r.reason,
    csms_request_id: settled ? r.o_csms_request_id : r.csms_request_id,
    csms_error_code: settled ? r.o_csms_error_code : r.csms_error_code,
    batch_id: typeof batch === 'string' ? batch : null,
    request_id: r.request_id,
    client_ip: r.client_ip,
    intent: change ? { id: r.id, at: r.at } : null,
    details,
  };
}

/** Newest first; `cursor` is an event's first seq (from `next_cursor`), to continue below it. */
export async function listEvents(
  db: Queryable,
  filter: AuditEventsFilter,
  options: { limit: number; cursor?: string | undefined },
): Promise<AuditEventsPage> {
  const sql = eventConditions(filter);
  if (options.cursor !== undefined) sql.add('r.seq', '<', options.cursor, '::bigint');
  const limit = sql.param(options.limit + 1);
  const { rows } = await db.query<EventRow>(eventsSql(sql.where(), limit), sql.params);
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    events: page.map(toEvent),
    next_cursor: rows.length > options.limit && last ? String(last.seq) : null,
  };
}

/** A version's last change the console settled, and whether a newer change of it is still pending. */
export interface LastChange {
  secret: string;
  version: string;
  /** The outcome row. */
  id: string;
  at: number;
  actor_name: string | null;
  expire_time: number | null;
  pending_after: boolean;
}

/**
 * Per (secret, version) of `account`, the newest `success` or `reconciled` outcome of `version.update`: one
 * walk of migration 7's partial index, newest first per version. `pending_after` flags any intent of that
 * version with no outcome yet, whenever it was written (the console may be changing the version right now:
 * an intent written while the last change was still in flight has a lower seq than that change's outcome,
 * and a stuck older one can still land).
 */
export async function lastChanges(db: Queryable, account: string): Promise<LastChange[]> {
  const { rows } = await db.query<
    Omit<LastChange, 'expire_time'> & { after: Record<string, unknown> | null }
  >(
    `SELECT l.*, EXISTS (
       SELECT 1 FROM audit_log i
        WHERE i.account = $1 AND i.secret = l.secret AND i.version = l.version
          AND i.action = 'version.update' AND i.outcome = 'intent'
          AND NOT EXISTS (SELECT 1 FROM audit_log x WHERE x.intent_id = i.id)
     ) AS pending_after
       FROM (SELECT DISTINCT ON (secret, version) secret, version, seq, id, at, actor_name, after
               FROM audit_log
              WHERE account = $1 AND action = 'version.update' AND outcome IN ('success', 'reconciled')
                AND secret IS NOT NULL AND version IS NOT NULL
              ORDER BY secret DESC, version DESC, seq DESC) l`,
    [account],
  );
  return rows.map(({ after, ...row }) => ({
    secret: row.secret,
    version: row.version,
    id: row.id,
    at: row.at,
    actor_name: row.actor_name,
    expire_time: expireTime(after),
    pending_after: row.pending_after,
  }));
}
