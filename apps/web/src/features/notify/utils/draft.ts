/**
 * The notifications page's unsaved form, kept in this tab's sessionStorage (lib/session-draft.ts) so an
 * admin whose session ends mid-edit finds it again after signing in: which form was open (a new rule or
 * channel, or the one being edited, by id) and what was typed. One draft per user (the page opens one form
 * at a time); written while the admin types, removed on save or cancel. A channel's credentials (webhook
 * URL, signing key, bot secret, SMTP password: the contract's CHANNEL_SECRET_FIELDS) are never written: they
 * are left out here, before anything reaches storage, and come back blank, to be typed again.
 */
import { CHANNEL_SECRET_FIELDS, type Channel, type ChannelKind, type Rule } from '@csms-console/api-contract';
import { z } from 'zod/mini';
import { sessionDraftStore } from '../../../lib/session-draft';
import { ChannelFormFields, channelFormDefaults, type ChannelFormValues } from './channel-form-schema';
import { RuleFormFields, type RuleFormValues } from './rule-form-schema';

/** Older than this, a draft is someone's forgotten work, not the form in hand. */
export const NOTIFY_DRAFT_MAX_AGE_MS = 12 * 60 * 60 * 1000;

type Credential = (typeof CHANNEL_SECRET_FIELDS)[ChannelKind][number];
/** Every kind's credential fields, once each. */
export const CREDENTIAL_FIELDS: readonly Credential[] = [
  ...new Set(Object.values(CHANNEL_SECRET_FIELDS).flat()),
];
const isCredential = (field: string): field is Credential => (CREDENTIAL_FIELDS as string[]).includes(field);

const ChannelDraftValues = z.omit(
  ChannelFormFields,
  Object.fromEntries(CREDENTIAL_FIELDS.map((f) => [f, true])) as Record<Credential, true>,
);
export type ChannelDraftValues = Omit<ChannelFormValues, Credential>;

/** `id`: the rule or channel being edited; null: a new one. */
export const NotifyDraftSchema = z.discriminatedUnion('form', [
  z.object({ form: z.literal('rule'), id: z.nullable(z.string()), values: RuleFormFields, savedAt: z.int() }),
  z.object({
    form: z.literal('channel'),
    id: z.nullable(z.string()),
    values: ChannelDraftValues,
    savedAt: z.int(),
  }),
]);
export type NotifyDraft = z.infer<typeof NotifyDraftSchema>;
/** A draft as the forms hand it over (the store dates it). */
export type KeptNotifyDraft =
  | { form: 'rule'; id: string | null; values: RuleFormValues }
  | { form: 'channel'; id: string | null; values: ChannelDraftValues };

export const notifyDrafts = sessionDraftStore(
  'csms-console.notify-draft',
  NotifyDraftSchema,
  NOTIFY_DRAFT_MAX_AGE_MS,
);
/** The storage key of `user`'s (their `sub`) draft. */
export const notifyDraftKey = (user: string) => notifyDrafts.key([user]);

export const keptRule = (id: string | null, values: RuleFormValues): KeptNotifyDraft => ({
  form: 'rule',
  id,
  values,
});

/** The channel form's values without its credentials: what may be written. */
export function keptChannel(id: string | null, values: ChannelFormValues): KeptNotifyDraft {
  const kept = Object.fromEntries(Object.entries(values).filter(([field]) => !isCredential(field)));
  return { form: 'channel', id, values: kept as ChannelDraftValues };
}

/** What the page does with a kept draft once it has read the rules and channels. */
export type DraftOpen =
  | { form: 'rule'; rule: Rule | null; restored: RuleFormValues }
  | { form: 'channel'; channel: Channel | null; restored: ChannelFormValues }
  | { gone: 'rule' | 'channel' };

/**
 * Reopens the form the draft was written in, with its values, if what it edits is still there (and still
 * the console's to change); else says it is gone. A rule's picked channels that no longer exist are let go;
 * a channel's credentials are blank; an edited channel keeps its own kind.
 */
export function openFromDraft(draft: NotifyDraft, rules: Rule[], channels: Channel[]): DraftOpen {
  if (draft.form === 'rule') {
    const rule = draft.id === null ? null : rules.find((r) => r.id === draft.id && r.source === 'console');
    if (rule === undefined) return { gone: 'rule' };
    const exists = new Set(channels.map((c) => c.id));
    const restored = { ...draft.values, channels: draft.values.channels.filter((id) => exists.has(id)) };
    return { form: 'rule', rule, restored };
  }
  const channel =
    draft.id === null ? null : channels.find((c) => c.id === draft.id && c.source === 'console');
  if (channel === undefined) return { gone: 'channel' };
  const blank = channelFormDefaults(null);
  const credentials = Object.fromEntries(CREDENTIAL_FIELDS.map((f) => [f, blank[f]]));
  const restored: ChannelFormValues = {
    ...draft.values,
    ...(credentials as Pick<ChannelFormValues, Credential>),
    ...(channel ? { kind: channel.kind } : {}),
  };
  return { form: 'channel', channel, restored };
}
