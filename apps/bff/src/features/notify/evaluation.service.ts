/**
 * One evaluation: every configured account's newest complete fleet scan (refreshed first when stale, waited
 * for up to a bound; an account without one is skipped and reported) -> crossings (evaluate.ts) -> in ONE
 * transaction: the crossings inserted into notify_events with ON CONFLICT DO NOTHING (only the rows this
 * evaluation inserted go further: however many replicas evaluate at once, or however often one restarts,
 * a crossing gets one event and one delivery per channel), a delivery per (channel, language) with its
 * events, a notify-deliver job per delivery (enqueued in the same transaction), and the evaluation's row.
 * Set-based SQL throughout (unnest), so 20k versions cost a handful of statements.
 */
import type { Logger } from 'pino';
import type { Rule } from '@csms-console/api-contract';
import type { Db, FleetSecretRow, Queryable } from '../../store/types.js';
import { ulidFactory } from '../../store/ulid.js';
import { crossingKey, evaluateCrossings, type Crossing } from './evaluate.js';
import { cleanEvaluationError } from './evaluation-status.js';
import type { NotifyConfigReader } from './types.js';

/** What the evaluation reads of the fleet scan (features/fleet/fleet.service.ts, plus its store's lease). */
export interface FleetSource {
  /** Starts a scan in the background when the account's is stale or missing. */
  current(account: string): Promise<unknown>;
  /** The newest complete scan (else the newest partial one, `complete` false); null before any. */
  cached(account: string): Promise<{ scannedAt: number; complete: boolean; rows: FleetSecretRow[] } | null>;
  /** Whether a scan of the account runs now (anywhere). */
  running(account: string): Promise<boolean>;
}

export interface EvaluationResult {
  id: string;
  events: number;
  deliveries: number;
  /** Accounts evaluated from a complete scan, and those skipped with why. */
  accounts: string[];
  skipped: Array<{ account: string; reason: string }>;
  /** Channels named by rules that no longer exist (their targets were dropped). */
  missingChannels: string[];
  durationMs: number;
}

export interface EvaluationDeps {
  db: Db;
  fleet: FleetSource;
  accounts: () => string[];
  config: Pick<NotifyConfigReader, 'rules'>;
  now: () => number;
  logger: Logger;
  /** Enqueues one notify-deliver job per delivery inside `tx` (queue.ts `txBossDb`). */
  enqueue: (tx: Queryable, deliveryIds: string[]) => Promise<void>;
  /** How long to wait for a stale account's scan to finish before using the older one (default 20 s). */
  scanWaitMs?: number;
  onFinished?: (result: EvaluationResult) => void;
  /** Credential values (the accounts') never to record in an evaluation's error. */
  redact?: readonly string[];
}

