import {
  DEFAULT_LEAD_DAYS,
  NOTIFY_LANGUAGES,
  RuleInputSchema,
  RuleVersionsSchema,
  type Channel,
  type NotifyLanguage,
  type Rule,
  type RuleInput,
  type RuleVersions,
} from '@csms-console/api-contract';
import { useState, type FormEvent } from 'react';
import { DialogFooter } from '../../../components/ui/dialog-footer';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { FormField } from '../../../components/ui/form-field';
import { isApiError } from '../../../lib/api-client';
import { t, type MessageKey } from '../../../lib/i18n';
import { browserZone } from '../../../lib/time';
import { useSaveRule } from '../api/queries';
import { schemaErrors, serverFieldErrors, type FieldErrors } from '../utils/form-errors';
import { languageLabel, versionsLabel } from '../utils/labels';
import { parseLeadDays } from '../utils/lead-days';
import { NotifyDialog } from './notify-dialog';

const FIELD_ERRORS: Record<string, MessageKey> = {
  name: 'notify.rule.error.name',
  accounts: 'notify.rule.error.accounts',
  lead_days: 'notify.rule.error.leadDays',
  channels: 'notify.rule.error.channels',
  time_zone: 'notify.rule.error.timeZone',
};
const sayRuleField = (field: string) => t(FIELD_ERRORS[field] ?? 'notify.form.invalidField');

/**
 * New rule / edit rule: name, on or off, which accounts (all, now and later, or chosen ones), which
 * versions, lead times ("30, 7, 1" whole days) and "also when expired", the channels (at least one; a way to
 * create one when there is none), the warning's language and time zone (the browser's by default). Checked
 * with the contract's RuleInputSchema before sending; the BFF's field problems come back to their fields.
 */
