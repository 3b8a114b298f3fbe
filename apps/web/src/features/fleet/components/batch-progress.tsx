import type { BatchItem, BatchItemStatus } from '@csms-console/api-contract';
import { useQueries } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { t } from '../../../lib/i18n';
import {
  batchQueries,
  isUnreadable,
  useRetryBatches,
  type RefusedChunk,
  type StartedBatch,
} from '../api/batches';
import { rowKey } from '../utils/board-params';
import { failureText } from '../utils/labels';
import { attentionFirst, BatchItemsTable, countByStatus } from './batch-items-table';

const TONE: Record<BatchItemStatus, string> = {
  pending: 'status-neutral',
  applied: 'status-good',
  refused: 'status-danger',
  conflict: 'status-warn',
  failed: 'status-danger',
};

/** One version's outcome in a batch, with its account. */
type Outcome = BatchItem & { account: string };

/** Outcomes support has to act on (or at least read): listed before the rest. */
const ATTENTION: ReadonlySet<BatchItemStatus> = new Set(['refused', 'conflict', 'failed']);

/**
 * The batches of one "Extend selected" (one per account and MAX_BATCH_ITEMS items) as one: a single progress
 * bar over every item, each item's outcome as it settles, the chunks the BFF refused as a whole, and one
 * action that retries the failed and conflicting items of every batch (one retry call per batch).
 */
export function BatchProgress({
  batches,
  refused,
  reason,
  showAccount,
  onRetried,
  onDone,
}: {
  batches: StartedBatch[];
  /** Chunks the BFF refused as a whole: nothing of them was started. */
  refused: RefusedChunk[];
  reason: string;
  /** The selection spans several accounts: say which account each item belongs to. */
  showAccount: boolean;
  /** A retry started new batches: the list to follow from now on (the earlier ones, then the new). */
  onRetried: (batches: StartedBatch[]) => void;
  /** Every batch ended, with the accounts they changed. */
  onDone: (accounts: string[]) => void;
}) {
  const statuses = useQueries({
    queries: batches.map((b) => batchQueries.status(b.account, b.id)),
  });
  const retry = useRetryBatches();
  const read = batches.map((b, i) => ({ ...b, status: statuses[i]! }));
  const failedReads = read.filter((r) => r.status.isError);
  const known = read.flatMap((r) => (r.status.data ? [{ ...r, batch: r.status.data }] : []));
  // Ended: done, or its status can never be read (then the board is told anyway, and the error is shown).
  const done =
    batches.length > 0 && read.every((r) => r.status.data?.state === 'done' || isUnreadable(r.status.error));
  const signature = batches.map((b) => `${b.account}/${b.id}`).join(' ');
  const told = useRef<string | null>(null);
  useEffect(() => {
    if (done && told.current !== signature) {
      told.current = signature;
      onDone(batches.map((b) => b.account));
    }
  }, [done, signature, batches, onDone]);

  // A retry's batch holds the items it retried: their newest outcome replaces the earlier one, in place.
  const latest = new Map<string, { item: BatchItem & { account: string }; batch: StartedBatch }>();
  for (const k of known) {
    for (const item of k.batch.items) {
      const row = { ...item, account: k.account };
      latest.set(rowKey(row), { item: row, batch: { account: k.account, id: k.id } });
    }
  }
  const items = [...latest.values()].map((l) => l.item);
  const total = items.length;
  const counts = countByStatus(items);
  const count = (s: BatchItemStatus) => counts[s] ?? 0;
  const settled = total - count('pending');
  const isRetriable = (s: BatchItemStatus) => s === 'failed' || s === 'conflict';
  const retriable = count('failed') + count('conflict');
  const toRetry = new Map<string, StartedBatch>();
  for (const { item, batch } of latest.values()) if (isRetriable(item.status)) toRetry.set(batch.id, batch);
  const listed = attentionFirst(items, (i) => ATTENTION.has(i.status));
  const summary = t('fleet.batch.summary', {
    applied: count('applied'),
    refused: count('refused'),
    conflict: count('conflict'),
    failed: count('failed'),
  });

  return (
    <div className="batch-progress">
      {refused.map((r, i) => (
        <ErrorNotice
          key={`${r.account}-${i}`}
          error={r.error}
          title={t('fleet.batch.chunkRefused', { count: r.count, account: r.account })}
        />
      ))}
      {failedReads.map((r) => (
        <ErrorNotice
          key={r.id}
          error={r.status.error}
          title={t('fleet.batch.statusUnreadable', { account: r.account })}
        />
      ))}
      {batches.length > 0 && known.length === 0 && failedReads.length === 0 ? (
        <p role="status">{t('fleet.batch.starting')}</p>
      ) : null}
      {known.length > 0 ? (
        <>
          <label>
            {t(done ? 'fleet.batch.finished' : 'fleet.batch.extending', { settled, total })}
            <progress max={total} value={settled} />
          </label>
          <p role="status">
            {done
              ? t('fleet.batch.doneSummary', { summary })
              : t('fleet.batch.runningSummary', { settled, total, summary, pending: count('pending') })}
          </p>
          {listed[0] && ATTENTION.has(listed[0].status) ? (
            <p className="muted">{t('fleet.batch.attentionFirst')}</p>
          ) : null}
          <BatchItemsTable
            caption={t('fleet.batch.outcomeCaption')}
            label={t('fleet.batch.outcomeRegion')}
            columns={[
              ...(showAccount ? [{ label: t('fleet.column.account'), cell: (i: Outcome) => i.account }] : []),
              {
                label: t('fleet.column.version'),
                rowHeader: true,
                cell: (i: Outcome) => `${i.secret} ${i.version}`,
              },
              {
                label: t('fleet.extend.outcome'),
                cell: (i: Outcome) => (
                  <>
                    <span className={`status ${TONE[i.status]}`}>{t(`fleet.batchStatus.${i.status}`)}</span>
                    {i.code || i.message ? <div className="muted">{failureText(i)}</div> : null}
                    {i.csms_request_id ? (
                      <div className="muted">{t('fleet.batch.csmsRequest', { id: i.csms_request_id })}</div>
                    ) : null}
                  </>
                ),
              },
            ]}
            items={listed}
            itemKey={rowKey}
            extraLines={(i) => (i.code || i.message ? 1 : 0) + (i.csms_request_id ? 1 : 0)}
          />
        </>
      ) : null}
      {retry.data?.refused.map((r) => (
        <ErrorNotice
          key={r.batch.id}
          error={r.error}
          title={t('fleet.batch.retryRefused', { account: r.batch.account })}
        />
      ))}
      {retry.isError ? <ErrorNotice error={retry.error} title={t('fleet.batch.retryFailed')} /> : null}
      {done && retriable > 0 ? (
        <button
          type="button"
          className="button primary"
          disabled={retry.isPending}
          onClick={() =>
            retry.mutate(
              { batches: [...toRetry.values()], ...(reason ? { reason } : {}) },
              {
                onSuccess: ({ retried }) => {
                  if (retried.length > 0) onRetried([...batches, ...retried.map((r) => r.to)]);
                },
              },
            )
          }
        >
          {t('fleet.batch.retry', { count: retriable })}
        </button>
      ) : null}
    </div>
  );
}
