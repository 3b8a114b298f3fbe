import {
  isReasonMissing,
  normalizeReason,
  REASON_MAX_CHARS,
  type BatchDryRun,
  type ExpiryPolicy,
} from '@csms-console/api-contract';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { DialogFooter } from '../../../components/ui/dialog-footer';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { FormField } from '../../../components/ui/form-field';
import { Instant } from '../../../components/ui/instant';
import { isApiError } from '../../../lib/api-client';
import { REASON_REQUIRED_MESSAGE } from '../../../lib/reason';
import { useBatchDryRun, useStartBatches, type RefusedChunk, type StartedBatch } from '../api/batches';
import { rowKey, type FleetRow } from '../utils/board-params';
import {
  batchItems,
  chunkByAccount,
  EXTEND_PRESETS,
  MAX_BATCH_ITEMS,
  presetExpiry,
} from '../utils/extend-plan';
import { attentionFirst, BatchItemsTable, countByStatus } from './batch-items-table';
import { BatchProgress } from './batch-progress';

const VERDICT: Record<BatchDryRun['items'][number]['status'], string> = {
  would_apply: 'Will be extended',
  refused: 'Refused',
  conflict: 'Changed in CSMS',
  failed: 'Could not check',
};

/**
 * "Extend selected": one reason and one new expiry for every selected version; a preview from the BFF's dry
 * run (`?dry_run=1`: before -> after per item, and what the role or the secret's state refuses, marked
 * before anything is sent); then the items that would apply, as one batch per account and MAX_BATCH_ITEMS
 * items (the BFF's limit), followed as one: one progress bar, one outcome list, one retry.
 * The preview needs no reason (the BFF's dry run asks none, and the reason does not change what it says,
 * so typing it never discards the preview); with the policy's `reason_required` no batch is sent without
 * one (`isReasonMissing`, as the BFF decides it): the field says so and takes the focus.
 */