export function RuleForm({
  rule,
  channels,
  accounts,
  onClose,
  onCreateChannel,
}: {
  rule: Rule | null;
  channels: Channel[];
  accounts: string[];
  onClose: () => void;
  onCreateChannel: () => void;
}) {
  const save = useSaveRule();
  const [name, setName] = useState(rule?.name ?? '');
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [allAccounts, setAllAccounts] = useState(rule ? rule.accounts === '*' : true);
  const [picked, setPicked] = useState<string[]>(rule && rule.accounts !== '*' ? rule.accounts : []);
  const [versions, setVersions] = useState<RuleVersions>(rule?.versions ?? 'current');
  const [leadText, setLeadText] = useState((rule?.lead_days ?? DEFAULT_LEAD_DAYS).join(', '));
  const [onExpiry, setOnExpiry] = useState(rule?.on_expiry ?? true);
  const [channelIds, setChannelIds] = useState<string[]>(rule?.channels ?? []);
  const [language, setLanguage] = useState<NotifyLanguage>(rule?.language ?? 'en');
  const [timeZone, setTimeZone] = useState(rule?.time_zone ?? browserZone());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<unknown>(null);

  const toggle = (list: string[], value: string, on: boolean) =>
    on ? [...list, value] : list.filter((v) => v !== value);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const lead = parseLeadDays(leadText);
    const input: RuleInput = {
      name,
      enabled,
      accounts: allAccounts ? '*' : picked,
      versions,
      lead_days: 'days' in lead ? lead.days : [],
      on_expiry: onExpiry,
      channels: channelIds,
      language,
      time_zone: timeZone.trim(),
    };
    const parsed = RuleInputSchema.safeParse(input);
    const found = parsed.success ? {} : schemaErrors(parsed.error.issues, sayRuleField);
    if ('problem' in lead) found.lead_days = t(`notify.rule.leadProblem.${lead.problem}`);
    else if (lead.days.length === 0 && !onExpiry) found.lead_days = t('notify.rule.error.nothingToSend');
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) return;
    try {
      await save.mutateAsync({ id: rule?.id ?? null, input });
      onClose();
    } catch (error) {
      const fields = serverFieldErrors(error, sayRuleField);
      setErrors(fields);
      if (Object.keys(fields).length === 0 || !isApiError(error, 'invalid_input')) setProblem(error);
    }
  };

  return (
    <NotifyDialog title={rule ? t('notify.rule.editTitle') : t('notify.rule.newTitle')} onClose={onClose}>
      {(ids) => (
        <form noValidate onSubmit={(e) => void submit(e)}>
          <div className="dialog-body notify-form">
            {problem ? <ErrorNotice error={problem} title={t('notify.form.saveFailed')} /> : null}
            <FormField id={`${ids}-name`} label={t('notify.rule.name')} error={errors.name}>
              {(control) => (
                <input {...control} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
              )}
            </FormField>
            <label className="checkbox">
              <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />{' '}
              {t('notify.rule.enabled')}
            </label>
            <fieldset
              className="field"
              aria-invalid={errors.accounts ? true : undefined}
              aria-describedby={errors.accounts ? `${ids}-accounts-error` : undefined}
            >
              <legend>{t('notify.rule.accounts')}</legend>
              <label className="radio">
                <input
                  type="radio"
                  name={`${ids}-accounts`}
                  checked={allAccounts}
                  onChange={() => setAllAccounts(true)}
                />{' '}
                {t('notify.rule.allAccounts')}
              </label>
              <label className="radio">
                <input
                  type="radio"
                  name={`${ids}-accounts`}
                  checked={!allAccounts}
                  onChange={() => setAllAccounts(false)}
                />{' '}
                {t('notify.rule.pickAccounts')}
              </label>
              {!allAccounts ? (
                <div className="notify-picks">
                  {accounts.map((account) => (
                    <label key={account} className="checkbox">
                      <input
                        type="checkbox"
                        checked={picked.includes(account)}
                        onChange={(e) => setPicked(toggle(picked, account, e.target.checked))}
                      />{' '}
                      {account}
                    </label>
                  ))}
                </div>
              ) : null}
              {errors.accounts ? (
                <p id={`${ids}-accounts-error`} className="field-error">
                  {errors.accounts}
                </p>
              ) : null}
            </fieldset>
            <fieldset className="field">
              <legend>{t('notify.rule.versions')}</legend>
              {RuleVersionsSchema.options.map((option) => (
                <label key={option} className="radio">
                  <input
                    type="radio"
                    name={`${ids}-versions`}
                    checked={versions === option}
                    onChange={() => setVersions(option)}
                  />{' '}
                  {versionsLabel(option)}
                </label>
              ))}
            </fieldset>
            <fieldset className="field">
              <legend>{t('notify.rule.when')}</legend>
              <FormField
                id={`${ids}-lead`}
                label={t('notify.rule.leadDays')}
                hint={t('notify.rule.leadDaysHint')}
                error={errors.lead_days}
              >
                {(control) => (
                  <input
                    {...control}
                    value={leadText}
                    inputMode="numeric"
                    onChange={(e) => setLeadText(e.target.value)}
                  />
                )}
              </FormField>
              <label className="checkbox">
                <input type="checkbox" checked={onExpiry} onChange={(e) => setOnExpiry(e.target.checked)} />{' '}
                {t('notify.rule.onExpiry')}
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
                channels.map((channel) => (
                  <label key={channel.id} className="checkbox">
                    <input
                      type="checkbox"
                      checked={channelIds.includes(channel.id)}
                      onChange={(e) => setChannelIds(toggle(channelIds, channel.id, e.target.checked))}
                    />{' '}
                    {channel.name}
                  </label>
                ))
              )}
              {errors.channels ? (
                <p id={`${ids}-channels-error`} className="field-error">
                  {errors.channels}
                </p>
              ) : null}
            </fieldset>
            <FormField id={`${ids}-language`} label={t('notify.rule.language')} error={errors.language}>
              {(control) => (
                <select
                  {...control}
                  value={language}
                  onChange={(e) => setLanguage(e.target.value as NotifyLanguage)}
                >
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
              error={errors.time_zone}
            >
              {(control) => (
                <input {...control} value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />
              )}
            </FormField>
          </div>
          <DialogFooter>
            <button type="button" className="button" onClick={onClose}>
              {t('notify.form.cancel')}
            </button>
            <button type="submit" className="button primary" disabled={save.isPending}>
              {save.isPending ? t('notify.form.saving') : t('notify.form.save')}
            </button>
          </DialogFooter>
        </form>
      )}
    </NotifyDialog>
  );
}
