import {
  CHANNEL_REQUIRED_SECRETS,
  ChannelInputSchema,
  ChannelKindSchema,
  type Channel,
  type ChannelInput,
  type ChannelKind,
} from '@csms-console/api-contract';
import { useState, type FormEvent } from 'react';
import { DialogFooter } from '../../../components/ui/dialog-footer';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { FormField } from '../../../components/ui/form-field';
import { isApiError } from '../../../lib/api-client';
import { errorText } from '../../../lib/error-text';
import { t, type MessageKey } from '../../../lib/i18n';
import { useSaveChannel } from '../api/queries';
import { schemaErrors, serverFieldErrors, type FieldErrors } from '../utils/form-errors';
import { kindLabel } from '../utils/labels';
import { NotifyDialog } from './notify-dialog';

type Values = Record<string, string>;

const FIELD_ERRORS: Record<string, MessageKey> = {
  name: 'notify.channel.error.name',
  url: 'notify.channel.error.url',
  signing_key: 'notify.channel.error.signingKey',
  smtp_host: 'notify.channel.error.smtpHost',
  smtp_port: 'notify.channel.error.smtpPort',
  from: 'notify.channel.error.email',
  to: 'notify.channel.error.to',
};
const sayChannelField = (field: string) => t(FIELD_ERRORS[field] ?? 'notify.form.invalidField');

/** The fields of each kind, in order; `secret` ones are write-only (never prefilled). */
const KIND_FIELDS: Record<ChannelKind, { name: string; label: MessageKey; secret?: true }[]> = {
  webhook: [
    { name: 'url', label: 'notify.channel.url', secret: true },
    { name: 'signing_key', label: 'notify.channel.signingKey', secret: true },
  ],
  feishu: [
    { name: 'url', label: 'notify.channel.url', secret: true },
    { name: 'secret', label: 'notify.channel.botSecret', secret: true },
  ],
  dingtalk: [
    { name: 'url', label: 'notify.channel.url', secret: true },
    { name: 'secret', label: 'notify.channel.botSecret', secret: true },
  ],
  wecom: [{ name: 'url', label: 'notify.channel.url', secret: true }],
  slack: [{ name: 'url', label: 'notify.channel.url', secret: true }],
  email: [
    { name: 'smtp_host', label: 'notify.channel.smtpHost' },
    { name: 'smtp_port', label: 'notify.channel.smtpPort' },
    { name: 'smtp_user', label: 'notify.channel.smtpUser' },
    { name: 'smtp_password', label: 'notify.channel.smtpPassword', secret: true },
    { name: 'from', label: 'notify.channel.from' },
    { name: 'to', label: 'notify.channel.to' },
  ],
};

function startValues(channel: Channel | null): Values {
  const email = channel?.email;
  return {
    name: channel?.name ?? '',
    smtp_host: email?.smtp_host ?? '',
    smtp_port: String(email?.smtp_port ?? 465),
    smtp_security: email?.smtp_security ?? 'tls',
    smtp_user: email?.smtp_user ?? '',
    from: email?.from ?? '',
    to: email?.to.join(', ') ?? '',
  };
}

/** The body to send: a blank credential is left out (on edit: kept as stored). */
function toInput(kind: ChannelKind, v: Values): ChannelInput {
  const given = (field: string) => (v[field] ?? '').trim();
  const secret = (field: string) => (given(field) ? { [field]: given(field) } : {});
  const base = { name: v.name ?? '' };
  switch (kind) {
    case 'webhook':
      return { kind, ...base, ...secret('url'), ...secret('signing_key') };
    case 'feishu':
    case 'dingtalk':
      return { kind, ...base, ...secret('url'), ...secret('secret') };
    case 'wecom':
    case 'slack':
      return { kind, ...base, ...secret('url') };
    case 'email':
      return {
        kind,
        ...base,
        smtp_host: given('smtp_host'),
        smtp_port: Number(given('smtp_port')),
        smtp_security: v.smtp_security === 'starttls' ? 'starttls' : 'tls',
        smtp_user: given('smtp_user') || null,
        ...secret('smtp_password'),
        from: given('from'),
        to: given('to')
          .split(/[,，;\s]+/)
          .filter((s) => s !== ''),
      };
  }
}