export function ExtendDialog({
  items: selected,
  showAccount,
  policy,
  now,
  zone,
  onClose,
  onDone,
}: {
  items: FleetRow[];
  /** The selection may span accounts: say which account each item belongs to. */
  showAccount: boolean;
  policy: ExpiryPolicy;
  now: number;
  zone: string;
  onClose: () => void;
  /** Every batch ended (the board reads those accounts' fleet again and clears the selection). */
  onDone: (accounts: string[]) => void;
}) {
  // The selection as it was when the dialog opened: the board clears its own once the batch is done.
  const [items] = useState(selected);
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const reasonId = `${titleId}-reason`;
  const [days, setDays] = useState<number>(EXTEND_PRESETS.at(-1)!);
  // The new expiry is fixed when the preview is asked for, so what was previewed is what is sent.
  const [planned, setPlanned] = useState<number | null>(null);
  const [run, setRun] = useState<{ batches: StartedBatch[]; refused: RefusedChunk[] } | null>(null);
  const dryRun = useBatchDryRun();
  const start = useStartBatches();
  const target = presetExpiry(now, days, policy);
  const before = useMemo(() => new Map(items.map((i) => [rowKey(i), i.expire_time])), [items]);
  const batchCount = useMemo(() => chunkByAccount(items).length, [items]);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    const onCancel = () => onClose();
    dialog?.addEventListener('cancel', onCancel);
    return () => dialog?.removeEventListener('cancel', onCancel);
  }, [onClose]);

  const preview = () => {
    setPlanned(target);
    dryRun.mutate({
      chunks: chunkByAccount(items).map((c) => ({ account: c.account, items: batchItems(c.items, target) })),
    });
  };
  const previews = dryRun.data;
  // Memoised: typing the reason re-renders the dialog, and the preview may hold 20,000 items.
  const checked = useMemo(
    () =>
      previews?.flatMap((p) => (p.answer ? p.answer.items.map((i) => ({ ...i, account: p.account })) : [])),
    [previews],
  );
  const applicable = useMemo(() => checked?.filter((i) => i.status === 'would_apply') ?? [], [checked]);
  const counts = useMemo(() => countByStatus(checked ?? []), [checked]);
  const listed = useMemo(() => attentionFirst(checked ?? [], (i) => i.status !== 'would_apply'), [checked]);
  const given = normalizeReason(reason);
  const askForReason = (message: string) => {
    setReasonError(message);
    reasonRef.current?.focus();
  };
  const send = () => {
    if (planned === null) return;
    if (isReasonMissing(policy, reason)) {
      askForReason(REASON_REQUIRED_MESSAGE);
      return;
    }
    const keys = new Set(applicable.map(rowKey));
    const chunks = chunkByAccount(items.filter((i) => keys.has(rowKey(i))));
    start.mutate(
      {
        ...(given ? { reason: given } : {}),
        chunks: chunks.map((c) => ({ account: c.account, items: batchItems(c.items, planned) })),
      },
      {
        onSuccess: ({ started, refused }) => {
          if (started.length > 0) {
            setRun({ batches: started, refused });
            return;
          }
          // The BFF requires a reason the session's policy did not (REQUIRE_REASON changed): ask at the field.
          const needsReason = refused.find((r) => isApiError(r.error, 'reason_required'));
          if (needsReason && isApiError(needsReason.error)) {
            start.reset();
            askForReason(needsReason.error.message);
          }
        },
      },
    );
  };

  return (
    <dialog ref={ref} className="dialog extend-dialog" aria-labelledby={titleId}>
      <h2 id={titleId}>Extend {items.length} selected versions</h2>
      {run ? (
        <>
          <BatchProgress
            batches={run.batches}
            refused={run.refused}
            reason={given ?? ''}
            showAccount={showAccount}
            onRetried={(batches) => setRun({ ...run, batches })}
            onDone={onDone}
          />
          <DialogFooter>
            <button type="button" className="button" onClick={onClose}>
              Close
            </button>
          </DialogFooter>
        </>
      ) : (
        <>
          {batchCount > 1 ? (
            <p className="notice notice-info">
              A batch holds at most {MAX_BATCH_ITEMS} versions of one account: these are sent as {batchCount}{' '}
              batches, one after the other, and followed as one.
            </p>
          ) : null}
          <FormField
            id={reasonId}
            label={
              policy.reason_required
                ? 'Reason (required, kept in the audit log)'
                : 'Reason (optional, kept in the audit log)'
            }
            error={reasonError ?? undefined}
          >
            {(control) => (
              <textarea
                {...control}
                ref={reasonRef}
                value={reason}
                maxLength={REASON_MAX_CHARS}
                aria-required={policy.reason_required}
                onChange={(e) => {
                  setReason(e.target.value);
                  if (reasonError !== null && normalizeReason(e.target.value)) setReasonError(null);
                }}
              />
            )}
          </FormField>
          <fieldset className="field">
            <legend>New expiry</legend>
            {EXTEND_PRESETS.map((n) => (
              <label key={n} className="radio">
                <input
                  type="radio"
                  name={`${titleId}-days`}
                  checked={days === n}
                  onChange={() => {
                    setDays(n);
                    dryRun.reset();
                  }}
                />
                +{n} days
              </label>
            ))}
            <p>
              Every selected version will expire{' '}
              <Instant ms={target} zone={zone} now={now} labelled showUtc />
            </p>
          </fieldset>
          {dryRun.isError ? <ErrorNotice error={dryRun.error} title="The preview failed" /> : null}
          {previews
            ?.filter((p) => p.error !== undefined)
            .map((p, i) => (
              <ErrorNotice
                key={`${p.account}-${i}`}
                error={p.error}
                title={`The preview of ${p.items.length} versions of account ${p.account} failed; they will not be sent`}
              />
            ))}
          {start.isError ? <ErrorNotice error={start.error} title="The batch was not started" /> : null}
          {start.data?.refused.map((r, i) => (
            <ErrorNotice
              key={`${r.account}-${i}`}
              error={r.error}
              title={`The batch of ${r.count} versions of account ${r.account} was not started`}
            />
          ))}
          {checked && planned !== null ? (
            <>
              <p role="status">
                {`Preview: ${counts.would_apply ?? 0} will be extended, ${counts.refused ?? 0} refused, ${counts.conflict ?? 0} changed in CSMS, ${counts.failed ?? 0} could not check.`}
              </p>
              {applicable.length < checked.length ? (
                <p className="muted">The versions that will not be extended are listed first.</p>
              ) : null}
              <BatchItemsTable
                caption={`Preview: ${applicable.length} of ${checked.length} will be extended`}
                label="Preview per version (scrollable)"
                columns={showAccount ? 5 : 4}
                head={
                  <>
                    {showAccount ? <th scope="col">Account</th> : null}
                    <th scope="col">Version</th>
                    <th scope="col">Before</th>
                    <th scope="col">After</th>
                    <th scope="col">Outcome</th>
                  </>
                }
                items={listed}
                itemKey={rowKey}
                extraLines={(i) => (i.message ? 1 : 0)}
                renderCells={(i) => (
                  <>
                    {showAccount ? <td>{i.account}</td> : null}
                    <th scope="row">
                      {i.secret} {i.version}
                    </th>
                    <td>
                      <Instant ms={before.get(rowKey(i)) ?? null} zone={zone} now={now} relative={false} />
                    </td>
                    <td>
                      {i.status === 'would_apply' ? (
                        <Instant ms={planned} zone={zone} now={now} relative={false} />
                      ) : (
                        <span className="muted">unchanged</span>
                      )}
                    </td>
                    <td>
                      <span
                        className={i.status === 'would_apply' ? 'status status-good' : 'status status-danger'}
                      >
                        {VERDICT[i.status]}
                      </span>
                      {i.message ? <div className="muted">{i.message}</div> : null}
                    </td>
                  </>
                )}
              />
            </>
          ) : null}
          <DialogFooter>
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            {previews ? (
              <button
                type="button"
                className="button primary"
                disabled={applicable.length === 0 || start.isPending}
                onClick={send}
              >
                Extend {applicable.length} versions
              </button>
            ) : (
              <button
                type="button"
                className="button primary"
                disabled={items.length === 0 || dryRun.isPending}
                onClick={preview}
              >
                Preview changes
              </button>
            )}
          </DialogFooter>
        </>
      )}
    </dialog>
  );
}