const ulid = ulidFactory();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class EvaluationService {
  constructor(private readonly deps: EvaluationDeps) {}

  /**
   * Runs one evaluation; a failure is recorded in notify_evaluations (its reason cleaned of credentials:
   * every role reads it) and rethrown (the job retries).
   */
  async run(): Promise<EvaluationResult> {
    const { now, logger } = this.deps;
    const startedAt = now();
    const started = performance.now();
    const id = ulid(startedAt);
    try {
      const rules = await this.deps.config.rules();
      const { fleet, accounts, skipped } = await this.#readFleet(rules);
      const crossings = evaluateCrossings(rules, fleet, now());
      const written = await this.#write(id, startedAt, crossings);
      const result: EvaluationResult = {
        id,
        ...written,
        accounts,
        skipped,
        durationMs: performance.now() - started,
      };
      logger.info(
        {
          event: 'notify_evaluated',
          evaluation_id: id,
          crossings: crossings.length,
          events: result.events,
          deliveries: result.deliveries,
          skipped,
          missing_channels: result.missingChannels,
          duration_ms: Math.round(result.durationMs),
        },
        'notification evaluation finished',
      );
      this.deps.onFinished?.(result);
      return result;
    } catch (error) {
      // Shown to every role by the status route: cleaned of credentials, one line, capped.
      const reason = cleanEvaluationError(
        error instanceof Error ? error.message : 'unknown error',
        this.deps.redact,
      );
      // The cleaned reason, not the error itself: its message (and stack) may carry what `reason` removed.
      logger.error(
        {
          event: 'notify_evaluation_failed',
          evaluation_id: id,
          error_type: error instanceof Error ? error.name : typeof error,
          reason,
        },
        'evaluation failed',
      );
      await this.deps.db
        .query(
          'INSERT INTO notify_evaluations (id, started_at, finished_at, error) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING',
          [id, startedAt, now(), reason],
        )
        .catch(() => undefined);
      throw error;
    }
  }

  /** Each watched account's newest complete scan, refreshed first when stale. */
  async #readFleet(rules: Rule[]) {
    const enabled = rules.filter((r) => r.enabled);
    const watched = this.deps
      .accounts()
      .filter((a) => enabled.some((r) => r.accounts === '*' || r.accounts.includes(a)));
    const fleet = new Map<string, FleetSecretRow[]>();
    const skipped: Array<{ account: string; reason: string }> = [];
    const accounts: string[] = [];
    await Promise.all(
      watched.map(async (account) => {
        try {
          const scan = await this.#freshScan(account);
          if (!scan) skipped.push({ account, reason: 'no complete fleet scan yet' });
          else {
            fleet.set(account, scan.rows);
            accounts.push(account);
          }
        } catch (error) {
          const reason = error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
          skipped.push({ account, reason });
        }
      }),
    );
    return { fleet, accounts: accounts.sort(), skipped };
  }

  async #freshScan(account: string) {
    const { fleet } = this.deps;
    await fleet.current(account);
    const deadline = performance.now() + (this.deps.scanWaitMs ?? 20_000);
    while ((await fleet.running(account)) && performance.now() < deadline) await sleep(100);
    const scan = await fleet.cached(account);
    return scan?.complete ? scan : null;
  }

  async #write(id: string, startedAt: number, crossings: Crossing[]) {
    const { db, now } = this.deps;
    const channelIds = [...new Set(crossings.flatMap((c) => c.targets.map((t) => t.channelId)))];
    return db.transaction(async (tx) => {
      const inserted = await insertEvents(tx, id, crossings, now());
      const channels = await channelInfo(tx, channelIds);
      const missing = new Set<string>();
      // One delivery per (channel, language): its time zone is the first rule's (by name) that asked for it.
      const groups = new Map<
        string,
        { channelId: string; language: string; timeZone: string; events: string[] }
      >();
      for (const crossing of crossings) {
        const eventId = inserted.get(crossingKey(crossing));
        if (eventId === undefined) continue;
        for (const t of crossing.targets) {
          if (!channels.has(t.channelId)) {
            missing.add(t.channelId);
            continue;
          }
          const key = `${t.channelId}\u0000${t.language}`;
          let group = groups.get(key);
          if (!group) groups.set(key, (group = { ...t, events: [] }));
          group.events.push(eventId);
        }
      }
      const createdAt = now();
      const deliveries = [...groups.values()].map((g) => ({ ...g, id: ulid(createdAt) }));
      if (deliveries.length > 0) {
        await tx.query(
          `INSERT INTO notify_deliveries (id, kind, evaluation_id, channel_id, channel_name, channel_kind,
             language, time_zone, status, created_at)
           SELECT d.id, 'digest', $1, d.channel_id, c.name, c.kind, d.language, d.time_zone, 'pending', $2
           FROM unnest($3::text[], $4::text[], $5::text[], $6::text[])
             AS d(id, channel_id, language, time_zone)
           JOIN notify_channels c ON c.id = d.channel_id`,
          [
            id,
            createdAt,
            deliveries.map((d) => d.id),
            deliveries.map((d) => d.channelId),
            deliveries.map((d) => d.language),
            deliveries.map((d) => d.timeZone),
          ],
        );
        const pairs = deliveries.flatMap((d) => d.events.map((e) => [d.id, e] as const));
        await tx.query(
          `INSERT INTO notify_delivery_events (delivery_id, event_id)
           SELECT * FROM unnest($1::text[], $2::text[])`,
          [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
        );
        await this.deps.enqueue(
          tx,
          deliveries.map((d) => d.id),
        );
      }
      await tx.query(
        `INSERT INTO notify_evaluations (id, started_at, finished_at, events, deliveries)
         VALUES ($1, $2, $3, $4, $5)`,
        [id, startedAt, now(), inserted.size, deliveries.length],
      );
      return { events: inserted.size, deliveries: deliveries.length, missingChannels: [...missing] };
    });
  }
}

/** Inserts the crossings not yet recorded; returns the ones this call inserted (crossing key -> event id). */
async function insertEvents(
  tx: Queryable,
  evaluationId: string,
  crossings: Crossing[],
  crossedAt: number,
): Promise<Map<string, string>> {
  const inserted = new Map<string, string>();
  const CHUNK = 5_000;
  for (let start = 0; start < crossings.length; start += CHUNK) {
    const chunk = crossings.slice(start, start + CHUNK);
    const { rows } = await tx.query<{
      id: string;
      account: string;
      secret: string;
      version: string;
      expire_time: number;
      lead_days: number;
    }>(
      `INSERT INTO notify_events (id, account, secret, version, expire_time, lead_days, stages, crossed_at,
         evaluation_id)
       SELECT u.id, u.account, u.secret, u.version, u.expire_time, u.lead_days,
         ARRAY(SELECT jsonb_array_elements_text(u.stages::jsonb)), $8, $9
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::int[], $7::text[])
         AS u(id, account, secret, version, expire_time, lead_days, stages)
       ON CONFLICT (account, secret, version, expire_time, lead_days) DO NOTHING
       RETURNING id, account, secret, version, expire_time, lead_days`,
      [
        chunk.map(() => ulid(crossedAt)),
        chunk.map((c) => c.account),
        chunk.map((c) => c.secret),
        chunk.map((c) => c.version),
        chunk.map((c) => c.expireTime),
        chunk.map((c) => c.leadDays),
        chunk.map((c) => JSON.stringify(c.stages)),
        crossedAt,
        evaluationId,
      ],
    );
    for (const r of rows) {
      inserted.set(
        crossingKey({
          account: r.account,
          secret: r.secret,
          version: r.version,
          expireTime: Number(r.expire_time),
          leadDays: r.lead_days,
        }),
        r.id,
      );
    }
  }
  return inserted;
}

async function channelInfo(tx: Queryable, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await tx.query<{ id: string }>(
    'SELECT id FROM notify_channels WHERE id = ANY($1::text[])',
    [ids],
  );
  return new Set(rows.map((r) => r.id));
}
