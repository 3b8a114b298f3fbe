/**
 * Bulk extend (issue 11 item 2; docs/security.md B1-B3): create a batch in the store and start it, answer its
 * status from the store (any replica), dry-run it, retry its failed items. No req/res here.
 */
import {
  normalizeReason,
  type Batch,
  type BatchDryRun,
  type BatchItem,
  type BatchPath,
  type CreateBatchInput,
  type RetryBatchInput,
} from '@csms-console/api-contract';
import { AppError } from '../../errors.js';
import { ulid } from '../../store/ulid.js';
import type { BatchItemRow, BatchRecord, BatchStore } from '../../store/types.js';
import type { Upstream } from '../../upstream/types.js';
import type { SecretSnapshot, VersionsService, WriteContext } from '../versions/versions.service.js';
import type { BatchRunner } from './batch-runner.js';
import { resultOfError } from './item-result.js';

export interface BatchesDeps {
  store: BatchStore;
  versions: VersionsService;
  runner: BatchRunner;
  upstream: Upstream;
  now: () => number;
  concurrency: number;
}

const notFound = () => new AppError(404, 'batch_not_found', 'There is no such batch in this account.');

export class BatchesService {
  constructor(private readonly deps: BatchesDeps) {}

  /**
   * A batch needs one reason for all its items (`REQUIRE_REASON`): without one the whole batch is refused
   * (422 `reason_required`) before anything is stored or read. The reason is stored trimmed.
   */
  async create(ctx: WriteContext, account: string, input: CreateBatchInput, retryOf: string | null = null) {
    this.deps.upstream.assertAccount(account);
    const reason = normalizeReason(input.reason);
    this.deps.versions.checkReason(ctx, reason);
    const batch: BatchRecord = {
      id: ulid(this.deps.now()),
      account,
      created_by: ctx.user.id,
      role: ctx.user.role,
      reason: reason ?? null,
      retry_of: retryOf,
      audit: ctx.audit,
      created_at: this.deps.now(),
    };
    await this.deps.store.create(batch, input.items);
    void this.deps.runner.kick(batch.id);
    return { id: batch.id };
  }

  /**
   * What each item would do now: the single change's checks on fresh reads (one per secret); no writes. The
   * reason is not asked for: the preview comes before the user commits to the batch (and its reason), and
   * a missing reason would refuse every item alike, telling nothing about any of them.
   */
  async dryRun(ctx: WriteContext, account: string, input: CreateBatchInput): Promise<BatchDryRun> {
    const { upstream, versions } = this.deps;
    upstream.assertAccount(account);
    const bySecret = new Map<string, Array<[number, CreateBatchInput['items'][number]]>>();
    for (const entry of input.items.entries()) {
      bySecret.set(entry[1].secret, [...(bySecret.get(entry[1].secret) ?? []), entry]);
    }
    const results: BatchDryRun['items'] = [];
    const groups = [...bySecret.entries()];
    let next = 0;
    const worker = async () => {
      while (next < groups.length) {
        const [secret, items] = groups[next++]!;
        let snapshot: SecretSnapshot | undefined;
        let readError: unknown;
        try {
          snapshot = await versions.readSecret(account, secret, ctx.signal, 'scan');
        } catch (error) {
          readError = error;
        }
        for (const [idx, item] of items) {
          const base = { secret: item.secret, version: item.version };
          try {
            if (!snapshot) throw readError;
            const current = versions.check(ctx, { account, ...base }, item, snapshot);
            results[idx] = { ...base, status: 'would_apply', current_expire_time: current.expire_time };
          } catch (error) {
            const r = resultOfError(error);
            results[idx] = { ...base, ...present(r), status: r.status as 'refused' | 'conflict' | 'failed' };
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.deps.concurrency, groups.length) }, worker));
    return { dry_run: true, total: input.items.length, items: results };
  }

  async get(ctx: Pick<WriteContext, 'user'>, path: BatchPath): Promise<Batch> {
    const found = await this.#visible(ctx, path);
    const items = found.items.map(toItem);
    const done = items.filter((i) => i.status !== 'pending').length;
    return {
      id: found.batch.id,
      state: done === items.length ? 'done' : 'running',
      total: items.length,
      done,
      items,
    };
  }

  /**
   * A new batch of the source's `failed` and `conflict` items, under the caller's role. A conflict is
   * retried against the value CSMS held when it conflicted (shown to the caller in the source's status);
   * every check runs again, so a value changed once more is a conflict again. Without a reason (or with a
   * blank one) the retry carries the source batch's.
   */
  async retry(ctx: WriteContext, path: BatchPath, input: RetryBatchInput) {
    const found = await this.#visible(ctx, path);
    const items = retryItems(found.items);
    if (items.length === 0) {
      throw new AppError(
        409,
        'batch_nothing_to_retry',
        'The batch has no failed or conflicting items to retry.',
      );
    }
    return this.create(
      ctx,
      path.account,
      { reason: normalizeReason(input.reason) ?? found.batch.reason ?? undefined, items },
      path.id,
    );
  }

  /** How many writes a retry counts against the session's limit (one per item it would send; 1 if none). */
  async retryCost(path: { account?: unknown; id?: unknown }): Promise<number> {
    if (typeof path.id !== 'string' || !/^[0-9A-Z]{26}$/.test(path.id)) return 1;
    const found = await this.deps.store.get(path.id);
    return Math.max(1, found ? retryItems(found.items).length : 1);
  }

  /** The creator sees a batch, and admins and auditors see every batch; to anyone else it does not exist. */
  async #visible(ctx: Pick<WriteContext, 'user'>, path: BatchPath) {
    this.deps.upstream.assertAccount(path.account);
    const found = await this.deps.store.get(path.id);
    if (!found || found.batch.account !== path.account) throw notFound();
    const { user } = ctx;
    if (found.batch.created_by !== user.id && user.role !== 'admin' && user.role !== 'auditor')
      throw notFound();
    return found;
  }
}

function retryItems(items: BatchItemRow[]): CreateBatchInput['items'] {
  return items
    .filter((i) => i.status === 'failed' || i.status === 'conflict')
    .map((i) => ({
      secret: i.secret,
      version: i.version,
      expire_time: i.expire_time,
      expected_expire_time: i.status === 'conflict' ? i.current_expire_time : i.expected_expire_time,
    }));
}

/** Leaves out absent fields (the answer has `code?`, not `code: null`). */
function present<T extends object>(o: T): Partial<{ [K in keyof T]: NonNullable<T[K]> }> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as never;
}

function toItem(row: BatchItemRow): BatchItem {
  return {
    secret: row.secret,
    version: row.version,
    status: row.status,
    ...present({
      code: row.code,
      message: row.message,
      csms_request_id: row.csms_request_id,
      expire_time: row.result_expire_time,
      current_expire_time: row.current_expire_time,
    }),
  };
}
