/**
 * Delivery: one digest (or test) through one channel, at least once, under one stable id receivers
 * deduplicate on. The notify-deliver job calls `deliver`: an already finished delivery is done (a second run
 * of the job sends nothing); otherwise the channel is resolved (deleted -> failed `channel_deleted`), the
 * digest built from its events (most urgent first, at most MAX_DIGEST_ENTRIES by name), sent within
 * `sendTimeoutMs` (a receiver that hangs is a `timeout`), and the attempt recorded: sent, retrying (the job
 * throws so pg-boss retries with backoff) or failed (the last retry, or a failure trying again cannot help).
 * Also the channel test (one attempt now, recorded as kind `test`) and the delivery log's reads.
 */
import type {
  ChannelKind,
  Delivery,
  DeliveryDetail,
  DeliveryErrorCode,
  DeliveryList,
  DeliveryQuery,
  DeliveryStatus,
  NotifyEvent,
  NotifyLanguage,
} from '@csms-console/api-contract';
import type { Logger } from 'pino';
import type { Db } from '../../store/types.js';
import { ulidFactory } from '../../store/ulid.js';
import {
  DeliveryFailure,
  MAX_DIGEST_ENTRIES,
  type Digest,
  type NotifyConfigReader,
  type ResolvedChannel,
  type SendDigest,
} from './types.js';

export interface DeliverySettings {
  retryLimit: number;
  retryDelaySeconds: number;
  sendTimeoutMs: number;
  publicUrl: string;
}

export interface DeliveryDeps {
  db: Db;
  config: Pick<NotifyConfigReader, 'resolveChannel'>;
  send: SendDigest;
  now: () => number;
  logger: Logger;
  settings: DeliverySettings;
  /** Each finished attempt (metrics). */
  onAttempt?: (kind: 'digest' | 'test', status: DeliveryStatus) => void;
}

/** The job's view of its attempt: pg-boss's retry count and limit. */
export interface AttemptInfo {
  retryCount: number;
  retryLimit: number;
}

interface DeliveryRow {
  id: string;
  kind: 'digest' | 'test';
  channel_id: string;
  channel_name: string;
  channel_kind: ChannelKind;
  language: NotifyLanguage;
  time_zone: string;
  status: DeliveryStatus;
  attempts: number;
  created_at: number;
  last_attempt_at: number | null;
  next_attempt_at: number | null;
  sent_at: number | null;
  error_code: DeliveryErrorCode | null;
  error_message: string | null;
  event_count: number;
}

interface EventRow {
  id: string;
  account: string;
  secret: string;
  version: string;
  expire_time: number;
  lead_days: number;
  stages: string[];
  crossed_at: number;
}

const DELIVERY_COLUMNS = `d.id, d.kind, d.channel_id, d.channel_name, d.channel_kind, d.language, d.time_zone,
  d.status, d.attempts, d.created_at, d.last_attempt_at, d.next_attempt_at, d.sent_at, d.error_code,
  d.error_message, (SELECT count(*)::int FROM notify_delivery_events e WHERE e.delivery_id = d.id) AS event_count`;

const ulid = ulidFactory();
const MESSAGE_MAX = 500;

/** Thrown by `deliver` so the job is retried; carries no credentials (the message is the recorded one). */
export class DeliveryRetry extends Error {
  override readonly name = 'DeliveryRetry';
}

export class DeliveryService {
  constructor(private readonly deps: DeliveryDeps) {}

  /** One attempt of a queued delivery. Throws `DeliveryRetry` when pg-boss should try again. */
  async deliver(deliveryId: string, attempt: AttemptInfo): Promise<DeliveryStatus | undefined> {
    const { db, now } = this.deps;
    const { rows } = await db.query<DeliveryRow>(
      `UPDATE notify_deliveries d SET attempts = attempts + 1, last_attempt_at = $2
       WHERE id = $1 AND status IN ('pending', 'retrying') RETURNING ${DELIVERY_COLUMNS}`,
      [deliveryId, now()],
    );
    const row = rows[0];
    if (!row) return undefined; // gone, or already sent or failed: nothing to do
    const last = attempt.retryCount >= attempt.retryLimit;
    const failure = await this.#attempt(row);
    if (!failure) return this.#record(row, 'sent');
    if (!failure.retryable || last) return this.#record(row, 'failed', failure);
    const delayS = this.deps.settings.retryDelaySeconds * 2 ** attempt.retryCount;
    await this.#record(row, 'retrying', failure, now() + Math.max(delayS, 1) * 1000);
    throw new DeliveryRetry(`${failure.code}: ${failure.message}`);
  }

