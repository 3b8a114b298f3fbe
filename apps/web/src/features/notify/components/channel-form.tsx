import { ChannelKindSchema, type Channel, type ChannelKind } from '@csms-console/api-contract';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { DialogFooter } from '../../../components/ui/dialog-footer';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { FormField } from '../../../components/ui/form-field';
import { isApiError } from '../../../lib/api-client';
import { errorText } from '../../../lib/error-text';
import { t, type MessageKey } from '../../../lib/i18n';
import { useKeptDraft } from '../../../lib/session-draft';
import { useSaveChannel } from '../api/queries';
import {
  channelFormDefaults,
  ChannelFormFields,
  channelFormSchema,
  sayChannelField,
  type ChannelFormValues,
} from '../utils/channel-form-schema';
import { keptChannel, notifyDrafts } from '../utils/draft';
import { setServerErrors } from '../utils/form-errors';
import { kindLabel } from '../utils/labels';
import { NotifyDialog } from './notify-dialog';
import { FormButtons } from './notify-parts';

type TextField =
  | 'url'
  | 'signing_key'
  | 'secret'
  | 'smtp_host'
  | 'smtp_port'
  | 'smtp_user'
  | 'smtp_password'
  | 'from'
  | 'to';
interface KindField {
  name: TextField;
  label: MessageKey;
  /** Write-only: a password input, never prefilled. */
  secret?: true;
  optional?: true;
  /** An optional credential the person may delete: its "remove stored secret" box. */
  remove?: 'remove_secret' | 'remove_smtp_password';
}

/** The fields of each kind, in order. */
const KIND_FIELDS: Record<ChannelKind, KindField[]> = {
  webhook: [
    { name: 'url', label: 'notify.channel.url', secret: true },
    { name: 'signing_key', label: 'notify.channel.signingKey', secret: true },
  ],
  feishu: [
    { name: 'url', label: 'notify.channel.url', secret: true },
    {
      name: 'secret',
      label: 'notify.channel.botSecret',
      secret: true,
      optional: true,
      remove: 'remove_secret',
    },
  ],
  dingtalk: [
    { name: 'url', label: 'notify.channel.url', secret: true },
    {
      name: 'secret',
      label: 'notify.channel.botSecret',
      secret: true,
      optional: true,
      remove: 'remove_secret',
    },
  ],
  wecom: [{ name: 'url', label: 'notify.channel.url', secret: true }],
  slack: [{ name: 'url', label: 'notify.channel.url', secret: true }],
  email: [
    { name: 'smtp_host', label: 'notify.channel.smtpHost' },
    { name: 'smtp_port', label: 'notify.channel.smtpPort' },
    { name: 'smtp_user', label: 'notify.channel.smtpUser', optional: true },
    {
      name: 'smtp_password',
      label: 'notify.channel.smtpPassword',
      secret: true,
      optional: true,
      remove: 'remove_smtp_password',
    },
    { name: 'from', label: 'notify.channel.from' },
    { name: 'to', label: 'notify.channel.to' },
  ],
};
const FIELDS = Object.keys(ChannelFormFields.def.shape) as (keyof ChannelFormValues)[];

/**
 * New channel / edit channel, with the fields of its kind (react-hook-form over the contract's
 * ChannelInputSchema, utils/channel-form-schema.ts). Credentials (webhook URLs carrying tokens, signing
 * keys, the SMTP password) are write-only: password inputs, never prefilled; on edit a stored one says so
 * and is kept when left blank, and an optional one can be removed. A URL or SMTP host the BFF will not call
 * (422 `channel_target_refused`: not HTTPS, or an internal address not allow-listed) is said at that field.
 * The rest of what is typed is kept under `draftKey` (utils/draft.ts, never a credential) until the page
 * closes the form; `restored`: it starts from such a draft, and says the credentials must be typed again.
 */
