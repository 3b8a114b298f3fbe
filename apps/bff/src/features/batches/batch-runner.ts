/**
 * Runs batches (issue 11 item 2; docs/security.md B2). Work is claimed per secret with a lease in the store,
 * so any replica can run any batch and two never run the same item. For each claimed secret: items claimed
 * before (a process died holding them) first settle from the audit intent they may already have, through the
 * reconciler's path; the rest share one fresh read of the secret and its versions, then each goes through
 * `VersionsService.updateExpiry` exactly as a single change (checks, intent, PUT, outcome). A secret's items
 * run side by side (each is its own version: its own intent, PUT and outcome, as two single changes would).
 * A run has at most `concurrency` CSMS calls in flight (the `calls` gate: a read holds a slot for its call,
 * an item from its intent until its PUT's outcome is known, so open intents never outnumber it), and twice
 * that many items in progress, so that while some items' calls are out others write their outcome and
 * result: those writes, serialised on the one hash chain, overlap with the calls instead of adding to them.
 * An item whose intent stays open (CSMS unreachable even for the read-back) is left pending, its lease
 * given back: a later `resume` settles it through the reconciler.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { BatchItemResult, BatchItemRow, BatchRecord, BatchStore, User } from '../../store/types.js';
import type {
  CallSlot,
  SecretSnapshot,
  VersionsService,
  WriteContext,
} from '../versions/versions.service.js';
import { Gate } from './gate.js';
import { resultOfError, resultOfOutcome } from './item-result.js';

/** Items in progress per call in flight: one waiting on CSMS, one writing its audit rows and result. */
const ITEMS_PER_CALL = 2;

/** One run's limits: CSMS calls in flight, items (and secrets) in progress. */
interface RunGates {
  calls: Gate;
  items: Gate;
}

export interface BatchRunnerDeps {
  store: BatchStore;
  versions: VersionsService;
  logger: Logger;
  now: () => number;
  /** CSMS calls one run has in flight at once (`BATCH_CONCURRENCY`). */
  concurrency: number;
  /** How long a claim on a secret's items holds without renewal; a heartbeat renews it every third. */
  leaseMs: number;
  /** Aborted at shutdown: calls in flight stop, leases run out, another process resumes. */
  shutdown: AbortSignal;
}

export class BatchRunner {
  readonly #owner = randomUUID();
  readonly #running = new Map<string, Promise<void>>();

  constructor(private readonly deps: BatchRunnerDeps) {}

