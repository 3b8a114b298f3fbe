/**
 * The channel form's values and how they become the contract's ChannelInput for the chosen kind. The UI
 * keeps every kind's fields as text (the port too; the recipients as one comma-separated line) and, for an
 * optional stored credential (a bot's signing secret, the SMTP password), a "remove" box. The transform
 * builds the kind's body: a blank credential is left out (kept as stored on edit), a removed one is `null`;
 * ChannelInputSchema checks the result. Field names match the contract's paths, so the BFF's 400
 * `details.issues[].path` lands on the same field.
 */
import {
  CHANNEL_REQUIRED_SECRETS,
  ChannelInputSchema,
  ChannelKindSchema,
  type Channel,
  type ChannelInput,
} from '@csms-console/api-contract';
import { z } from 'zod/mini';
import { t, type MessageKey } from '../../../lib/i18n';

const FIELD_ERRORS: Record<string, MessageKey> = {
  name: 'notify.channel.error.name',
  url: 'notify.channel.error.url',
  signing_key: 'notify.channel.error.signingKey',
  smtp_host: 'notify.channel.error.smtpHost',
  smtp_port: 'notify.channel.error.smtpPort',
  from: 'notify.channel.error.email',
  to: 'notify.channel.error.to',
};
/** A channel field's problem in the page's words (the contract's own messages are English only). */
export const sayChannelField = (field: string) => t(FIELD_ERRORS[field] ?? 'notify.form.invalidField');

export const ChannelFormFields = z.object({
  kind: ChannelKindSchema,
  name: z.string(),
  url: z.string(),
  signing_key: z.string(),
  secret: z.string(),
  /** UI only: send `secret: null`, deleting the stored signing secret. */
  remove_secret: z.boolean(),
  smtp_host: z.string(),
  smtp_port: z.string(),
  smtp_security: z.enum(['tls', 'starttls']),
  smtp_user: z.string(),
  smtp_password: z.string(),
  /** UI only: send `smtp_password: null`, deleting the stored password. */
  remove_smtp_password: z.boolean(),
  from: z.string(),
  to: z.string(),
});
export type ChannelFormValues = z.infer<typeof ChannelFormFields>;

/** The body to send for the chosen kind. */
export function toChannelInput(v: ChannelFormValues): ChannelInput {
  const given = (field: 'url' | 'signing_key' | 'secret' | 'smtp_password') => v[field].trim();
  const secret = (field: 'url' | 'signing_key') => (given(field) ? { [field]: given(field) } : {});
  const optional = (field: 'secret' | 'smtp_password', remove: boolean) =>
    remove ? { [field]: null } : given(field) ? { [field]: given(field) } : {};
  const { kind, name } = v;
  switch (kind) {
    case 'webhook':
      return { kind, name, ...secret('url'), ...secret('signing_key') };
    case 'feishu':
    case 'dingtalk':
      return { kind, name, ...secret('url'), ...optional('secret', v.remove_secret) };
    case 'wecom':
    case 'slack':
      return { kind, name, ...secret('url') };
    case 'email':
      return {
        kind,
        name,
        smtp_host: v.smtp_host.trim(),
        smtp_port: Number(v.smtp_port.trim()),
        smtp_security: v.smtp_security,
        smtp_user: v.smtp_user.trim() || null,
        ...optional('smtp_password', v.remove_smtp_password),
        from: v.from.trim(),
        to: v.to
          .trim()
          .split(/[,，;\s]+/)
          .filter((s) => s !== ''),
      };
  }
}

/**
 * The form's schema (`creating`: the kind's required credentials must be given, as the BFF checks on
 * create), output the ChannelInput.
 */
export function channelFormSchema({ creating }: { creating: boolean }) {
  return z.pipe(
    ChannelFormFields.check(
      z.superRefine((values, ctx) => {
        const missing = new Set<string>();
        if (creating) {
          for (const field of CHANNEL_REQUIRED_SECRETS[values.kind] as readonly ('url' | 'signing_key')[]) {
            if (values[field].trim()) continue;
            missing.add(field);
            ctx.addIssue({ code: 'custom', path: [field], message: t('notify.channel.error.required') });
          }
        }
        const parsed = ChannelInputSchema.safeParse(toChannelInput(values));
        if (parsed.success) return;
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? '');
          if (!missing.has(field))
            ctx.addIssue({ code: 'custom', path: [field], message: sayChannelField(field) });
        }
      }),
    ),
    z.transform(toChannelInput),
  );
}

/** The starting values: the channel's settings, never its credentials (write-only, so blank). */
export function channelFormDefaults(channel: Channel | null): ChannelFormValues {
  const email = channel?.email;
  return {
    kind: channel?.kind ?? 'webhook',
    name: channel?.name ?? '',
    url: '',
    signing_key: '',
    secret: '',
    remove_secret: false,
    smtp_host: email?.smtp_host ?? '',
    smtp_port: String(email?.smtp_port ?? 465),
    smtp_security: email?.smtp_security ?? 'tls',
    smtp_user: email?.smtp_user ?? '',
    smtp_password: '',
    remove_smtp_password: false,
    from: email?.from ?? '',
    to: email?.to.join(', ') ?? '',
  };
}
