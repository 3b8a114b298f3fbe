/**
 * A channel between its three shapes: the admin's input (credentials included), the stored row (settings in
 * clear, credentials sealed, `target` to show instead of them) and the answer (ChannelSchema: which credential
 * fields are set, never their values). Pure functions; sealing and checks are the service's.
 */
import {
  CHANNEL_REQUIRED_SECRETS,
  CHANNEL_SECRET_FIELDS,
  type Channel,
  type ChannelHealth,
  type ChannelInput,
  type ChannelKind,
} from '@csms-console/api-contract';
import type { NotifyChannelRow } from '../../store/types.js';
import type { ChannelSecrets } from './sealed.js';
import type { ResolvedChannel } from './types.js';

export type ChannelSettings = ResolvedChannel['settings'];

/** The credential fields of `kind`. */
export function secretFields(kind: ChannelKind): readonly string[] {
  return CHANNEL_SECRET_FIELDS[kind];
}

/** Splits an input into its settings and the credential fields it gives (omitted ones are absent). */
export function splitInput(input: ChannelInput): { settings: ChannelSettings; given: ChannelSecrets } {
  const given: ChannelSecrets = {};
  const record = input as unknown as Record<string, unknown>;
  for (const field of secretFields(input.kind)) {
    const value = record[field];
    if (value !== undefined) given[field] = value as string | null;
  }
  if (input.kind !== 'email') return { settings: {}, given };
  const { smtp_host, smtp_port, smtp_security, smtp_user, from, to } = input;
  return { settings: { smtp_host, smtp_port, smtp_security, smtp_user: smtp_user ?? null, from, to }, given };
}

/** Required credential fields of `kind` that `secrets` lacks. */
export function missingSecrets(kind: ChannelKind, secrets: ChannelSecrets): string[] {
  return CHANNEL_REQUIRED_SECRETS[kind].filter((f) => secrets[f] === undefined || secrets[f] === null);
}

/** Names of the credential fields that hold a value. */
export function setFields(kind: ChannelKind, secrets: ChannelSecrets): string[] {
  return secretFields(kind).filter((f) => typeof secrets[f] === 'string');
}

/** What the console shows instead of the credentials: the webhook's host, or the SMTP server and recipients. */
export function targetOf(kind: ChannelKind, settings: ChannelSettings, secrets: ChannelSecrets): string {
  if (kind === 'email')
    return `${settings.smtp_host}:${settings.smtp_port} → ${(settings.to ?? []).join(', ')}`;
  const url = secrets.url;
  return typeof url === 'string' && URL.canParse(url) ? new URL(url).host : '';
}

/** Names of the non-credential fields that differ (name included). */
export function changedSettings(
  before: { name: string; settings: ChannelSettings },
  after: { name: string; settings: ChannelSettings },
): string[] {
  const changed = before.name === after.name ? [] : ['name'];
  const keys = new Set([...Object.keys(before.settings), ...Object.keys(after.settings)]);
  for (const key of [...keys].sort()) {
    const k = key as keyof ChannelSettings;
    if (JSON.stringify(before.settings[k]) !== JSON.stringify(after.settings[k])) changed.push(key);
  }
  return changed;
}

/** The row's settings without the bookkeeping of which credentials are set. */
export function settingsOf(row: NotifyChannelRow): ChannelSettings {
  const { secrets_set: _set, ...settings } = row.settings;
  return settings;
}

export function toChannel(row: NotifyChannelRow, health: ChannelHealth): Channel {
  const settings = settingsOf(row);
  const channel: Channel = {
    id: row.id,
    kind: row.kind,
    name: row.name,
    target: row.target,
    secrets_set: row.settings.secrets_set ?? [],
    source: row.source,
    created_at: row.created_at,
    updated_at: row.updated_at,
    updated_by: row.updated_by,
    health,
  };
  if (row.kind === 'email') {
    channel.email = {
      smtp_host: settings.smtp_host ?? '',
      smtp_port: settings.smtp_port ?? 0,
      smtp_security: settings.smtp_security ?? 'tls',
      smtp_user: settings.smtp_user ?? null,
      from: settings.from ?? '',
      to: settings.to ?? [],
    };
  }
  return channel;
}
