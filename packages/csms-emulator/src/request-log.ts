/**
 * The requests the emulator received (not admin calls), oldest first, in a bounded ring, plus how many were
 * in flight at once. Entries carry no secrets: no signature, token, body, header value or secret key; only
 * the access key id the caller claimed and the names of the headers it sent.
 */

export type RequestOutcome = 'answered' | 'dropped' | 'reset' | 'hung' | 'aborted';

export interface RequestLogEntry {
  seq: number;
  /** Emulator clock at receipt, epoch ms. */
  time: number;
  request_id: string;
  /** CSMS/IAM operation name, or null for an unknown path. */
  operation: string | null;
  method: string;
  path: string;
  query: string;
  /** HTTP status answered (for `reset`: the answer that was withheld), null when dropped or hung. */
  status: number | null;
  /** `reset`: handled (a write is committed), then the connection was reset instead of answering. */
  outcome: RequestOutcome;
  /** From the Authorization header (as claimed, verified or not); null for token calls and IAM. */
  access_key_id: string | null;
  /** The IAM user of a token call, when known. */
  user: string | null;
  /** Lower-case names of the request headers, as received (values are never kept). */
  header_names: string[];
  /** Ids of injected faults that fired. */
  faults: string[];
  duration_ms: number | null;
}

/**
 * A reused ring slot: the live entry, its header names shared with other requests of the same shape (copied
 * when read), and the Authorization header `access_key_id` is derived from until the caller is authenticated.
 */
export interface LogSlot extends Omit<RequestLogEntry, 'header_names' | 'access_key_id'> {
  headerNames: readonly string[];
  authorization: string | undefined;
  /** Set once known; undefined: the access key id claimed in `authorization` (or null without one). */
  access_key_id: string | null | undefined;
}

export interface RequestLogQuery {
  operation?: string;
  /** Only entries with seq greater than this. */
  after?: number;
  limit?: number;
}

export interface RequestStats {
  /** Requests received and not yet answered, dropped or abandoned. */
  in_flight: number;
  /** The most in flight at once since the last reset of the stats. */
  max_in_flight: number;
  /** Requests received since the last reset of the stats. */
  received: number;
}

const NO_FAULTS: string[] = [];
const NO_HEADERS: string[] = [];
const ACCESS_KEY = /Access=([^,\s]+)/;

/** The access key id an Authorization header claims (verified or not). */
const claimedAccessKey = (authorization: string | undefined): string | null =>
  authorization === undefined ? null : (ACCESS_KEY.exec(authorization)?.[1] ?? null);

/** Lower-case names of raw headers (`[name, value, name, value, ...]`), each once, in order of appearance. */
function headerNames(raw: readonly string[]): readonly string[] {
  const names = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) names.add(raw[i]!.toLowerCase());
  return Object.freeze([...names]);
}

/**
 * A ring of reused slot objects: the hot path writes fields into an existing object instead of allocating
 * (and later promoting) one per request. Readers get copies.
 */
export class RequestLog {
  private readonly slots: LogSlot[] = [];
  private next = 0;
  private seq = 0;
  private clearedThrough = 0;
  private inFlight = 0;
  private maxInFlight = 0;
  private received = 0;
  /** The raw header names of the last request shape seen, and `headerNames()` of them. */
  private shapeRawNames: readonly string[] = NO_HEADERS;
  private shapeNames: readonly string[] = NO_HEADERS;

  constructor(private readonly capacity = 1000) {}

  /**
   * `headerNames(raw)`, shared while requests keep sending the same names in the same order (clients do), so
   * a slot holds no per-request header data that would outlive the request (the values stay out of the log).
   */
  private namesOf(raw: readonly string[]): readonly string[] {
    const known = this.shapeRawNames;
    if (raw.length === known.length * 2) {
      let i = 0;
      while (i < known.length && raw[i * 2] === known[i]) i++;
      if (i === known.length) return this.shapeNames;
    }
    const rawNames: string[] = [];
    for (let i = 0; i < raw.length; i += 2) rawNames.push(raw[i]!);
    this.shapeRawNames = rawNames;
    this.shapeNames = headerNames(raw);
    return this.shapeNames;
  }

  /** Fills the next slot; the caller settles it (status, outcome) as the request ends. */
  start(
    time: number,
    requestId: string,
    operation: string | null,
    method: string,
    path: string,
    query: string,
    authorization: string | undefined,
    rawHeaders: readonly string[],
  ): LogSlot {
    this.received++;
    if (++this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
    let slot = this.slots[this.next];
    if (!slot) {
      slot = {
        seq: 0,
        time: 0,
        request_id: '',
        operation: null,
        method: '',
        path: '',
        query: '',
        status: null,
        outcome: 'hung',
        access_key_id: null,
        authorization: undefined,
        user: null,
        headerNames: NO_HEADERS,
        faults: NO_FAULTS,
        duration_ms: null,
      };
      this.slots[this.next] = slot;
    }
    this.next = (this.next + 1) % this.capacity;
    slot.seq = ++this.seq;
    slot.time = time;
    slot.request_id = requestId;
    slot.operation = operation;
    slot.method = method;
    slot.path = path;
    slot.query = query;
    slot.status = null;
    slot.outcome = 'hung';
    slot.access_key_id = undefined;
    slot.authorization = authorization;
    slot.user = null;
    slot.headerNames = this.namesOf(rawHeaders);
    slot.faults = NO_FAULTS;
    slot.duration_ms = null;
    return slot;
  }

  /** One request left flight (answered, dropped, reset, abandoned). Call once per started request. */
  settled(): void {
    this.inFlight--;
  }

  /** Oldest first. */
  list(query: RequestLogQuery = {}): RequestLogEntry[] {
    let out = this.slots
      .filter(
        (e) =>
          e.seq > this.clearedThrough &&
          e.seq > (query.after ?? 0) &&
          (query.operation === undefined || e.operation === query.operation),
      )
      .sort((a, b) => a.seq - b.seq);
    if (query.limit !== undefined) out = out.slice(-query.limit);
    return out.map((slot) => ({
      seq: slot.seq,
      time: slot.time,
      request_id: slot.request_id,
      operation: slot.operation,
      method: slot.method,
      path: slot.path,
      query: slot.query,
      status: slot.status,
      outcome: slot.outcome,
      access_key_id:
        slot.access_key_id === undefined ? claimedAccessKey(slot.authorization) : slot.access_key_id,
      user: slot.user,
      faults: [...slot.faults],
      duration_ms: slot.duration_ms,
      header_names: [...slot.headerNames],
    }));
  }

  clear(): void {
    this.clearedThrough = this.seq;
  }

  stats(): RequestStats {
    return { in_flight: this.inFlight, max_in_flight: this.maxInFlight, received: this.received };
  }

  /** Starts a new measurement: max_in_flight from what is in flight now, received from 0. */
  resetStats(): void {
    this.maxInFlight = this.inFlight;
    this.received = 0;
  }
}
