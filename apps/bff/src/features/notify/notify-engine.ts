/**
 * The advance-warning engine on the kept job queue (queue.ts): `notify-evaluate` runs on a pg-boss cron
 * schedule (every `evaluateEveryMinutes`; the schedule fires once across replicas) as a singleton queue (one
 * evaluation at a time; correctness does not rest on it: notify_events' unique key does), and
 * `notify-deliver` sends one delivery per job, retried with exponential backoff; a job held by a process
 * killed mid-send expires after `deliverExpireSeconds` (NOTIFY_DELIVERY_EXPIRE_S) and is retried under the
 * same delivery id. pg-boss's supervisor fails expired jobs in its monitoring step, which runs once
 * `monitorIntervalSeconds` has passed since the last one (across replicas) on a supervisor tick every
 * `superviseIntervalSeconds`: both are kept at half the expiry (at most their default, 60 s), so a lost send
 * waits at most about 1.5 times the expiry (with the monitor at its 60 s default a 10 s expiry waited a minute).
 * The queues' settings are applied on every start (createQueue keeps an existing queue's options as they
 * were), so a changed NOTIFY_RETRY_* or expiry takes effect at the next start.
 */
import type { NotifyStatus } from '@csms-console/api-contract';
import type { PgBoss, ConstructorOptions, JobWithMetadata } from 'pg-boss';
import type { Logger } from 'pino';
import type { Db, Queryable } from '../../store/types.js';
import { DeliveryService, type DeliverySettings } from './delivery.service.js';
import { readStatus } from './evaluation-status.js';
import { EvaluationService, type EvaluationResult, type FleetSource } from './evaluation.service.js';
import { bossSchema, createBoss, txBossDb } from './queue.js';
import type { NotifyConfigReader, SendDigest } from './types.js';

export const EVALUATE_QUEUE = 'notify-evaluate';
export const DELIVER_QUEUE = 'notify-deliver';

export interface NotifyEngineSettings extends DeliverySettings {
  evaluateEveryMinutes: number;
  /** How long a delivery job may be held before it counts as lost and is retried (default 5 min; > send timeout). */
  deliverExpireSeconds?: number;
  /** How often workers look for jobs (default 2 s; tests use 0.5). */
  pollingIntervalSeconds?: number;
  /** pg-boss constructor options (tests shorten supervision intervals). */
  boss?: Partial<ConstructorOptions>;
  /** false: no cron schedule (tests run evaluations on demand). */
  schedule?: boolean;
  scanWaitMs?: number;
}

export interface NotifyEngineDeps {
  db: Db;
  fleet: FleetSource;
  accounts: () => string[];
  config: NotifyConfigReader;
  send: SendDigest;
  now: () => number;
  logger: Logger;
  settings: NotifyEngineSettings;
  onEvaluated?: (result: EvaluationResult) => void;
  onAttempt?: (kind: 'digest' | 'test', status: string) => void;
  /** Credential values (the accounts') never to show in an evaluation's error. */
  redact?: readonly string[];
}

export class NotifyEngine {
  readonly evaluation: EvaluationService;
  readonly deliveries: DeliveryService;
  #boss: PgBoss | undefined;
  #starting: Promise<void> | undefined;

  constructor(private readonly deps: NotifyEngineDeps) {
    const { db, settings } = deps;
    this.deliveries = new DeliveryService({
      db,
      config: deps.config,
      send: deps.send,
      now: deps.now,
      logger: deps.logger,
      settings,
      ...(deps.onAttempt && { onAttempt: deps.onAttempt }),
    });
    this.evaluation = new EvaluationService({
      db,
      fleet: deps.fleet,
      accounts: deps.accounts,
      config: deps.config,
      now: deps.now,
      logger: deps.logger,
      enqueue: (tx, ids) => this.#enqueue(tx, ids),
      ...(settings.scanWaitMs !== undefined && { scanWaitMs: settings.scanWaitMs }),
      ...(deps.onEvaluated && { onFinished: deps.onEvaluated }),
      ...(deps.redact && { redact: deps.redact }),
    });
  }

