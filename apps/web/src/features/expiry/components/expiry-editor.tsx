import { isPullingLiveExpiry, type UpdateExpiryResult } from '@csms-console/api-contract';
import { useEffect, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { isApiError } from '../../../lib/api-client';
import { serverNow, useNow } from '../../../lib/clock';
import { formatInstant, resolveZone, splitZoned, type ZoneChoice } from '../../../lib/time';
import { useZone } from '../../../lib/zone';
import { useUpdateExpiry } from '../api/mutations';
import { allowedDays, evaluateCandidate, isAcceptable } from '../utils/candidate';
import { expiryFormResolver, type ExpiryFormContext, type ExpiryFormValues } from '../utils/form-schema';
import { buildPresets } from '../utils/presets';
import { editability, type ExpiryContext } from '../utils/rules';
import type { ExpiryDialogProps } from './expiry-dialog';
import { ExpiryEditStep } from './expiry-edit-step';
import { ExpiryConflict, ExpirySaved, ExpiryUnavailable } from './expiry-outcome';
import { ExpiryReviewStep } from './expiry-review-step';

type Step =
  | { kind: 'edit'; notice?: string }
  /** `confirmRequested`: the BFF answered 422 `confirmation_required` (e.g. the version became SYSCURRENT). */
  | { kind: 'review'; ms: number; reason: string; confirmRequested?: boolean }
  | { kind: 'saved'; result: UpdateExpiryResult; requested: number }
  | { kind: 'conflict'; current: number | null }
  | { kind: 'not_enabled'; message: string };

type EditorProps = Omit<ExpiryDialogProps, 'onClose'> & {
  /** Close the native dialog (its `close` event tells the page). */
  requestClose: () => void;
  /** While a save is in flight, Escape must not close the dialog. */
  onBusyChange: (busy: boolean) => void;
};

export function ExpiryEditor(props: EditorProps) {
  const { account, secret, version, versions, user, requestClose } = props;
  const now = useNow();
  const [zoneChoice, setZoneChoice] = useState<ZoneChoice>(useZone().choice);
  const zone = resolveZone(zoneChoice);
  // What the page read when the dialog opened; after a conflict, what CSMS held then.
  const [expected, setExpected] = useState(version.expire_time);
  const rules: ExpiryContext = { policy: user.expiry_policy, current: expected, now, zone };
  const form = useForm<ExpiryFormValues, ExpiryFormContext>({
    resolver: expiryFormResolver,
    context: { zone, rules },
    defaultValues: {
      ...(expected === null ? { date: '', time: '00:00:00' } : splitZoned(expected, zone)),
      reason: '',
    },
  });
  const [date, time] = useWatch({ control: form.control, name: ['date', 'time'] });
  const candidate = evaluateCandidate(date, time, zone, rules);
  const [step, setStep] = useState<Step>({ kind: 'edit' });
  const mutation = useUpdateExpiry(account, secret.name, props.refreshes);
  const { onBusyChange } = props;
  useEffect(() => onBusyChange(mutation.isPending), [mutation.isPending, onBusyChange]);

  const changeZone = (next: ZoneChoice) => {
    if (candidate.ms !== null) {
      const parts = splitZoned(candidate.ms, resolveZone(next));
      form.setValue('date', parts.date);
      form.setValue('time', parts.time);
    }
    setZoneChoice(next);
  };

  const review = form.handleSubmit((values) => {
    const checked = evaluateCandidate(values.date, values.time, zone, rules);
    if (!isAcceptable(checked)) return;
    mutation.reset();
    setStep({ kind: 'review', ms: checked.ms, reason: values.reason.trim() });
  });

  const backToEdit = (message?: string, field: 'date' | 'reason' = 'date') => {
    setStep({ kind: 'edit' });
    if (message) form.setError(field, { type: 'server', message });
    // The edit step mounts again; put the user back on the field to change (the first one by default).
    setTimeout(() => form.setFocus(field), 0);
  };

  const save = async (ms: number, reason: string, confirm: string | undefined) => {
    // Time passed while reviewing: check against "now" again, as the BFF is about to.
    if (!isAcceptable(evaluateCandidate(date, time, zone, { ...rules, now: serverNow() }))) {
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
        setStep({ kind: 'not_enabled', message: error.message });
      } else if (isApiError(error, 'expiry_out_of_bounds') || isApiError(error, 'invalid_input')) {
        backToEdit(error.message);
      } else if (isApiError(error, 'reason_required')) {
        // The BFF requires a reason the session's policy did not (REQUIRE_REASON changed): ask at the field.
        mutation.reset();
        backToEdit(error.message, 'reason');
      } else if (isApiError(error, 'confirmation_required')) {
        // CSMS holds something the page did not show (the version is live now): ask for the name here,
        // keeping the review and what was typed (the mutation refreshes the page, so its stages are current).
        setStep({ kind: 'review', ms, reason, confirmRequested: true });
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
            const from = step.current === null ? 'no expiry' : formatInstant(step.current, zone);
            setStep({
              kind: 'edit',
              notice: `Starting again from the current value, ${from}. Check the new expiry, then review.`,
            });
            setTimeout(() => form.setFocus('date'), 0);
          }}
        />
      );
    case 'not_enabled':
      return (
        <ExpiryUnavailable
          title="The secret is no longer enabled"
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
            title="This expiry cannot be changed here"
            reason={allowed.reason}
            onClose={requestClose}
          />
        );
      }
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
          reasonRequired={user.expiry_policy.reason_required}
          allowed={allowedDays(rules, zone)}
          notice={step.notice}
          serverError={mutation.error}
          onCancel={requestClose}
          onReview={() => void review()}
        />
      );
    }
  }
}
