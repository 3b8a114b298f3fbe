import { isPullingLiveExpiry, type UpdateExpiryResult } from '@csms-console/api-contract';
import { useEffect, useState } from 'react';
import { isApiError } from '../../../lib/api-client';
import { serverNow, useNow } from '../../../lib/clock';
import { errorText } from '../../../lib/error-text';
import { t } from '../../../lib/i18n';
import { formatInstant, resolveZone, type ZoneChoice } from '../../../lib/time';
import { useZone } from '../../../lib/zone';
import { useUpdateExpiry } from '../api/mutations';
import { allowedDays, evaluateCandidate, isAcceptable } from '../utils/candidate';
import { readDraft } from '../utils/draft';
import { startFromDraft, startStep, type DraftStart } from '../utils/draft-start';
import { dstNoteFor, dstNoteText, type DstNote } from '../utils/dst';
import { buildPresets } from '../utils/presets';
import { editability, type ExpiryContext } from '../utils/rules';
import { useKeptDraft, type KeptDraft } from '../utils/use-kept-draft';
import type { ExpiryDialogProps } from './expiry-dialog';
import { ExpiryEditStep, OVERLAP_FIRST_ID } from './expiry-edit-step';
import { ExpiryConflict, ExpirySaved, ExpiryUnavailable } from './expiry-outcome';
import { ExpiryReviewStep } from './expiry-review-step';
import { fieldsAt, useExpiryForm } from './use-expiry-form';

type Step =
  | { kind: 'edit'; notice?: string }
  /** `confirmRequested`: the BFF answered 422 `confirmation_required` (e.g. the version became SYSCURRENT). */
  | { kind: 'review'; ms: number; reason: string; dst?: DstNote; notice?: string; confirmRequested?: boolean }
  | { kind: 'saved'; result: UpdateExpiryResult; requested: number }
  | { kind: 'conflict'; current: number | null }
  | { kind: 'not_enabled'; message: string };

type EditorProps = Omit<ExpiryDialogProps, 'onClose'> & {
  /** Close the native dialog (its `close` event tells the page). */
  requestClose: () => void;
  /** While a save is in flight, Escape must not close the dialog. */
  onBusyChange: (busy: boolean) => void;
};

/** The gap note as a draft keeps it. */
function keptGap(gap: DstNote | null): KeptDraft['gap'] {
  return gap?.kind === 'gap' ? { date: gap.date, typed: gap.typed, ms: gap.ms, zone: gap.zone } : null;
}

