/**
 * Runs batches (issue 11 item 2; docs/security.md B2). Work is claimed per secret with a lease in the store,
 * so any replica can run any batch and two never run the same item. For each claimed secret: items claimed
 * before (a process died holding them) first settle from the audit intent they may already have, through the
 * reconciler's path; the rest share one fresh read of the secret and its versions, then each goes through
 * `VersionsService.updateExpiry` exactly as a single change (checks, intent, PUT, outcome), one after another.
 * Up to `concurrency` secrets at a time. An item whose intent stays open (CSMS unreachable even for the
 * read-back) is left pending, its lease given back: a later `resume` settles it through the reconciler.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { BatchItemResult, BatchItemRow, BatchRecord, BatchStore, User } from '../../store/types.js';
import type { VersionsService, WriteContext } from '../versions/versions.service.js';
import { resultOfError, resultOfOutcome } from './item-result.js';

export interface BatchRunnerDeps {
  store: BatchStore;
  versions: VersionsService;
  logger: Logger;
  now: () => number;
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
    let next = 0;
    const worker = async () => {
      while (next < secrets.length && !this.deps.shutdown.aborted) {
        const secret = secrets[next++]!;
        try {
          await this.#group(found.batch, secret);
        } catch (error) {
          this.deps.logger.warn(
            { err: error, batchId: id, secret },
            'batch group failed; lease left to run out',
          );
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.deps.concurrency, secrets.length) }, worker));
  }

  async #group(batch: BatchRecord, secret: string): Promise<void> {
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
      await this.#work(batch, secret, items);
    } finally {
      clearInterval(beat);
    }
  }

  async #work(batch: BatchRecord, secret: string, items: BatchItemRow[]): Promise<void> {
    const { store, versions } = this.deps;
    const fresh: BatchItemRow[] = [];
    for (const item of items) {
      if (item.attempts > 1 && (await this.#settleEarlierAttempt(batch, item))) continue;
      fresh.push(item);
    }
    if (fresh.length === 0) return;
    const user = { id: batch.created_by, role: batch.role } as User;
    let snapshot;
    try {
      snapshot = await versions.readSecret(batch.account, secret, this.deps.shutdown, 'scan');
    } catch (error) {
      for (const item of fresh) await this.#settleOrLeave(batch, item, resultOfError(error));
      return;
    }
    for (const item of fresh) {
      let intentId: string | undefined;
      let csmsRequestId: string | null = null;
      const ctx: WriteContext = {
        user,
        audit: batch.audit,
        signal: this.deps.shutdown,
        batch: {
          id: batch.id,
          item: item.idx,
          pool: 'scan',
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
          continue;
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
