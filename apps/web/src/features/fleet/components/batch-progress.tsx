import type { BatchItemStatus } from '@csms-console/api-contract';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { batchQueries, useRetryBatch } from '../api/batches';
import { itemKey } from '../utils/board-params';

const STATUS: Record<BatchItemStatus, { label: string; tone: string }> = {
  pending: { label: 'Pending', tone: 'status-neutral' },
  applied: { label: 'Extended', tone: 'status-good' },
  refused: { label: 'Refused', tone: 'status-danger' },
  conflict: { label: 'Changed in CSMS', tone: 'status-warn' },
  failed: { label: 'Failed', tone: 'status-danger' },
};

/** A running batch: a progress bar, each item's outcome as it settles, and one action to retry the failed. */
export function BatchProgress({
  account,
  id,
  reason,
  onRetried,
  onDone,
}: {
  account: string;
  id: string;
  reason: string;
  onRetried: (id: string) => void;
  onDone: () => void;
}) {
  const status = useQuery(batchQueries.status(account, id));
  const retry = useRetryBatch(account);
  const batch = status.data;
  const done = batch?.state === 'done';
  const told = useRef<string | null>(null);
  useEffect(() => {
    if (done && told.current !== id) {
      told.current = id;
      onDone();
    }
  }, [done, id, onDone]);

  if (status.isError)
    return <ErrorNotice error={status.error} title="The batch's status could not be read" />;
  if (!batch) return <p role="status">Starting the batch…</p>;
  const retriable = batch.items.filter((i) => i.status === 'failed' || i.status === 'conflict').length;
  const count = (s: BatchItemStatus) => batch.items.filter((i) => i.status === s).length;

  return (
    <div className="batch-progress">
      <label>
        {done ? 'Batch finished' : 'Extending…'} {batch.done} of {batch.total}
        <progress max={batch.total} value={batch.done} />
      </label>
      <p role="status">
        {done
          ? `${count('applied')} extended, ${count('refused')} refused, ${count('conflict')} changed in CSMS, ${count('failed')} failed.`
          : `${batch.done} of ${batch.total} settled.`}
      </p>
      <div className="table-scroll batch-items">
        <table className="data-table">
          <caption>Outcome per version</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {batch.items.map((i) => (
              <tr key={itemKey(i)}>
                <th scope="row">
                  {i.secret} {i.version}
                </th>
                <td>
                  <span className={`status ${STATUS[i.status].tone}`}>{STATUS[i.status].label}</span>
                  {i.message ? <div className="muted">{i.message}</div> : null}
                  {i.csms_request_id ? <div className="muted">CSMS request {i.csms_request_id}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {retry.isError ? <ErrorNotice error={retry.error} title="The retry was not started" /> : null}
      {done && retriable > 0 ? (
        <button
          type="button"
          className="button primary"
          disabled={retry.isPending}
          onClick={() =>
            retry.mutate(
              { id, ...(reason ? { reason } : {}) },
              { onSuccess: (created) => onRetried(created.id) },
            )
          }
        >
          Retry the failed ones ({retriable})
        </button>
      ) : null}
    </div>
  );
}