export function ExpiryEditor(props: EditorProps) {
  const { account, secret, version, versions, user, requestClose } = props;
  // Fixed for the dialog's life: the draft's owner (user, account, secret, version).
  const [owner] = useState(() => ({ user: user.sub, account, secret: secret.name, version: version.id }));
  const now = useNow();
  const pageZone = useZone().choice;
  // A change kept from before (the session ended, the language changed): start from it.
  const [start] = useState<DraftStart | null>(() => startFromDraft(readDraft(owner), version.expire_time));
  const [zoneChoice, setZoneChoice] = useState<ZoneChoice>(start?.zone ?? pageZone);
  const zone = resolveZone(zoneChoice);
  // What the page read when the dialog opened; after a conflict, what CSMS held then.
  const [expected, setExpected] = useState(version.expire_time);
  const rules: ExpiryContext = { policy: user.expiry_policy, current: expected, now, zone };
  const { form, date, time, pick, reason, candidate, gap, setGap, setFields, settleGap } = useExpiryForm({
    start,
    expected,
    zone,
    rules,
  });
  const [step, setStep] = useState<Step>(() => startStep(start, zone, rules));
  const mutation = useUpdateExpiry(account, secret.name, props.refreshes);
  const { onBusyChange } = props;
  useEffect(() => onBusyChange(mutation.isPending), [mutation.isPending, onBusyChange]);

  // Keep the change in hand (once there is one) for a return after signing in again; saved -> gone.
  const keeping =
    (step.kind === 'edit' || step.kind === 'review') &&
    (form.formState.isDirty || start !== null || step.kind === 'review');
  useKeptDraft(
    owner,
    keeping
      ? { date, time, reason, pick, expected, step: step.kind, zone: zoneChoice, gap: keptGap(gap) }
      : null,
    step.kind === 'saved',
  );

  const changeZone = (next: ZoneChoice) => {
    if (candidate.ms !== null) setFields(fieldsAt(candidate.ms, resolveZone(next)));
    setGap(null);
    setZoneChoice(next);
  };

  const review = () => {
    const moved = settleGap() ?? gap;
    void form.handleSubmit(
      (values) => {
        const checked = evaluateCandidate(values.date, values.time, zone, rules, values.pick);
        if (!isAcceptable(checked)) return;
        mutation.reset();
        const dst = dstNoteFor({
          ms: checked.ms,
          zone,
          date: values.date,
          overlap: checked.overlap,
          gap: moved,
        });
        setStep({ kind: 'review', ms: checked.ms, reason: values.reason.trim(), ...(dst ? { dst } : {}) });
      },
      (errors) => {
        // The two instants are radio buttons the form does not register: put the user on the first.
        const fieldErrors = errors.date ?? errors.time ?? errors.reason;
        if (errors.pick && !fieldErrors) document.getElementById(OVERLAP_FIRST_ID)?.focus();
      },
    )();
  };

  const backToEdit = (message?: string, field: 'date' | 'reason' = 'date') => {
    setStep({ kind: 'edit' });
    if (message) form.setError(field, { type: 'server', message });
    // The edit step mounts again; put the user back on the field to change (the first one by default).
    setTimeout(() => form.setFocus(field), 0);
  };

  const save = async (ms: number, reason: string, confirm: string | undefined) => {
    // Time passed while reviewing: check against "now" again, as the BFF is about to.
    if (!isAcceptable(evaluateCandidate(date, time, zone, { ...rules, now: serverNow() }, pick))) {
      backToEdit();
      return;
    }
    try {
      const result = await mutation.mutateAsync({
        version: version.id,
        input: {
          expire_time: ms,
          expected_expire_time: expected,
          ...(reason ? { reason } : {}),
          ...(confirm === undefined ? {} : { confirm }),
        },
      });
      setStep({ kind: 'saved', result, requested: ms });
    } catch (error) {
      if (isApiError(error, 'expire_time_changed')) {
        const current = error.details.current_expire_time;
        setStep({ kind: 'conflict', current: typeof current === 'number' ? current : null });
      } else if (isApiError(error, 'secret_not_enabled')) {
        setStep({ kind: 'not_enabled', message: errorText(error) });
      } else if (isApiError(error, 'expiry_out_of_bounds') || isApiError(error, 'invalid_input')) {
        backToEdit(errorText(error));
      } else if (isApiError(error, 'reason_required')) {
        // The BFF requires a reason the session's policy did not (REQUIRE_REASON changed): ask at the field.
        mutation.reset();
        backToEdit(t('expiry.reason.required'), 'reason');
      } else if (isApiError(error, 'confirmation_required')) {
        // CSMS holds something the page did not show (the version is live now): ask for the name here,
        // keeping the review and what was typed (the mutation refreshes the page, so its stages are current).
        setStep({
          ...(step.kind === 'review' ? step : { kind: 'review', ms, reason }),
          confirmRequested: true,
        });
      }
      // Anything else (a 429/503 included): stay on review; SaveFailure shows it, the input is kept, and
      // nothing is resent until the user presses Save again.
    }
  };

  switch (step.kind) {
    case 'saved':
      return <ExpirySaved result={step.result} requested={step.requested} now={now} onClose={requestClose} />;
    case 'conflict':
      return (
        <ExpiryConflict
          current={step.current}
          now={now}
          onClose={requestClose}
          onRetry={() => {
            setExpected(step.current);
            mutation.reset();
            const from = step.current === null ? t('time.noExpiry') : formatInstant(step.current, zone);
            setStep({ kind: 'edit', notice: t('expiry.edit.startAgain', { from }) });
            setTimeout(() => form.setFocus('date'), 0);
          }}
        />
      );
    case 'not_enabled':
      return (
        <ExpiryUnavailable
          title={t('expiry.editor.notEnabledTitle')}
          reason={step.message}
          onClose={requestClose}
        />
      );
    case 'review':
      return (
        <ExpiryReviewStep
          ms={step.ms}
          before={expected}
          reason={step.reason}
          zone={zone}
          now={now}
          secretName={secret.name}
          versionId={version.id}
          notice={step.notice}
          dstNote={step.dst ? dstNoteText(step.dst) : undefined}
          typedConfirmation={
            step.confirmRequested === true ||
            isPullingLiveExpiry({
              stages: version.version_stages,
              current: expected,
              candidate: step.ms,
              now,
            })
          }
          confirmRequested={step.confirmRequested === true}
          pending={mutation.isPending}
          error={mutation.error}
          onBack={() => backToEdit()}
          onSave={(confirm) => void save(step.ms, step.reason, confirm)}
        />
      );
    case 'edit': {
      const allowed = editability({
        policy: user.expiry_policy,
        secretState: secret.state,
        current: expected,
        now,
      });
      if (!allowed.editable) {
        return (
          <ExpiryUnavailable
            title={t('expiry.editor.cannotChangeTitle')}
            reason={allowed.reason}
            onClose={requestClose}
          />
        );
      }
      const gapNote =
        gap !== null && !candidate.gap && candidate.ms === gap.ms ? dstNoteText(gap) : undefined;
      return (
        <ExpiryEditStep
          form={form}
          candidate={candidate}
          current={expected}
          now={now}
          zone={zone}
          zoneChoice={zoneChoice}
          onZoneChoice={changeZone}
          presets={buildPresets({ version, versions, zone, ctx: rules })}
          onPreset={(ms) => setFields(fieldsAt(ms, zone), true)}
          onPick={(ms) =>
            form.setValue('pick', ms, { shouldDirty: true, shouldValidate: form.formState.isSubmitted })
          }
          onSettle={() => void settleGap()}
          gapNote={gapNote}
          reasonRequired={user.expiry_policy.reason_required}
          allowed={allowedDays(rules, zone)}
          notice={step.notice}
          serverError={mutation.error}
          onCancel={requestClose}
          onReview={review}
        />
      );
    }
  }
}
