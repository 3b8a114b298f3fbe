import type { UseFormReturn } from 'react-hook-form';
import { useWatch } from 'react-hook-form';
import { DialogFooter } from '../../../components/ui/dialog-footer';
import { FormField } from '../../../components/ui/form-field';
import { Instant } from '../../../components/ui/instant';
import { ZoneSwitch } from '../../../components/ui/zone-switch';
import { t } from '../../../lib/i18n';
import { formatInstant, type ZoneChoice } from '../../../lib/time';
import type { Candidate } from '../utils/candidate';
import { gapHintText } from '../utils/dst';
import { REASON_MAX, type ExpiryFormContext, type ExpiryFormValues } from '../utils/form-schema';
import type { Preset } from '../utils/presets';
import { ExpiryCalendar } from './expiry-calendar';
import { ExpiryOverlapPick } from './expiry-overlap-pick';
import { ExpiryPreview } from './expiry-preview';
import { SaveFailure } from './save-failure';

export { OVERLAP_FIRST_ID } from './expiry-overlap-pick';

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
  /** Sets Date and Time to a preset's instant. */
  onPreset: (ms: number) => void;
  /** Picks one instant of a wall time that happens twice. */
  onPick: (ms: number) => void;
  /** Date or Time left (or a day picked): a time that does not exist becomes the one it is read as. */
  onSettle: () => void;
  /** What a typed time that did not exist became (after `onSettle` moved the fields). */
  gapNote: string | undefined;
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
  const [date, time, reason] = useWatch({ control: form.control, name: ['date', 'time', 'reason'] });
  const interacted =
    formState.isSubmitted || Boolean(formState.dirtyFields.date || formState.dirtyFields.time);
  const dateError = formState.errors.date?.type === 'server' ? formState.errors.date.message : undefined;
  const showDate = interacted && candidate.dateError !== undefined;
  const showTime = interacted && candidate.timeError !== undefined;
  const showWhen = (interacted && candidate.problems.length > 0) || dateError !== undefined;
  const dirty = { shouldDirty: true, shouldValidate: formState.isSubmitted };
  const gapHint =
    candidate.gap && candidate.ms !== null ? gapHintText(time, date, zone, candidate.ms) : props.gapNote;

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
          <dt>{t('expiry.edit.current')}</dt>
          <dd>
            <Instant ms={current} now={now} labelled showUtc />
          </dd>
        </dl>
        <div className="expiry-grid">
          <div className="expiry-fields">
            <fieldset className="expiry-when">
              <legend>{t('expiry.edit.newExpiry')}</legend>
              <div className="expiry-when-row">
                <FormField
                  id={ids.date}
                  label={t('expiry.edit.date')}
                  hint={t('expiry.edit.dateHint')}
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
                      placeholder={t('expiry.edit.datePlaceholder')}
                      {...register('date', { onBlur: props.onSettle })}
                    />
                  )}
                </FormField>
                <FormField
                  id={ids.time}
                  label={t('expiry.edit.time')}
                  hint={t('expiry.edit.timeHint')}
                  error={showTime ? candidate.timeError : undefined}
                  describedBy={showWhen ? ids.when : undefined}
                  invalid={showWhen}
                >
                  {(control) => (
                    <input
                      {...control}
                      autoComplete="off"
                      spellCheck={false}
                      placeholder={t('expiry.edit.timePlaceholder')}
                      {...register('time', { onBlur: props.onSettle })}
                    />
                  )}
                </FormField>
              </div>
              <ZoneSwitch
                name="expiry-zone"
                legend={t('expiry.edit.zone')}
                choice={props.zoneChoice}
                onChange={props.onZoneChoice}
              />
              {candidate.overlap ? (
                <ExpiryOverlapPick
                  overlap={candidate.overlap}
                  date={date}
                  time={time}
                  zone={zone}
                  error={formState.errors.pick?.message}
                  onPick={props.onPick}
                />
              ) : null}
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
              {gapHint ? <p className="field-hint expiry-dst">{gapHint}</p> : null}
            </fieldset>
            <fieldset className="expiry-presets">
              <legend>{t('expiry.presets.legend')}</legend>
              <div className="expiry-preset-buttons">
                {presets.map((p) => (
                  <button
                    key={p.id}
                    type="button"
                    className="button small"
                    disabled={p.ms === null || p.unavailable !== undefined}
                    title={p.ms === null ? undefined : formatInstant(p.ms, zone)}
                    onClick={() => p.ms !== null && props.onPreset(p.ms)}
                  >
                    {p.label}
                  </button>
                ))}
              </div>
              <ul className="field-hint expiry-preset-notes">
                {presets
                  .filter((p) => p.unavailable !== undefined)
                  .map((p) => (
                    <li key={p.id}>
                      {t('expiry.presets.unavailable', { preset: p.label, reason: p.unavailable })}
                    </li>
                  ))}
              </ul>
            </fieldset>
            {/* Beside the calendar, so the chosen instant and the exact request are in view while picking. */}
            <ExpiryPreview
              ms={candidate.ms}
              current={current}
              zone={zone}
              now={now}
              pending={candidate.overlap && candidate.ms === null ? time : undefined}
            />
          </div>
          <ExpiryCalendar
            date={date}
            zone={zone}
            allowed={allowed}
            onPick={(day) => {
              setValue('date', day, dirty);
              props.onSettle();
            }}
          />
        </div>
        <FormField
          id={ids.reason}
          label={props.reasonRequired ? t('expiry.edit.reasonRequired') : t('expiry.edit.reasonOptional')}
          hint={t('expiry.edit.reasonHint', { count: reason.length, max: REASON_MAX })}
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
          {t('expiry.edit.cancel')}
        </button>
        <button type="submit" className="button primary">
          {t('expiry.edit.review')}
        </button>
      </DialogFooter>
    </form>
  );
}