  /** The channel test: one attempt now, recorded as a `test` delivery. Undefined when the channel is gone. */
  async test(channelId: string): Promise<Delivery | undefined> {
    const { db, now } = this.deps;
    const channel = await this.deps.config.resolveChannel(channelId).catch((error: unknown) => {
      if (error instanceof DeliveryFailure) return error;
      throw error;
    });
    if (channel === undefined) return undefined;
    // A channel whose credentials do not open still gets its failed test on record, under its name.
    const info = channel instanceof DeliveryFailure ? await this.#named(channelId) : channel;
    if (!info) return undefined;
    const id = ulid(now());
    const { rows } = await db.query<DeliveryRow>(
      `INSERT INTO notify_deliveries AS d (id, kind, channel_id, channel_name, channel_kind, language, time_zone,
         status, attempts, created_at, last_attempt_at)
       VALUES ($1, 'test', $2, $3, $4, 'en', 'UTC', 'pending', 1, $5, $5) RETURNING ${DELIVERY_COLUMNS}`,
      [id, channelId, info.name, info.kind, now()],
    );
    const row = rows[0]!;
    const failure =
      channel instanceof DeliveryFailure ? channel : await this.#send(channel, this.#digest(row, []));
    await this.#record(row, failure ? 'failed' : 'sent', failure);
    return (await this.get(id))!.delivery;
  }

