import { NOTIFY_LANGUAGES, RuleVersionsSchema, type Channel, type Rule } from '@csms-console/api-contract';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { DialogFooter } from '../../../components/ui/dialog-footer';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { FormField } from '../../../components/ui/form-field';
import { isApiError } from '../../../lib/api-client';
import { t } from '../../../lib/i18n';
import { useKeptDraft } from '../../../lib/session-draft';
import { useSaveRule } from '../api/queries';
import { keptRule, notifyDrafts } from '../utils/draft';
import { setServerErrors } from '../utils/form-errors';
import { languageLabel, versionsLabel } from '../utils/labels';
import {
  RuleFormFields,
  RuleFormSchema,
  ruleFormDefaults,
  sayRuleField,
  type RuleFormValues,
} from '../utils/rule-form-schema';
import { CheckList } from './check-list';
import { NotifyDialog } from './notify-dialog';
import { FormButtons } from './notify-parts';

const resolver = zodResolver(RuleFormSchema);
const FIELDS = Object.keys(RuleFormFields.def.shape) as (keyof RuleFormValues)[];

/**
 * New rule / edit rule: name, on or off, which accounts (all, now and later, or chosen ones), which
 * versions, lead times ("30, 7, 1" whole days) and "also when expired", the channels (at least one; a way to
 * create one when there is none), the warning's language and time zone (the browser's by default).
 * react-hook-form with the contract's RuleInputSchema behind a UI schema (utils/rule-form-schema.ts); the
 * BFF's field problems come back to their fields. Mounted with the rule and channels already loaded.
 * What is typed is kept under `draftKey` (utils/draft.ts) until the page closes the form; `restored`: it
 * starts from such a draft, and says so.
 */
export function RuleForm({
  rule,
  restored,
  draftKey,
  channels,
  accounts,
  onClose,
  onCreateChannel,
}: {
  rule: Rule | null;
  restored: RuleFormValues | null;
  draftKey: string;
  channels: Channel[];
  accounts: string[];
  onClose: () => void;
  onCreateChannel: () => void;
}) {
  const save = useSaveRule();
  const [start] = useState(() => restored ?? ruleFormDefaults(rule));
  const [problem, setProblem] = useState<unknown>(null);
  const { register, control, handleSubmit, setError, formState } = useForm<
    RuleFormValues,
    unknown,
    ReturnType<typeof RuleFormSchema.parse>
  >({ resolver, defaultValues: start });
  const { errors, isSubmitting } = formState;
  const scope = useWatch({ control, name: 'account_scope' });
  // Everything typed, by value (without `name`, useWatch hands back the form's own object, changed in place).
  const typed = useWatch({ control, compute: (values: RuleFormValues) => JSON.stringify(values) });
  const changed = restored !== null || typed !== JSON.stringify(start);
  const kept = changed ? keptRule(rule?.id ?? null, JSON.parse(typed) as RuleFormValues) : null;
  useKeptDraft(notifyDrafts, draftKey, kept);
  const pending = isSubmitting || save.isPending;

  const submit = handleSubmit(async (input) => {
    setProblem(null);
    try {
      await save.mutateAsync({ id: rule?.id ?? null, input });
      onClose();
    } catch (error) {
      const landed = setServerErrors(error, FIELDS, sayRuleField, setError);
      if (!landed || !isApiError(error, 'invalid_input')) setProblem(error);
    }
  });

  return (
    <NotifyDialog title={rule ? t('notify.rule.editTitle') : t('notify.rule.newTitle')} onClose={onClose}>
      {(ids) => (
        <form noValidate onSubmit={(e) => void submit(e)}>
          <div className="dialog-body notify-form">
            {problem ? <ErrorNotice error={problem} title={t('notify.form.saveFailed')} /> : null}
            {restored ? (
              <p role="status" className="notify-draft-note">
                {t('notify.draft.ruleRestored')}
              </p>
            ) : null}
            <FormField id={`${ids}-name`} label={t('notify.rule.name')} error={errors.name?.message}>
              {(field) => <input {...field} {...register('name')} maxLength={80} />}
            </FormField>
            <label className="checkbox">
              <input type="checkbox" {...register('enabled')} /> {t('notify.rule.enabled')}
            </label>
            <fieldset
              className="field"
              aria-invalid={errors.accounts ? true : undefined}
              aria-describedby={errors.accounts ? `${ids}-accounts-error` : undefined}
            >
              <legend>{t('notify.rule.accounts')}</legend>
              <label className="radio">
                <input type="radio" value="all" {...register('account_scope')} />{' '}
                {t('notify.rule.allAccounts')}
              </label>
              <label className="radio">
                <input type="radio" value="picked" {...register('account_scope')} />{' '}
                {t('notify.rule.pickAccounts')}
              </label>
              {scope === 'picked' ? (
                <div className="notify-picks">
                  <CheckList
                    control={control}
                    name="accounts"
                    options={accounts.map((a) => ({ value: a, label: a }))}
                  />
                </div>
              ) : null}
              <FieldsetError id={`${ids}-accounts-error`} message={errors.accounts?.message} />
            </fieldset>
            <fieldset className="field">
              <legend>{t('notify.rule.versions')}</legend>
              {RuleVersionsSchema.options.map((option) => (
                <label key={option} className="radio">
                  <input type="radio" value={option} {...register('versions')} /> {versionsLabel(option)}
                </label>
              ))}
            </fieldset>
            <fieldset className="field">
              <legend>{t('notify.rule.when')}</legend>
              <FormField
                id={`${ids}-lead`}
                label={t('notify.rule.leadDays')}
                hint={t('notify.rule.leadDaysHint')}
                error={errors.lead_days?.message}
              >
                {(field) => <input {...field} {...register('lead_days')} inputMode="numeric" />}
              </FormField>
              <label className="checkbox">
                <input type="checkbox" {...register('on_expiry')} /> {t('notify.rule.onExpiry')}
              </label>
            </fieldset>
            <fieldset
              className="field"
              aria-invalid={errors.channels ? true : undefined}
              aria-describedby={errors.channels ? `${ids}-channels-error` : undefined}
            >
              <legend>{t('notify.rule.channels')}</legend>
              {channels.length === 0 ? (
                <p>
                  {t('notify.rule.noChannels')}{' '}
                  <button type="button" className="button small" onClick={onCreateChannel}>
                    {t('notify.channels.new')}
                  </button>
                </p>
              ) : (
                <CheckList
                  control={control}
                  name="channels"
                  options={channels.map((c) => ({ value: c.id, label: c.name }))}
                />
              )}
              <FieldsetError id={`${ids}-channels-error`} message={errors.channels?.message} />
            </fieldset>
            <FormField
              id={`${ids}-language`}
              label={t('notify.rule.language')}
              error={errors.language?.message}
            >
              {(field) => (
                <select {...field} {...register('language')}>
                  {NOTIFY_LANGUAGES.map((option) => (
                    <option key={option} value={option}>
                      {languageLabel(option)}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            <FormField
              id={`${ids}-zone`}
              label={t('notify.rule.timeZone')}
              hint={t('notify.rule.timeZoneHint')}
              error={errors.time_zone?.message}
            >
              {(field) => <input {...field} {...register('time_zone')} />}
            </FormField>
          </div>
          <DialogFooter>
            <FormButtons pending={pending} onCancel={onClose} />
          </DialogFooter>
        </form>
      )}
    </NotifyDialog>
  );
}

/** A fieldset's error line (a group of boxes has no single control for FormField to describe). */
export function FieldsetError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} className="field-error">
      {message}
    </p>
  ) : null;
}
