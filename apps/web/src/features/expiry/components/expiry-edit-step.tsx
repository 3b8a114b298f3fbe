import type { UseFormReturn } from 'react-hook-form';
import { useWatch } from 'react-hook-form';
import { DialogFooter } from '../../../components/ui/dialog-footer';
import { FormField } from '../../../components/ui/form-field';
import { ZoneSwitch } from '../../../components/ui/zone-switch';
import { formatInstant, splitZoned, type ZoneChoice } from '../../../lib/time';
import type { Candidate } from '../utils/candidate';
import { REASON_MAX, type ExpiryFormContext, type ExpiryFormValues } from '../utils/form-schema';
import type { Preset } from '../utils/presets';
import { ExpiryCalendar } from './expiry-calendar';
import { ExpiryPreview } from './expiry-preview';
import { Instant } from '../../../components/ui/instant';
import { SaveFailure } from './save-failure';

const ids = {
  date: 'expiry-date',
  time: 'expiry-time',
  reason: 'expiry-reason',
  when: 'expiry-when-error',
};

export function ExpiryEditStep(props: {
  form: UseFormReturn<ExpiryFormValues, ExpiryFormContext>;
  candidate: Candidate;
  current: number | null;
  now: number;
  zone: string;
  zoneChoice: ZoneChoice;
  onZoneChoice: (choice: ZoneChoice) => void;
  presets: Preset[];
  /** The policy's `reason_required` (`REQUIRE_REASON`): the reason field is required. */
  reasonRequired: boolean;
  allowed: { first: string; last: string };
  /** A note shown on top (e.g. after a conflict, "starting from the new value"). */
  notice?: string | undefined;
  serverError: unknown;
  onCancel: () => void;
  onReview: () => void;
}) {
  const { form, candidate, current, now, zone, presets, allowed } = props;
  const { formState, register, setValue } = form;
  const [date, reason] = useWatch({ control: form.control, name: ['date', 'reason'] });
  const interacted =
    formState.isSubmitted || Boolean(formState.dirtyFields.date || formState.dirtyFields.time);
  const dateError = formState.errors.date?.type === 'server' ? formState.errors.date.message : undefined;
  const showDate = interacted && candidate.dateError !== undefined;
  const showTime = interacted && candidate.timeError !== undefined;
  const showWhen = (interacted && candidate.problems.length > 0) || dateError !== undefined;
  const dirty = { shouldDirty: true, shouldValidate: formState.isSubmitted };

  const applyPreset = (ms: number) => {
    const parts = splitZoned(ms, zone);
    setValue('date', parts.date, dirty);
    setValue('time', parts.time, dirty);
  };

  return (
    <form
      className="expiry-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        props.onReview();
      }}
    >
      <div className="dialog-body">
        {props.notice ? <p className="notice notice-info">{props.notice}</p> : null}
        {props.serverError ? <SaveFailure error={props.serverError} /> : null}
        <dl className="facts">
          <dt>Current expiry</dt>
          <dd>
            <Instant ms={current} now={now} labelled showUtc />
          </dd>
        </dl>
        <div className="expiry-grid">
          <div className="expiry-fields">
            <fieldset className="expiry-when">
              <legend>New expiry</legend>
              <div className="expiry-when-row">
                <FormField
                  id={ids.date}
                  label="Date"
                  hint="YYYY-MM-DD"
                  error={showDate ? candidate.dateError : undefined}
                  describedBy={showWhen ? ids.when : undefined}
                  invalid={showWhen}
                >
                  {(control) => (
                    <input
                      {...control}
                      data-autofocus
                      autoComplete="off"
                      spellCheck={false}
                      placeholder="YYYY-MM-DD"
                      {...register('date')}
                    />
                  )}
                </FormField>
                <FormField
                  id={ids.time}
                  label="Time"
                  hint="HH:mm or HH:mm:ss, 24-hour"
                  error={showTime ? candidate.timeError : undefined}
                  describedBy={showWhen ? ids.when : undefined}
                  invalid={showWhen}
                >
                  {(control) => (
                    <input
                      {...control}
                      autoComplete="off"
                      spellCheck={false}
                      placeholder="HH:mm:ss"
                      {...register('time')}
                    />
                  )}
                </FormField>
              </div>
              <ZoneSwitch
                name="expiry-zone"
                legend="Zone"
                choice={props.zoneChoice}
                onChange={props.onZoneChoice}
              />
              {showWhen ? (
                <div id={ids.when} className="field-error expiry-problems">
                  {dateError ? <p>{dateError}</p> : null}
                  {candidate.problems.map((p) => (
                    <p key={p}>
                      <span aria-hidden="true">⚠ </span>
                      {p}
                    </p>
                  ))}
                </div>
              ) : null}
              {candidate.dstHint ? <p className="field-hint expiry-dst">{candidate.dstHint}</p> : null}
            </fieldset>
            <fieldset className="expiry-presets">
              <legend>Presets</legend>
              <div className="expiry-preset-buttons">
                {presets.map((p) => (
                  <button
                    key={p.label}
                    type="button"
                    className="button small"
                    disabled={p.ms === null || p.unavailable !== undefined}
                    title={p.ms === null ? undefined : formatInstant(p.ms, zone)}
                    onClick={() => p.ms !== null && applyPreset(p.ms)}
                  >
                    {p.label}
                  </button>
                ))}
              </div>
              <ul className="field-hint expiry-preset-notes">
                {presets
                  .filter((p) => p.unavailable !== undefined)
                  .map((p) => (
                    <li key={p.label}>
                      {p.label}: {p.unavailable}
                    </li>
                  ))}
              </ul>
            </fieldset>
            {/* Beside the calendar, so the chosen instant and the exact request are in view while picking. */}
            <ExpiryPreview ms={candidate.ms} current={current} zone={zone} now={now} />
          </div>
          <ExpiryCalendar
            date={date}
            zone={zone}
            allowed={allowed}
            onPick={(day) => setValue('date', day, dirty)}
          />
        </div>
        <FormField
          id={ids.reason}
          label={props.reasonRequired ? 'Reason (required)' : 'Reason (optional)'}
          hint={`${reason.length} / ${REASON_MAX} characters; recorded in the audit log.`}
          error={formState.errors.reason?.message}
        >
          {(control) => (
            <textarea
              {...control}
              rows={2}
              maxLength={REASON_MAX}
              aria-required={props.reasonRequired}
              {...register('reason')}
            />
          )}
        </FormField>
      </div>
      <DialogFooter>
        <button type="button" className="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="button primary">
          Review change
        </button>
      </DialogFooter>
    </form>
  );
}