  async #named(channelId: string): Promise<{ name: string; kind: ChannelKind } | undefined> {
    const { rows } = await this.deps.db.query<{ name: string; kind: ChannelKind }>(
      'SELECT name, kind FROM notify_channels WHERE id = $1',
      [channelId],
    );
    return rows[0];
  }

  async list(query: DeliveryQuery): Promise<DeliveryList> {
    const limit = query.limit ?? 50;
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.channel) where.push(`d.channel_id = $${params.push(query.channel)}`);
    if (query.status) where.push(`d.status = $${params.push(query.status)}`);
    const cursor = query.cursor ? parseCursor(query.cursor) : undefined;
    if (query.cursor && !cursor) return { items: [], next_cursor: null };
    if (cursor)
      where.push(`(d.created_at, d.id) < ($${params.push(cursor.createdAt)}, $${params.push(cursor.id)})`);
    const { rows } = await this.deps.db.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM notify_deliveries d
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY d.created_at DESC, d.id DESC LIMIT $${params.push(limit + 1)}`,
      params,
    );
    const items = rows.slice(0, limit).map(toDelivery);
    const lastItem = items[items.length - 1];
    return {
      items,
      next_cursor: rows.length > limit && lastItem ? `${lastItem.created_at}-${lastItem.id}` : null,
    };
  }

  async get(id: string): Promise<DeliveryDetail | undefined> {
    const { rows } = await this.deps.db.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM notify_deliveries d WHERE d.id = $1`,
      [id],
    );
    if (!rows[0]) return undefined;
    const events = await this.#events(id);
    return { delivery: toDelivery(rows[0]), events: events.map(toEvent) };
  }

  /** Deliveries whose newest attempt failed and that are retrying or failed, per status (the gauge). */
  /**
   * Deliveries retrying now, and those that failed for good in the last 24 hours (an all-time count would
   * only grow, and an alert on it could never clear).
   */
  async failing(): Promise<{ retrying: number; failed: number }> {
    const { rows } = await this.deps.db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM notify_deliveries
        WHERE status = 'retrying' OR (status = 'failed' AND coalesce(last_attempt_at, created_at) > $1::bigint)
        GROUP BY status`,
      [this.deps.now() - 86_400_000],
    );
    const count = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
    return { retrying: count('retrying'), failed: count('failed') };
  }

  async #attempt(row: DeliveryRow): Promise<DeliveryFailure | undefined> {
    let channel: ResolvedChannel | undefined;
    try {
      channel = await this.deps.config.resolveChannel(row.channel_id);
    } catch (error) {
      return asFailure(error);
    }
    if (!channel) return new DeliveryFailure('channel_deleted', 'the channel was deleted', false);
    return this.#send(channel, this.#digest(row, await this.#events(row.id)));
  }

  async #send(channel: ResolvedChannel, digest: Digest): Promise<DeliveryFailure | undefined> {
    const { sendTimeoutMs } = this.deps.settings;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const failure = new DeliveryFailure('timeout', `no answer within ${sendTimeoutMs} ms`);
        controller.abort(failure);
        reject(failure);
      }, sendTimeoutMs);
    });
    try {
      await Promise.race([
        this.deps.send(channel, digest, { signal: controller.signal, now: this.deps.now }),
        timedOut,
      ]);
      return undefined;
    } catch (error) {
      return controller.signal.aborted ? (controller.signal.reason as DeliveryFailure) : asFailure(error);
    } finally {
      clearTimeout(timer);
    }
  }

  #digest(row: DeliveryRow, events: EventRow[]): Digest {
    const base = this.deps.settings.publicUrl.replace(/\/+$/, '');
    return {
      deliveryId: row.id,
      kind: row.kind,
      language: row.language,
      timeZone: row.time_zone,
      createdAt: Number(row.created_at),
      entries: events.slice(0, MAX_DIGEST_ENTRIES).map((e) => ({
        eventId: e.id,
        account: e.account,
        secret: e.secret,
        version: e.version,
        stages: e.stages,
        expireTime: Number(e.expire_time),
        leadDays: e.lead_days,
        secretUrl: `${base}/accounts/${encodeURIComponent(e.account)}/secrets/${encodeURIComponent(e.secret)}`,
      })),
      total: events.length,
      boardUrl: `${base}/fleet`,
      consoleUrl: base,
    };
  }

  async #events(deliveryId: string): Promise<EventRow[]> {
    const { rows } = await this.deps.db.query<EventRow>(
      `SELECT e.id, e.account, e.secret, e.version, e.expire_time, e.lead_days, e.stages, e.crossed_at
       FROM notify_delivery_events de JOIN notify_events e ON e.id = de.event_id
       WHERE de.delivery_id = $1 ORDER BY e.expire_time, e.account, e.secret, e.version`,
      [deliveryId],
    );
    return rows;
  }

  async #record(
    row: DeliveryRow,
    status: DeliveryStatus,
    failure?: DeliveryFailure,
    nextAttemptAt?: number,
  ): Promise<DeliveryStatus> {
    const now = this.deps.now();
    await this.deps.db.query(
      `UPDATE notify_deliveries SET status = $2, sent_at = $3, next_attempt_at = $4, error_code = $5,
         error_message = $6
       WHERE id = $1 AND status <> 'sent'`,
      [
        row.id,
        status,
        status === 'sent' ? now : null,
        nextAttemptAt ?? null,
        failure?.code ?? null,
        failure ? failure.message.slice(0, MESSAGE_MAX) : null,
      ],
    );
    const log = status === 'sent' ? 'info' : 'warn';
    this.deps.logger[log](
      {
        event: 'notify_delivery_attempt',
        delivery_id: row.id,
        kind: row.kind,
        channel_id: row.channel_id,
        status,
        attempt: row.attempts,
        ...(failure && { error_code: failure.code }),
      },
      `notification delivery ${status}`,
    );
    this.deps.onAttempt?.(row.kind, status);
    return status;
  }
}

function asFailure(error: unknown): DeliveryFailure {
  if (error instanceof DeliveryFailure) return error;
  return new DeliveryFailure('internal_error', 'the sender failed unexpectedly');
}

function parseCursor(cursor: string): { createdAt: number; id: string } | undefined {
  const match = /^([0-9]{1,16})-([0-9A-Z]{26})$/.exec(cursor);
  return match ? { createdAt: Number(match[1]), id: match[2]! } : undefined;
}

function toDelivery(r: DeliveryRow): Delivery {
  return {
    id: r.id,
    kind: r.kind,
    channel_id: r.channel_id,
    channel_name: r.channel_name,
    channel_kind: r.channel_kind,
    language: r.language,
    status: r.status,
    attempts: r.attempts,
    created_at: Number(r.created_at),
    last_attempt_at: r.last_attempt_at === null ? null : Number(r.last_attempt_at),
    next_attempt_at: r.next_attempt_at === null ? null : Number(r.next_attempt_at),
    sent_at: r.sent_at === null ? null : Number(r.sent_at),
    error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
    event_count: r.event_count,
  };
}

function toEvent(e: EventRow): NotifyEvent {
  return {
    id: e.id,
    account: e.account,
    secret: e.secret,
    version: e.version,
    expire_time: Number(e.expire_time),
    lead_days: e.lead_days,
    crossed_at: Number(e.crossed_at),
  };
}