export function ChannelForm({
  channel,
  restored,
  draftKey,
  onClose,
}: {
  channel: Channel | null;
  restored: ChannelFormValues | null;
  draftKey: string;
  onClose: () => void;
}) {
  const save = useSaveChannel();
  const [start] = useState(() => restored ?? channelFormDefaults(channel));
  const editing = channel !== null;
  const resolver = useMemo(() => zodResolver(channelFormSchema({ creating: !editing })), [editing]);
  const { register, control, handleSubmit, setError, clearErrors, setValue, formState } = useForm<
    ChannelFormValues,
    unknown,
    ReturnType<ReturnType<typeof channelFormSchema>['parse']>
  >({ resolver, defaultValues: start });
  const { errors, isSubmitting } = formState;
  const [kind, removeSecret, removePassword] = useWatch({
    control,
    name: ['kind', 'remove_secret', 'remove_smtp_password'],
  });
  // Everything typed, by value (without `name`, useWatch hands back the form's own object, changed in place);
  // keptChannel leaves the credentials out before anything is kept.
  const typed = useWatch({ control, compute: (values: ChannelFormValues) => JSON.stringify(values) });
  const changed = restored !== null || typed !== JSON.stringify(start);
  const kept = changed ? keptChannel(channel?.id ?? null, JSON.parse(typed) as ChannelFormValues) : null;
  useKeptDraft(notifyDrafts, draftKey, kept);
  const removing = { remove_secret: removeSecret, remove_smtp_password: removePassword };
  const [problem, setProblem] = useState<unknown>(null);
  const stored = new Set(channel?.secrets_set ?? []);
  const pending = isSubmitting || save.isPending;

  const submit = handleSubmit(async (input) => {
    setProblem(null);
    try {
      await save.mutateAsync({ id: channel?.id ?? null, input });
      onClose();
    } catch (error) {
      if (isApiError(error, 'channel_target_refused')) {
        setError(kind === 'email' ? 'smtp_host' : 'url', { type: 'server', message: errorText(error) });
        return;
      }
      if (!setServerErrors(error, FIELDS, sayChannelField, setError)) setProblem(error);
    }
  });

  return (
    <NotifyDialog
      title={editing ? t('notify.channel.editTitle') : t('notify.channel.newTitle')}
      onClose={onClose}
    >
      {(ids) => (
        <form noValidate onSubmit={(e) => void submit(e)} autoComplete="off">
          <div className="dialog-body notify-form">
            {problem ? <ErrorNotice error={problem} title={t('notify.form.saveFailed')} /> : null}
            {restored ? (
              <p role="status" className="notify-draft-note">
                {t('notify.draft.channelRestored')}
              </p>
            ) : null}
            <FormField id={`${ids}-kind`} label={t('notify.channel.kind')}>
              {(field) => (
                <select
                  {...field}
                  // A channel's kind is fixed once it exists: its stored credentials belong to that kind. Not
                  // registered then: react-hook-form reads a disabled control as no value.
                  {...(editing
                    ? { disabled: true, defaultValue: kind }
                    : register('kind', { onChange: () => clearErrors() }))}
                >
                  {ChannelKindSchema.options.map((option) => (
                    <option key={option} value={option}>
                      {kindLabel(option)}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            <FormField id={`${ids}-name`} label={t('notify.channel.name')} error={errors.name?.message}>
              {(field) => <input {...field} {...register('name')} maxLength={80} />}
            </FormField>
            {kind === 'email' ? (
              <fieldset className="field">
                <legend>{t('notify.channel.security')}</legend>
                {(['tls', 'starttls'] as const).map((option) => (
                  <label key={option} className="radio">
                    <input
                      type="radio"
                      value={option}
                      {...register('smtp_security', {
                        onChange: () => setValue('smtp_port', option === 'tls' ? '465' : '587'),
                      })}
                    />{' '}
                    {t(`notify.channel.security.${option}`)}
                  </label>
                ))}
              </fieldset>
            ) : null}
            {KIND_FIELDS[kind].map((f) => {
              const isStored = f.secret && stored.has(f.name);
              const removed = f.remove !== undefined && removing[f.remove];
              const label = f.optional ? t('notify.form.optional', { label: t(f.label) }) : t(f.label);
              return (
                <div key={`${kind}-${f.name}`}>
                  {removed ? null : (
                    <FormField
                      id={`${ids}-${f.name}`}
                      label={label}
                      hint={
                        isStored
                          ? t('notify.channel.storedHint')
                          : f.secret && restored
                            ? t('notify.draft.typeAgain')
                            : f.name === 'to'
                              ? t('notify.channel.toHint')
                              : undefined
                      }
                      error={errors[f.name]?.message}
                    >
                      {(field) => (
                        <input
                          {...field}
                          {...register(f.name)}
                          type={f.secret ? 'password' : f.name === 'smtp_port' ? 'number' : 'text'}
                          autoComplete="off"
                        />
                      )}
                    </FormField>
                  )}
                  {isStored && editing && f.remove ? (
                    <label className="checkbox">
                      <input type="checkbox" {...register(f.remove)} /> {t('notify.channel.removeStored')}
                    </label>
                  ) : null}
                </div>
              );
            })}
          </div>
          <DialogFooter>
            <FormButtons pending={pending} onCancel={onClose} />
          </DialogFooter>
        </form>
      )}
    </NotifyDialog>
  );
}
