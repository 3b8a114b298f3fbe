import {
  isReasonMissing,
  normalizeReason,
  REASON_MAX_CHARS,
  type BatchDryRun,
  type ExpiryPolicy,
  type FleetItem,
} from '@csms-console/api-contract';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { DialogFooter } from '../../../components/ui/dialog-footer';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { FormField } from '../../../components/ui/form-field';
import { Instant } from '../../../components/ui/instant';
import { isApiError } from '../../../lib/api-client';
import { REASON_REQUIRED_MESSAGE } from '../../../lib/reason';
import { useBatchDryRun, useCreateBatch } from '../api/batches';
import { itemKey } from '../utils/board-params';
import { batchItems, EXTEND_PRESETS, MAX_BATCH_ITEMS, presetExpiry } from '../utils/extend-plan';
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
 * before anything is sent); then one batch of the items that would apply, its progress and outcome.
 * The preview needs no reason (the BFF's dry run asks none, and the reason does not change what it says,
 * so typing it never discards the preview); with the policy's `reason_required` the batch is not sent
 * without one (`isReasonMissing`, as the BFF decides it): the field says so and takes the focus.
 */
export function ExtendDialog({
  account,
  items: selected,
  policy,
  now,
  zone,
  onClose,
  onDone,
}: {
  account: string;
  items: FleetItem[];
  policy: ExpiryPolicy;
  now: number;
  zone: string;
  onClose: () => void;
  /** The batch ended (the board reads the fleet again and clears the selection). */
  onDone: () => void;
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
  const [batchId, setBatchId] = useState<string | null>(null);
  const dryRun = useBatchDryRun(account);
  const create = useCreateBatch(account);
  const target = presetExpiry(now, days, policy);
  const before = useMemo(() => new Map(items.map((i) => [itemKey(i), i.expire_time])), [items]);
  const tooMany = items.length > MAX_BATCH_ITEMS;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    const onCancel = () => onClose();
    dialog?.addEventListener('cancel', onCancel);
    return () => dialog?.removeEventListener('cancel', onCancel);
  }, [onClose]);

  const preview = () => {
    setPlanned(target);
    dryRun.mutate({ items: batchItems(items, target) });
  };
  const askForReason = (message: string) => {
    setReasonError(message);
    reasonRef.current?.focus();
  };
  const applicable = dryRun.data?.items.filter((i) => i.status === 'would_apply') ?? [];
  const given = normalizeReason(reason);
  const send = () => {
    if (planned === null) return;
    if (isReasonMissing(policy, reason)) {
      askForReason(REASON_REQUIRED_MESSAGE);
      return;
    }
    const keys = new Set(applicable.map(itemKey));
    create.mutate(
      {
        ...(given ? { reason: given } : {}),
        items: batchItems(
          items.filter((i) => keys.has(itemKey(i))),
          planned,
        ),
      },
      {
        onSuccess: (created) => setBatchId(created.id),
        onError: (error) => {
          // The BFF requires a reason the session's policy did not (REQUIRE_REASON changed): ask at the field.
          if (isApiError(error, 'reason_required')) {
            create.reset();
            askForReason(error.message);
          }
        },
      },
    );
  };

  return (
    <dialog ref={ref} className="dialog extend-dialog" aria-labelledby={titleId}>
      <h2 id={titleId}>Extend {items.length} selected versions</h2>
      {batchId ? (
        <>
          <BatchProgress
            account={account}
            id={batchId}
            reason={given ?? ''}
            onRetried={setBatchId}
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
          {tooMany ? (
            <p className="notice notice-warn" role="alert">
              A batch holds at most {MAX_BATCH_ITEMS} versions; select fewer.
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
          {create.isError ? <ErrorNotice error={create.error} title="The batch was not started" /> : null}
          {dryRun.data && planned !== null ? (
            <div className="table-scroll batch-items">
              <table className="data-table">
                <caption>
                  Preview: {applicable.length} of {dryRun.data.total} will be extended
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Before</th>
                    <th scope="col">After</th>
                    <th scope="col">Outcome</th>
                  </tr>
                </thead>
                <tbody>
                  {dryRun.data.items.map((i) => (
                    <tr key={itemKey(i)}>
                      <th scope="row">
                        {i.secret} {i.version}
                      </th>
                      <td>
                        <Instant ms={before.get(itemKey(i)) ?? null} zone={zone} now={now} relative={false} />
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
                          className={
                            i.status === 'would_apply' ? 'status status-good' : 'status status-danger'
                          }
                        >
                          {VERDICT[i.status]}
                        </span>
                        {i.message ? <div className="muted">{i.message}</div> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <DialogFooter>
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            {dryRun.data ? (
              <button
                type="button"
                className="button primary"
                disabled={applicable.length === 0 || create.isPending}
                onClick={send}
              >
                Extend {applicable.length} versions
              </button>
            ) : (
              <button
                type="button"
                className="button primary"
                disabled={tooMany || items.length === 0 || dryRun.isPending}
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
