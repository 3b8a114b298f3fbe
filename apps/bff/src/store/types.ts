/**
 * The store's contracts. One SQL dialect (PostgreSQL) behind `Db`: PGlite embedded by default, a real
 * PostgreSQL with `DATABASE_URL`. Services depend on these interfaces, never on a driver.
 */
import type {
  AuditAction,
  AuditEntry,
  AuditEvent,
  AuditEventsPage,
  AuditOutcome,
  AuditPage,
  AuditQuery,
  AuditVerify,
  ChannelHealth,
  ChannelKind,
  Role,
} from '@csms-console/api-contract';
import type { AuditEventsFilter, LastChange } from './audit-events.js';
import type { NotifyHealthStore } from './notify-health-store.js';

export interface QueryResult<R> {
  rows: R[];
  affectedRows: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
}

/** A parameter of `Db.prepared`: an integer, or text of `[A-Za-z0-9_.:-]` only (ids, hashes). */
export type PreparedParam = string | number;

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** PostgreSQL only: the schema the store lives in (`search_path`), when one was given. */
  readonly schema?: string;
  /**
   * A hot read run on every request: `sql` is parsed and planned once per connection under `name`, then
   * only executed. PostgreSQL uses a named statement; PGlite `PREPARE`/`EXECUTE` over its simple protocol,
   * one round trip into the WASM backend instead of six, so parameters are limited to `PreparedParam`.
   */
  prepared<R = Record<string, unknown>>(
    name: string,
    sql: string,
    params: PreparedParam[],
  ): Promise<QueryResult<R>>;
  /**
   * Runs parameterless SQL that may hold several statements (the simple protocol), returning each one's
   * result: what pg-boss sends for its migrations and locked blocks. On PGlite it takes the same turn as any
   * query, and a failure rolls back whatever transaction the text left open, before the next caller runs.
   */
  exec<R = Record<string, unknown>>(sql: string): Promise<QueryResult<R>[]>;
  /** Runs `fn` in one transaction (BEGIN/COMMIT, ROLLBACK on throw). */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface User {
  id: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface UserWithHash extends User {
  passwordHash: string;
}

export interface UserStore {
  /** Throws `UserExistsError` when the name (case-insensitive) is taken. */
  create(input: { name: string; role: Role; passwordHash: string; now: number }): Promise<User>;
  findByName(name: string): Promise<UserWithHash | undefined>;
  findById(id: string): Promise<User | undefined>;
  list(): Promise<User[]>;
  count(): Promise<number>;
  setPasswordHash(id: string, passwordHash: string, now: number): Promise<void>;
  setRole(id: string, role: Role, now: number): Promise<void>;
  setDisabled(id: string, disabled: boolean, now: number): Promise<void>;
}

export class UserExistsError extends Error {
  override readonly name = 'UserExistsError';
}

export interface SessionRecord {
  /** SHA-256 (hex) of the cookie's id; the id itself is never stored. */
  idHash: string;
  userId: string;
  authMethod: 'password';
  createdAt: number;
  lastSeenAt: number;
  ip: string | null;
  userAgent: string | null;
}

export interface SessionStore {
  /**
   * Inserts the session and, in the same transaction, deletes the user's oldest sessions beyond
   * `maxPerUser`. Returns how many were revoked.
   */
  create(session: SessionRecord, maxPerUser: number): Promise<{ revoked: number }>;
  /** The session with its user (joined), or undefined. */
  get(idHash: string): Promise<{ session: SessionRecord; user: User } | undefined>;
  touch(idHash: string, lastSeenAt: number): Promise<void>;
  delete(idHash: string): Promise<boolean>;
  deleteForUser(userId: string): Promise<number>;
  /** Deletes sessions idle longer than `idleMs` or older than `absoluteMs` at `now`. */
  deleteExpired(now: number, idleMs: number, absoluteMs: number): Promise<number>;
}

/** One login limit: at most `maxAttempts` attempts on `key` per `windowMs`; the one past it blocks `blockMs`. */
export interface CounterRule {
  key: string;
  maxAttempts: number;
  windowMs: number;
  blockMs: number;
}

/** What counting one attempt did to a key. */
export interface CounterTake {
  key: string;
  /** Attempts in the current window, this one included when it counted. */
  attempts: number;
  windowStart: number;
  /** Set (and in the future) when the key refuses this attempt: blocked already, or this one went past. */
  blockedUntil: number | null;
}

/** Login attempt counters (docs/security.md R1), shared by every BFF process on the same store. */
export interface LoginCounterStore {
  /**
   * Counts one attempt against every rule's key in one atomic statement and returns each key's state.
   * A key blocked at `now` keeps its count; a key whose window or block has passed starts over at 1; a key
   * that goes past `maxAttempts` is blocked until `now + blockMs`. Parallel callers see distinct counts.
   */
  take(rules: CounterRule[], now: number): Promise<CounterTake[]>;
  /**
   * Blocks a key until `until` (a later block already in place stays), if its window is still the one an
   * attempt was counted in. When the block ends the key starts over.
   */
  block(take: Pick<CounterTake, 'key' | 'windowStart'>, until: number): Promise<void>;
  /** Gives back one attempt on each key, if its window is still the one it was counted in. */
  refund(takes: Pick<CounterTake, 'key' | 'windowStart'>[]): Promise<void>;
  /** Forgets a key: its count and any block. */
  clear(key: string): Promise<void>;
  /** Deletes rows whose window and block both ended before `now`; returns how many. */
  purgeExpired(now: number): Promise<number>;
}

/**
 * The table rate-limiter-flexible's `RateLimiterPostgres` counts requests in (docs/security.md R2), and a client
 * shaped like `pg`'s for it. Only PostgreSQL uses it; PGlite serves one process, which counts in memory.
 */
export interface RateLimitStore {
  readonly table: string;
  readonly client: {
    query(q: { text: string; values?: unknown[] }): Promise<{ rows: unknown[]; rowCount: number }>;
  };
  /** Deletes counters whose window ended before `now`; returns how many. */
  purgeExpired(now: number): Promise<number>;
}

/** What a caller gives to append; the store adds id (ULID), seq, at (if absent), prev_hash and hash. */
export interface NewAuditEntry {
  action: AuditAction;
  outcome: AuditOutcome;
  at?: number;
  actor?: Partial<AuditEntry['actor']>;
  session_hash?: string | null;
  client_ip?: string | null;
  user_agent?: string | null;
  target?: Partial<AuditEntry['target']>;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string | null;
  intent_id?: string | null;
  csms_request_id?: string | null;
  csms_error_code?: string | null;
  request_id?: string | null;
  details?: Record<string, unknown> | null;
}

export type AuditFilter = Omit<AuditQuery, 'limit' | 'cursor'>;
export type { AuditEventsFilter, LastChange } from './audit-events.js';

/** An outcome was appended for an intent that already has one: the first settlement stands. */
export class IntentSettledError extends Error {
  override readonly name = 'IntentSettledError';
}

export interface AuditStore {
  /**
   * Appends one row to the hash chain, serialised across processes. Throws `IntentSettledError` (nothing
   * written, the chain unchanged) for a second outcome of one intent, or another error when the store
   * cannot write.
   */
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /**
   * `append` inside the caller's transaction `tx`: the row commits or rolls back with the caller's change. A
   * failure leaves `tx` unusable (PostgreSQL aborts it): let it end the transaction.
   */
  appendIn(tx: Queryable, entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first; `cursor` is the `seq` to continue below. */
  list(filter: AuditFilter, options: { limit: number; cursor?: string }): Promise<AuditPage>;
  /** Every matching row, oldest first, in batches. */
  iterate(filter: AuditFilter): AsyncIterable<AuditEntry>;
  /** The audit page's events (store/audit-events.ts), newest first; `cursor` from `next_cursor`. */
  events(filter: AuditEventsFilter, options: { limit: number; cursor?: string }): Promise<AuditEventsPage>;
  /** Every matching event, newest first, in pages. */
  iterateEvents(filter: AuditEventsFilter): AsyncIterable<AuditEvent>;
  /** Per version of `account`, the last expiry the console set (store/audit-events.ts). */
  lastChanges(account: string): Promise<LastChange[]>;
  verify(): Promise<AuditVerify>;
  /** `version.update` intents older than `olderThan` (epoch ms) with no outcome row. */
  pendingIntents(olderThan: number): Promise<AuditEntry[]>;
  /**
   * Leases an open intent to the reconciler `owner` until `now + leaseMs`, atomically across processes:
   * true when it is now this owner's; false when it has an outcome or anyone holds a live lease on it.
   */
  claimIntent(intentId: string, owner: string, now: number, leaseMs: number): Promise<boolean>;
  /** Gives `owner`'s lease back after a failed settlement, so any process may retry it on its next run. */
  releaseIntent(intentId: string, owner: string): Promise<void>;
}

export interface Stores {
  db: Db;
  users: UserStore;
  sessions: SessionStore;
  loginCounters: LoginCounterStore;
  rateLimits: RateLimitStore;
  audit: AuditStore;
  fleet: FleetStore;
  batches: BatchStore;
  /** Notification health's read-only view of the console's rules and channels (notify-health-store.ts). */
  notifyHealth: NotifyHealthStore;
  notifyConfig: NotifyConfigStore;
  /** Writes to a probe row: resolves when the store accepts writes (readiness). */
  probeWritable(): Promise<void>;
  close(): Promise<void>;
}

/** One version as the fleet scan keeps it. */
export interface FleetVersionRow {
  id: string;
  expire_time: number | null;
  stages: string[];
}

/** One secret a fleet scan read: its versions, or the error that stopped the read (then `versions` is null). */
export interface FleetSecretRow {
  secret: string;
  secretState: string | null;
  versions: FleetVersionRow[] | null;
  error: { code: string; message: string } | null;
  /**
   * Whether CSMS will notify anyone when a version expires (api-contract's `FleetNotify`), as the scan worked
   * it out; null for rows written before migration 6 (answered `unknown`).
   */
  notify: string | null;
}

export interface FleetScanRow {
  scanId: string;
  account: string;
  startedAt: number;
  finishedAt: number | null;
  secretsTotal: number;
  secretsScanned: number;
  /** Set when the listing of secrets failed: the scan ended without knowing every secret. */
  listError: { code: string; message: string } | null;
  /** A live lease names this scan: it is running now. */
  running: boolean;
}

export interface FleetLease {
  account: string;
  scanId: string;
  owner: string;
  now: number;
  leaseMs: number;
}

/** The fleet scan's cache and lease (migration 4), shared by every process on the store. */
export interface FleetStore {
  /** Takes the account's scan lease for a new scan `scanId` and records the scan; false when one is live. */
  claim(lease: FleetLease): Promise<boolean>;
  /**
   * Renews the lease and adds `secrets` to the scan; false (nothing written) when the lease is no longer
   * this scan's (it ran out and another scanner took the account over).
   */
  progress(
    update: FleetLease & { secretsTotal: number; secrets: readonly FleetSecretRow[] },
  ): Promise<boolean>;
  /** Ends the scan and gives the lease back; a complete scan replaces the account's older ones. */
  finish(end: Omit<FleetLease, 'leaseMs'> & { listError?: { code: string; message: string } }): Promise<void>;
  /** The account's scans, newest first. */
  scans(account: string, now: number): Promise<FleetScanRow[]>;
  /** A scan's secrets, by name. */
  secrets(scanId: string): Promise<FleetSecretRow[]>;
}

/** An expiry batch (migration 5); `audit` is the creating request's audit actor, reused on every item's rows. */
export interface BatchRecord {
  id: string;
  account: string;
  created_by: string;
  role: Role;
  reason: string | null;
  retry_of: string | null;
  audit: Pick<NewAuditEntry, 'actor' | 'session_hash' | 'client_ip' | 'user_agent' | 'request_id'>;
  created_at: number;
}

export interface BatchItemRow {
  batch_id: string;
  idx: number;
  secret: string;
  version: string;
  expire_time: number;
  expected_expire_time: number | null;
  status: 'pending' | 'applied' | 'refused' | 'conflict' | 'failed';
  code: string | null;
  message: string | null;
  csms_request_id: string | null;
  result_expire_time: number | null;
  current_expire_time: number | null;
  attempts: number;
}

export interface BatchItemResult {
  status: Exclude<BatchItemRow['status'], 'pending'>;
  code?: string | null;
  message?: string | null;
  csms_request_id?: string | null;
  expire_time?: number | null;
  current_expire_time?: number | null;
}

export interface BatchStore {
  create(
    batch: BatchRecord,
    items: Array<{
      secret: string;
      version: string;
      expire_time: number;
      expected_expire_time: number | null;
    }>,
  ): Promise<void>;
  get(id: string): Promise<{ batch: BatchRecord; items: BatchItemRow[] } | undefined>;
  /** Leases the batch's pending items on `secret` whose lease is free or ran out; returns them (maybe none). */
  claimGroup(
    batchId: string,
    secret: string,
    owner: string,
    now: number,
    leaseMs: number,
  ): Promise<BatchItemRow[]>;
  /** Extends `owner`'s lease on the pending items of a group. */
  renew(batchId: string, secret: string, owner: string, until: number): Promise<void>;
  /** Writes an item's result if it is pending and `owner` holds it; false otherwise (nothing written). */
  settle(batchId: string, idx: number, owner: string, result: BatchItemResult): Promise<boolean>;
  /** Gives an item's lease back, leaving it pending (its intent awaits the reconciler). */
  release(batchId: string, idx: number, owner: string): Promise<void>;
  /** Secrets with pending items nobody holds a live lease on. */
  pendingGroups(batchId: string, now: number): Promise<string[]>;
  /** Batches with such items (running in no live process, or not yet started). */
  claimableBatches(now: number): Promise<string[]>;
  /** The audit intent written for a batch item (by `details.batch_id` / `batch_item`) and its outcome. */
  findIntent(
    batchId: string,
    idx: number,
  ): Promise<{ intent: AuditEntry; outcome: AuditEntry | undefined } | undefined>;
}

/** A notification channel as stored (migration 8): credentials only as the sealed box. */
export interface NotifyChannelRow {
  id: string;
  kind: ChannelKind;
  name: string;
  target: string;
  /** Not credentials: an email channel's server and recipients, and `secrets_set` (names of stored ones). */
  settings: Record<string, unknown> & { secrets_set?: string[] };
  sealed: string | null;
  source: 'console' | 'file';
  created_at: number;
  updated_at: number;
  updated_by: string;
}

/** A rule as stored: `settings` is its RuleSettings without name and enabled. */
export interface NotifyRuleRow {
  id: string;
  name: string;
  enabled: boolean;
  settings: Record<string, unknown> & { channels: string[] };
  source: 'console' | 'file';
  created_at: number;
  updated_at: number;
  updated_by: string;
}

/** A rule or channel name another row holds already (case-insensitive). */
export class NotifyNameTakenError extends Error {
  override readonly name = 'NotifyNameTakenError';
}

/** A rule names channels that do not exist (nothing written). */
export class NotifyMissingChannelsError extends Error {
  override readonly name = 'NotifyMissingChannelsError';
  constructor(readonly ids: string[]) {
    super('a rule names channels that do not exist');
  }
}

/** Rules and channels of advance warnings (store/notify-config-store.ts). */
/**
 * Writes a change's audit row inside the change's own transaction (`AuditStore.appendIn` on `tx`): if it fails,
 * the change is rolled back with it, so no change stands without its row (docs/security.md U2, fail closed).
 */
export type AuditWrite = (tx: Queryable) => Promise<unknown>;

/** Each write runs `audit` in its transaction once the change is made (never for a refused or absent row). */
export interface NotifyConfigStore {
  rules(): Promise<NotifyRuleRow[]>;
  rule(id: string): Promise<NotifyRuleRow | undefined>;
  /** Insert (or update by id) a rule, its channels locked so none is deleted meanwhile. */
  saveRule(row: NotifyRuleRow, mode: 'insert' | 'update', audit: AuditWrite): Promise<void>;
  /** False (nothing audited) when there is no such rule. */
  deleteRule(id: string, audit: AuditWrite): Promise<boolean>;
  /** Every channel, by name, with its health from the delivery log. */
  channels(): Promise<Array<NotifyChannelRow & { health: ChannelHealth }>>;
  channel(id: string): Promise<NotifyChannelRow | undefined>;
  saveChannel(row: NotifyChannelRow, mode: 'insert' | 'update', audit: AuditWrite): Promise<void>;
  /** Deletes a channel unless a rule names it (checked under the row's lock): the rules' names when in use. */
  deleteChannel(id: string, audit: AuditWrite): Promise<{ deleted: boolean; usedBy: string[] }>;
  /** Each channel's health (only channels with deliveries appear). */
  health(): Promise<Map<string, ChannelHealth>>;
  /**
   * Inside `transaction`: holds both tables against other writers until it ends, so replicas provisioning at
   * the same start run one after the other (the later one finds the rows in place).
   */
  lockAll(): Promise<void>;
  /**
   * Runs `fn` in one transaction over a store bound to it (provisioning), `tx` being that transaction for the
   * one audit row of the whole (its writes take `AUDITED_BY_CALLER`).
   */
  transaction<T>(fn: (store: NotifyConfigStore, tx: Queryable) => Promise<T>): Promise<T>;
}
