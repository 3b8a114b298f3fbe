/**
 * The audit log (docs/security.md §1.10): an append-only SHA-256 hash chain. Appends lock the one audit_head row
 * (`SELECT ... FOR UPDATE`), so concurrent callers, in this process or in others sharing the database, are
 * serialised and each row links to the one before it. `appendIn` writes the row inside a caller's transaction, so
 * a change and its audit row commit together or not at all (docs/security.md U2, fail closed).
 */
import type { AuditEntry, AuditEvent, AuditPage } from '@csms-console/api-contract';
import { lastChanges, listEvents, type AuditEventsFilter } from './audit-events.js';
import { hashAuditEntry } from './audit-hash.js';
import { filterConditions } from './audit-filter.js';
import {
  AUDIT_COLUMNS,
  INSERT_AUDIT_SQL,
  auditParams,
  normaliseEntry,
  rowToEntry,
  type AuditRow,
} from './audit-row.js';
import { verifyChain } from './audit-verify.js';
import { createIntentClaims } from './intent-claims.js';
import {
  IntentSettledError,
  type AuditFilter,
  type AuditStore,
  type Db,
  type NewAuditEntry,
  type Queryable,
} from './types.js';
import { ulid } from './ulid.js';

const ITERATE_BATCH = 500;
/**
 * Events per page of an events export. The outcome and time filters read their outcome rows once per page,
 * so an export costs (pages x those rows): larger pages keep that a small multiple of one read.
 */
const ITERATE_EVENTS_BATCH = 5_000;

/**
 * The row and the head that now points at it, in one statement (one round trip, fewer while the head is
 * locked): `$1` is the new seq, the last parameter its hash (`AUDIT_COLUMNS` ends with `hash`). A refused
 * INSERT fails the whole statement, so the head never moves without its row.
 */
const APPEND_SQL = `WITH moved AS (
  UPDATE audit_head SET seq = $1, hash = $${AUDIT_COLUMNS.split(', ').length} WHERE id = 1 RETURNING 1
) ${INSERT_AUDIT_SQL}`;
if (!AUDIT_COLUMNS.startsWith('seq,') || !AUDIT_COLUMNS.endsWith(', hash')) {
  throw new Error('APPEND_SQL expects AUDIT_COLUMNS to start with seq and end with hash');
}
const MAX_PAGE = 1000;

/** A second outcome for one intent breaks migration 3's unique index: the first settlement stands. */
function refuseSecondOutcome(error: unknown): never {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  if (code === '23505' && constraint === 'audit_log_one_outcome') {
    throw new IntentSettledError('this intent already has an outcome', { cause: error });
  }
  throw error;
}

function checkedFields(input: NewAuditEntry) {
  if (input.at !== undefined && (!Number.isSafeInteger(input.at) || input.at < 0)) {
    throw new RangeError('audit `at` must be a non-negative integer of epoch milliseconds');
  }
  return normaliseEntry(input);
}

export function createAuditStore(db: Db, now: () => number): AuditStore {
  /**
   * Appends inside the caller's transaction `tx` (on PGlite the only handle usable there): the row commits or
   * rolls back with the caller's change, and the head stays locked until then.
   */
  async function appendIn(tx: Queryable, input: NewAuditEntry): Promise<AuditEntry> {
    return write(tx, input, checkedFields(input));
  }

  async function append(input: NewAuditEntry): Promise<AuditEntry> {
    const fields = checkedFields(input); // a bad entry is refused before a transaction opens
    return db.transaction((tx) => write(tx, input, fields));
  }

  /** Locks the head, links and hashes the row, inserts it and moves the head, all in `tx`. */
  async function write(
    tx: Queryable,
    input: NewAuditEntry,
    fields: ReturnType<typeof normaliseEntry>,
  ): Promise<AuditEntry> {
    const { rows } = await tx.query<{ seq: number; hash: string }>(
      'SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE',
    );
    const head = rows[0];
    if (!head) throw new Error('the audit head row is missing');
    const clock = now();
    const unhashed = {
      id: ulid(clock),
      seq: head.seq + 1,
      at: input.at ?? clock,
      ...fields,
      prev_hash: head.hash,
    };
    const entry: AuditEntry = { ...unhashed, hash: hashAuditEntry(unhashed) };
    // Refused, the transaction rolls back (for appendIn the caller's, which cannot go on after a failed
    // statement): the head is neither moved nor left locked.
    await tx.query(APPEND_SQL, auditParams(entry)).catch(refuseSecondOutcome);
    return entry;
  }

  async function list(filter: AuditFilter, options: { limit: number; cursor?: string }): Promise<AuditPage> {
    checkPage(options);
    const sql = filterConditions(filter);
    if (options.cursor !== undefined) sql.add('seq', '<', options.cursor, '::bigint');
    const limit = sql.param(options.limit + 1);
    const { rows } = await db.query<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log ${sql.where()} ORDER BY seq DESC LIMIT ${limit}`,
      sql.params,
    );
    const more = rows.length > options.limit;
    const entries = rows.slice(0, options.limit).map(rowToEntry);
    const last = entries.at(-1);
    return { entries, next_cursor: more && last ? String(last.seq) : null };
  }

  async function* iterate(filter: AuditFilter): AsyncGenerator<AuditEntry> {
    let after = 0;
    for (;;) {
      const sql = filterConditions(filter).add('seq', '>', after, '::bigint');
      const { rows } = await db.query<AuditRow>(
        `SELECT ${AUDIT_COLUMNS} FROM audit_log ${sql.where()} ORDER BY seq LIMIT ${ITERATE_BATCH}`,
        sql.params,
      );
      for (const row of rows) yield rowToEntry(row);
      const last = rows.at(-1);
      if (!last || rows.length < ITERATE_BATCH) return;
      after = last.seq;
    }
  }

  function checkPage(options: { limit: number; cursor?: string | undefined }) {
    if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > MAX_PAGE) {
      throw new RangeError(`limit must be an integer in [1, ${MAX_PAGE}]`);
    }
    if (options.cursor !== undefined && !/^[0-9]{1,19}$/.test(options.cursor)) {
      throw new RangeError('cursor must be a seq from a previous page');
    }
  }

  async function* iterateEvents(filter: AuditEventsFilter): AsyncGenerator<AuditEvent> {
    let cursor: string | undefined;
    do {
      const page = await listEvents(db, filter, { limit: ITERATE_EVENTS_BATCH, cursor });
      yield* page.events;
      cursor = page.next_cursor ?? undefined;
    } while (cursor !== undefined);
  }

  async function pendingIntents(olderThan: number): Promise<AuditEntry[]> {
    const { rows } = await db.query<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log i
        WHERE action = 'version.update' AND outcome = 'intent' AND at < $1::bigint
          AND NOT EXISTS (SELECT 1 FROM audit_log o WHERE o.intent_id = i.id)
        ORDER BY seq`,
      [olderThan],
    );
    return rows.map(rowToEntry);
  }

  return {
    append,
    appendIn,
    list,
    iterate,
    events: (filter, options) => {
      checkPage(options);
      return listEvents(db, filter, options);
    },
    iterateEvents,
    lastChanges: (account) => lastChanges(db, account),
    verify: () => verifyChain(db),
    pendingIntents,
    ...createIntentClaims(db),
  };
}