  /** Starts pg-boss, its queues, the schedule and both workers. Idempotent. */
  start(): Promise<void> {
    return (this.#starting ??= this.#start());
  }

  async #start(): Promise<void> {
    const { settings, logger } = this.deps;
    const expireInSeconds = settings.deliverExpireSeconds ?? 300;
    const sweepSeconds = Math.max(1, Math.min(60, Math.floor(expireInSeconds / 2)));
    const boss = createBoss(this.deps.db, {
      schedule: settings.schedule !== false,
      superviseIntervalSeconds: sweepSeconds,
      monitorIntervalSeconds: sweepSeconds,
      ...settings.boss,
    });
    boss.on('error', (error) => logger.warn({ err: error }, 'job queue error'));
    await ensureSchema(this.deps.db);
    // Replicas starting together may race on pg-boss's first install: the loser tries again.
    for (let attempt = 1; ; attempt++) {
      try {
        await boss.start();
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
        logger.warn({ err: error, attempt }, 'job queue start failed; trying again');
        await new Promise((r) => setTimeout(r, 250 * attempt));
      }
    }
    this.#boss = boss;
    const evaluate = { retryLimit: 2, retryDelay: 30, expireInSeconds: 15 * 60 };
    await boss.createQueue(EVALUATE_QUEUE, { policy: 'singleton', ...evaluate });
    await boss.updateQueue(EVALUATE_QUEUE, evaluate);
    const deliver = {
      retryLimit: settings.retryLimit,
      retryDelay: Math.max(0, Math.round(settings.retryDelaySeconds)),
      retryBackoff: true,
      retryDelayMax: 3600,
      expireInSeconds,
    };
    await boss.createQueue(DELIVER_QUEUE, deliver);
    await boss.updateQueue(DELIVER_QUEUE, deliver);
    // pg-boss reads a queue's row on first use through its own handle: do it now, not inside the
    // evaluation's transaction (on PGlite that read would wait behind the transaction itself).
    await boss.insert(DELIVER_QUEUE, []).catch(() => undefined);
    if (settings.schedule !== false) {
      await boss.schedule(EVALUATE_QUEUE, evaluateCron(this.everyMinutes), {}, { singletonKey: 'scheduled' });
    }
    const polling = { pollingIntervalSeconds: settings.pollingIntervalSeconds ?? 2 };
    await boss.work(EVALUATE_QUEUE, polling, async () => {
      await this.evaluation.run();
    });
    await boss.work(
      DELIVER_QUEUE,
      { ...polling, includeMetadata: true, batchSize: 1, localConcurrency: 2 },
      async (jobs: JobWithMetadata<{ deliveryId: string }>[]) => {
        for (const job of jobs) {
          await this.deliveries.deliver(job.data.deliveryId, {
            retryCount: job.retryCount,
            retryLimit: job.retryLimit,
          });
        }
      },
    );
  }

  /** The schedule's interval in minutes (config keeps it to values a cron keeps even: see `evaluateCron`). */
  get everyMinutes(): number {
    return Math.max(1, Math.min(1440, Math.round(this.deps.settings.evaluateEveryMinutes)));
  }

  /** The last evaluation, the last good one and the next scheduled slot (evaluation-status.ts). */
  status(): Promise<NotifyStatus> {
    return readStatus(this.deps.db, {
      everyMinutes: this.everyMinutes,
      scheduled: this.deps.settings.schedule !== false,
      now: this.deps.now(),
      ...(this.deps.redact && { redact: this.deps.redact }),
    });
  }

  /** Queues an evaluation now (at most one waiting: the queue is a singleton). */
  async requestEvaluation(): Promise<void> {
    await this.start();
    await this.#boss!.send(EVALUATE_QUEUE, {}, { singletonKey: 'manual' });
  }

  /** Stops the workers (waiting for running jobs up to `timeoutMs`); the store stays open. */
  async stop(timeoutMs = 10_000): Promise<void> {
    const starting = this.#starting;
    if (!starting) return;
    await starting.catch(() => undefined);
    await this.#boss?.stop({ graceful: true, timeout: timeoutMs, close: false });
    this.#boss = undefined;
    this.#starting = undefined;
  }

  /** Runs one evaluation here and now (tests, and the `notify-evaluate` job), the queue started first. */
  async evaluateNow(): Promise<EvaluationResult> {
    await this.start();
    return this.evaluation.run();
  }

  async #enqueue(tx: Queryable, deliveryIds: string[]): Promise<void> {
    // Never start the queue here: on PGlite its statements would wait behind this very transaction.
    if (!this.#boss) throw new Error('the job queue is not started');
    await this.#boss.insert(
      DELIVER_QUEUE,
      deliveryIds.map((deliveryId) => ({ data: { deliveryId } })),
      { db: txBossDb(tx) },
    );
  }
}

/** Creates the queue's schema once across processes (concurrent CREATE SCHEMA IF NOT EXISTS can collide). */
async function ensureSchema(db: Db): Promise<void> {
  if (db.kind !== 'postgres') return;
  const schema = bossSchema(db);
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`csms-console:schema:${schema}`]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  });
}

/**
 * The cron (UTC) of an evaluation every `minutes`: every N minutes of the hour under an hour, every N hours
 * on the hour in whole hours, midnight for a day. Config accepts only intervals that divide an hour or a
 * day, so the slots are even (evaluation-status.ts `nextSlot` counts them the same way).
 */
export function evaluateCron(minutes: number): string {
  if (minutes < 60) return `*/${minutes} * * * *`;
  const hours = Math.round(minutes / 60);
  return hours >= 24 ? '0 0 * * *' : `0 */${hours} * * *`;
}