/**
 * New channel / edit channel, with the fields of its kind. Credentials (webhook URLs carrying tokens,
 * signing keys, the SMTP password) are write-only: password inputs, never prefilled; on edit a stored one
 * says so and is kept when left blank. A URL or SMTP host the BFF will not call (422
 * `channel_target_refused`: not HTTPS, or an internal address not allow-listed) is said at that field.
 */
export function ChannelForm({ channel, onClose }: { channel: Channel | null; onClose: () => void }) {
  const save = useSaveChannel();
  const editing = channel !== null;
  const [kind, setKind] = useState<ChannelKind>(channel?.kind ?? 'webhook');
  const [values, setValues] = useState<Values>(() => startValues(channel));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const set = (field: string, value: string) => setValues((v) => ({ ...v, [field]: value }));
  const stored = new Set(channel?.secrets_set ?? []);
  const targetField = kind === 'email' ? 'smtp_host' : 'url';

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = toInput(kind, values);
    const parsed = ChannelInputSchema.safeParse(input);
    const found = parsed.success ? {} : schemaErrors(parsed.error.issues, sayChannelField);
    if (!editing) {
      for (const field of CHANNEL_REQUIRED_SECRETS[kind] as readonly string[]) {
        if (!(values[field] ?? '').trim()) found[field] = t('notify.channel.error.required');
      }
    }
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) return;
    try {
      await save.mutateAsync({ id: channel?.id ?? null, input });
      onClose();
    } catch (error) {
      if (isApiError(error, 'channel_target_refused')) {
        setErrors({ [targetField]: errorText(error) });
        return;
      }
      const fields = serverFieldErrors(error, sayChannelField);
      setErrors(fields);
      if (Object.keys(fields).length === 0) setProblem(error);
    }
  };

  return (
    <NotifyDialog
      title={editing ? t('notify.channel.editTitle') : t('notify.channel.newTitle')}
      onClose={onClose}
    >
      {(ids) => (
        <form noValidate onSubmit={(e) => void submit(e)} autoComplete="off">
          <div className="dialog-body notify-form">
            {problem ? <ErrorNotice error={problem} title={t('notify.form.saveFailed')} /> : null}
            <FormField id={`${ids}-kind`} label={t('notify.channel.kind')}>
              {(control) => (
                <select
                  {...control}
                  value={kind}
                  // A channel's kind is fixed once it exists: its stored credentials belong to that kind.
                  disabled={editing}
                  onChange={(e) => {
                    setKind(e.target.value as ChannelKind);
                    setErrors({});
                  }}
                >
                  {ChannelKindSchema.options.map((option) => (
                    <option key={option} value={option}>
                      {kindLabel(option)}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            <FormField id={`${ids}-name`} label={t('notify.channel.name')} error={errors.name}>
              {(control) => (
                <input
                  {...control}
                  value={values.name}
                  maxLength={80}
                  onChange={(e) => set('name', e.target.value)}
                />
              )}
            </FormField>
            {kind === 'email' ? (
              <fieldset className="field">
                <legend>{t('notify.channel.security')}</legend>
                {(['tls', 'starttls'] as const).map((option) => (
                  <label key={option} className="radio">
                    <input
                      type="radio"
                      name={`${ids}-security`}
                      checked={values.smtp_security === option}
                      onChange={() => {
                        set('smtp_security', option);
                        set('smtp_port', option === 'tls' ? '465' : '587');
                      }}
                    />{' '}
                    {t(`notify.channel.security.${option}`)}
                  </label>
                ))}
              </fieldset>
            ) : null}
            {KIND_FIELDS[kind].map((field) => {
              const isStored = field.secret && stored.has(field.name);
              const optional =
                field.name === 'secret' || field.name === 'smtp_user' || field.name === 'smtp_password';
              return (
                <FormField
                  key={`${kind}-${field.name}`}
                  id={`${ids}-${field.name}`}
                  label={optional ? t('notify.form.optional', { label: t(field.label) }) : t(field.label)}
                  hint={
                    isStored
                      ? t('notify.channel.storedHint')
                      : field.name === 'to'
                        ? t('notify.channel.toHint')
                        : undefined
                  }
                  error={errors[field.name]}
                >
                  {(control) => (
                    <input
                      {...control}
                      name={field.name}
                      type={field.secret ? 'password' : field.name === 'smtp_port' ? 'number' : 'text'}
                      autoComplete="off"
                      value={values[field.name] ?? ''}
                      onChange={(e) => set(field.name, e.target.value)}
                    />
                  )}
                </FormField>
              );
            })}
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
