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
import { Msg, t } from '../../../lib/i18n';
import { useBatchDryRun, useStartBatches, type RefusedChunk, type StartedBatch } from '../api/batches';
import { rowKey, type FleetRow } from '../utils/board-params';
import { failureText } from '../utils/labels';
import {
  batchItems,
  chunkByAccount,
  EXTEND_PRESETS,
  MAX_BATCH_ITEMS,
  presetExpiry,
} from '../utils/extend-plan';
import { attentionFirst, BatchItemsTable, countByStatus } from './batch-items-table';
import { BatchProgress } from './batch-progress';

type Verdict = BatchDryRun['items'][number]['status'];
/** A version as the dry run checked it, with its account. */
type Checked = BatchDryRun['items'][number] & { account: string };

/** What the dry run says of one version, in words. */
function verdictLabel(status: Verdict): string {
  return t(`fleet.verdict.${status}`);
}

/**
 * "Extend selected": one reason and one new expiry for every selected version; a preview from the BFF's dry
 * run (`?dry_run=1`: before -> after per item, and what the role or the secret's state refuses, marked
 * before anything is sent); then the items that would apply, as one batch per account and MAX_BATCH_ITEMS
 * items (the BFF's limit), followed as one: one progress bar, one outcome list, one retry.
 * The preview needs no reason (the BFF's dry run asks none, and the reason does not change what it says,
 * so typing it never discards the preview); with the policy's `reason_required` no batch is sent without
 * one (`isReasonMissing`, as the BFF decides it): the field says so and takes the focus. A version's refusal
 * reads in the catalogue's words for its error code (`failureText`).
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
      askForReason(t('fleet.extend.reasonMissing'));
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
          if (refused.some((r) => isApiError(r.error, 'reason_required'))) {
            start.reset();
            askForReason(t('fleet.extend.reasonMissing'));
          }
        },
      },
    );
  };

  return (
    <dialog ref={ref} className="dialog extend-dialog" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('fleet.extend.title', { count: items.length })}</h2>
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
              {t('fleet.extend.close')}
            </button>
          </DialogFooter>
        </>
      ) : (
        <>
          {batchCount > 1 ? (
            <p className="notice notice-info">
              {t('fleet.extend.chunks', { max: MAX_BATCH_ITEMS, count: batchCount })}
            </p>
          ) : null}
          <FormField
            id={reasonId}
            label={
              policy.reason_required ? t('fleet.extend.reasonRequired') : t('fleet.extend.reasonOptional')
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
            <legend>{t('fleet.extend.newExpiry')}</legend>
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
                {t('fleet.extend.preset', { days: n })}
              </label>
            ))}
            <p>
              <Msg
                id="fleet.extend.target"
                values={{ instant: <Instant ms={target} zone={zone} now={now} labelled showUtc /> }}
              />
            </p>
          </fieldset>
          {dryRun.isError ? (
            <ErrorNotice error={dryRun.error} title={t('fleet.extend.previewFailed')} />
          ) : null}
          {previews
            ?.filter((p) => p.error !== undefined)
            .map((p, i) => (
              <ErrorNotice
                key={`${p.account}-${i}`}
                error={p.error}
                title={t('fleet.extend.chunkPreviewFailed', { count: p.items.length, account: p.account })}
              />
            ))}
          {start.isError ? <ErrorNotice error={start.error} title={t('fleet.extend.notStarted')} /> : null}
          {start.data?.refused.map((r, i) => (
            <ErrorNotice
              key={`${r.account}-${i}`}
              error={r.error}
              title={t('fleet.extend.chunkNotStarted', { count: r.count, account: r.account })}
            />
          ))}
          {checked && planned !== null ? (
            <>
              <p role="status">
                {t('fleet.extend.previewSummary', {
                  apply: counts.would_apply ?? 0,
                  refused: counts.refused ?? 0,
                  conflict: counts.conflict ?? 0,
                  failed: counts.failed ?? 0,
                })}
              </p>
              {applicable.length < checked.length ? (
                <p className="muted">{t('fleet.extend.attentionFirst')}</p>
              ) : null}
              <BatchItemsTable
                caption={t('fleet.extend.previewCaption', {
                  apply: applicable.length,
                  total: checked.length,
                })}
                label={t('fleet.extend.previewRegion')}
                columns={[
                  ...(showAccount
                    ? [{ label: t('fleet.column.account'), cell: (i: Checked) => i.account }]
                    : []),
                  {
                    label: t('fleet.column.version'),
                    rowHeader: true,
                    cell: (i: Checked) => `${i.secret} ${i.version}`,
                  },
                  {
                    label: t('fleet.extend.before'),
                    cell: (i: Checked) => (
                      <Instant ms={before.get(rowKey(i)) ?? null} zone={zone} now={now} relative={false} />
                    ),
                  },
                  {
                    label: t('fleet.extend.after'),
                    cell: (i: Checked) =>
                      i.status === 'would_apply' ? (
                        <Instant ms={planned} zone={zone} now={now} relative={false} />
                      ) : (
                        <span className="muted">{t('fleet.extend.unchanged')}</span>
                      ),
                  },
                  {
                    label: t('fleet.extend.outcome'),
                    cell: (i: Checked) => (
                      <>
                        <span
                          className={
                            i.status === 'would_apply' ? 'status status-good' : 'status status-danger'
                          }
                        >
                          {verdictLabel(i.status)}
                        </span>
                        {i.code || i.message ? <div className="muted">{failureText(i)}</div> : null}
                      </>
                    ),
                  },
                ]}
                items={listed}
                itemKey={rowKey}
                extraLines={(i) => (i.code || i.message ? 1 : 0)}
              />
            </>
          ) : null}
          <DialogFooter>
            <button type="button" className="button" onClick={onClose}>
              {t('fleet.extend.cancel')}
            </button>
            {previews ? (
              <button
                type="button"
                className="button primary"
                disabled={applicable.length === 0 || start.isPending}
                onClick={send}
              >
                {t('fleet.extend.apply', { count: applicable.length })}
              </button>
            ) : (
              <button
                type="button"
                className="button primary"
                disabled={items.length === 0 || dryRun.isPending}
                onClick={preview}
              >
                {t('fleet.extend.preview')}
              </button>
            )}
          </DialogFooter>
        </>
      )}
    </dialog>
  );
}