  /** Starts working on a batch in this process, unless it already is. */
  kick(id: string): Promise<void> {
    const running = this.#running.get(id);
    if (running) return running;
    const run = this.#run(id)
      .catch((error: unknown) => this.deps.logger.warn({ err: error, batchId: id }, 'batch run failed'))
      .finally(() => this.#running.delete(id));
    this.#running.set(id, run);
    return run;
  }

  /** Picks up batches with items nobody holds (at start and periodically). */
  async resume(): Promise<number> {
    const ids = await this.deps.store.claimableBatches(this.deps.now());
    for (const id of ids) void this.kick(id);
    return ids.length;
  }

  /** Resolves when every run this process started has ended (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running.values());
  }

  async #run(id: string): Promise<void> {
    const found = await this.deps.store.get(id);
    if (!found) return;
    const secrets = await this.deps.store.pendingGroups(id, this.deps.now());
    const inProgress = ITEMS_PER_CALL * this.deps.concurrency;
    const gates: RunGates = { calls: new Gate(this.deps.concurrency), items: new Gate(inProgress) };
    let next = 0;
    const worker = async () => {
      while (next < secrets.length && !this.deps.shutdown.aborted) {
        const secret = secrets[next++]!;
        try {
          await this.#group(found.batch, secret, gates);
        } catch (error) {
          this.deps.logger.warn(
            { err: error, batchId: id, secret },
            'batch group failed; lease left to run out',
          );
        }
      }
    };
    // As many secrets at once as items in progress: the next secrets' reads overlap the current PUTs.
    await Promise.all(Array.from({ length: Math.min(inProgress, secrets.length) }, worker));
  }

  async #group(batch: BatchRecord, secret: string, gates: RunGates): Promise<void> {
    const { store, now, leaseMs } = this.deps;
    const items = await store.claimGroup(batch.id, secret, this.#owner, now(), leaseMs);
    if (items.length === 0) return;
    // A heartbeat keeps the lease while this process lives, however long a call takes (a PUT and its
    // read-back can outlast a short lease); only a dead process's lease runs out.
    const beat = setInterval(
      () => void store.renew(batch.id, secret, this.#owner, now() + leaseMs).catch(() => undefined),
      Math.max(100, Math.floor(leaseMs / 3)),
    );
    try {
      await this.#work(batch, secret, items, gates);
    } finally {
      clearInterval(beat);
    }
  }

  async #work(batch: BatchRecord, secret: string, items: BatchItemRow[], gates: RunGates): Promise<void> {
    const { versions } = this.deps;
    const fresh: BatchItemRow[] = [];
    for (const item of items) {
      if (item.attempts > 1 && (await this.#settleEarlierAttempt(batch, item))) continue;
      fresh.push(item);
    }
    if (fresh.length === 0) return;
    let snapshot: SecretSnapshot;
    try {
      const slot: CallSlot = () => gates.calls.acquire();
      snapshot = await versions.readSecret(batch.account, secret, this.deps.shutdown, 'scan', slot);
    } catch (error) {
      for (const item of fresh) await this.#settleOrLeave(batch, item, resultOfError(error));
      return;
    }
    const done = await Promise.allSettled(
      fresh.map((item) => gates.items.run(() => this.#item(batch, secret, item, snapshot, gates))),
    );
    // Every item has ended before the lease's heartbeat stops; the first store error is the group's.
    const failed = done.find((d) => d.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** One item, as a single change on the shared read; its result is written by this process only. */
  async #item(
    batch: BatchRecord,
    secret: string,
    item: BatchItemRow,
    snapshot: SecretSnapshot,
    gates: RunGates,
  ): Promise<void> {
    const { store, versions } = this.deps;
    let intentId: string | undefined;
    let csmsRequestId: string | null = null;
    const ctx: WriteContext = {
      user: { id: batch.created_by, role: batch.role } as User,
      audit: batch.audit,
      signal: this.deps.shutdown,
      batch: {
        id: batch.id,
        item: item.idx,
        pool: 'scan',
        slot: () => gates.calls.acquire(),
        onIntent: (id) => (intentId = id),
        onOutcome: (row) => (csmsRequestId = row.csms_request_id),
      },
    };
    try {
      const { version } = await versions.updateExpiry(
        ctx,
        { account: batch.account, secret, version: item.version },
        {
          expire_time: item.expire_time,
          expected_expire_time: item.expected_expire_time,
          ...(batch.reason !== null && { reason: batch.reason }),
        },
        snapshot,
      );
      await store.settle(batch.id, item.idx, this.#owner, {
        status: 'applied',
        expire_time: version.expire_time,
        csms_request_id: csmsRequestId,
      });
    } catch (error) {
      if (intentId === undefined) {
        await this.#settleOrLeave(batch, item, resultOfError(error));
        return;
      }
      const audited = await store.findIntent(batch.id, item.idx);
      if (audited?.outcome) {
        // The outcome row decides applied or failed; the error says why, as the single change would.
        const why = resultOfError(error);
        const result = resultOfOutcome(audited.outcome);
        await store.settle(batch.id, item.idx, this.#owner, {
          ...result,
          ...(result.status === 'failed' && { code: why.code, message: why.message }),
        });
      } else {
        await store.release(batch.id, item.idx, this.#owner); // the intent is open: the reconciler's now
      }
    }
  }

  /** At shutdown an item not yet sent is left pending for another process, not reported as failed. */
  async #settleOrLeave(batch: BatchRecord, item: BatchItemRow, result: BatchItemResult): Promise<void> {
    if (this.deps.shutdown.aborted) await this.deps.store.release(batch.id, item.idx, this.#owner);
    else await this.deps.store.settle(batch.id, item.idx, this.#owner, result);
  }

  /**
   * An item claimed before: if an earlier attempt wrote its intent, the item takes that intent's outcome,
   * settling it through the reconciler's path first when it has none. True when the item is dealt with
   * (settled, or left pending for a later run); false when no intent exists and the change can be made now.
   */
  async #settleEarlierAttempt(batch: BatchRecord, item: BatchItemRow): Promise<boolean> {
    const { store, versions } = this.deps;
    const audited = await store.findIntent(batch.id, item.idx);
    if (!audited) return false;
    const outcome =
      audited.outcome ??
      (await versions.settleIntent(audited.intent)) ??
      (await store.findIntent(batch.id, item.idx))?.outcome;
    if (outcome) await store.settle(batch.id, item.idx, this.#owner, resultOfOutcome(outcome));
    else await store.release(batch.id, item.idx, this.#owner);
    return true;
  }
}
