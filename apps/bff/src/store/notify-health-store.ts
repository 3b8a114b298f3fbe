/**
 * Notification health's read of the console's own warnings (issue 14 item 4): the enabled rules (what each
 * covers and which channels it names) and every channel with how its deliveries went. Read-only SQL of its
 * own over migration 8's tables (the channels' health from the channel list's own query), so the fleet board and the secret page can answer "will the console warn
 * anyone?" without depending on the rules and channels CRUD.
 *
 * A channel is `failing` exactly as the channel list's `health.failing` says: the same query
 * (notify-config-store.ts `channelHealth`): its newest finished delivery (`sent` or `failed`, tests included)
 * failed, or one of its deliveries is `retrying`. A channel that never delivered anything is not failing (nothing says it cannot reach its
 * receiver; its first warning will tell), and `lastSentAt` null lets the page say "never delivered".
 * A rule whose stored settings do not read as a rule covers nothing (it could not send either).
 */
import { ChannelKindSchema, RuleSchema, type ChannelKind, type Rule } from '@csms-console/api-contract';
import { z } from 'zod/mini';
import { channelHealth, NO_HEALTH } from './notify-config-store.js';
import type { Db } from './types.js';

/** An enabled rule, as far as health needs it. */
export type HealthRule = Pick<
  Rule,
  'id' | 'name' | 'accounts' | 'versions' | 'lead_days' | 'on_expiry' | 'channels'
>;

export interface HealthChannel {
  id: string;
  name: string;
  kind: ChannelKind;
  failing: boolean;
  /** The newest successful delivery (epoch ms); null when it never delivered. */
  lastSentAt: number | null;
}

export interface NotifyHealth {
  /** Enabled rules, by name. */
  rules: HealthRule[];
  /** Every channel, by id. */
  channels: ReadonlyMap<string, HealthChannel>;
}

export interface NotifyHealthStore {
  read(): Promise<NotifyHealth>;
}

const RuleSettingsSchema = z.pick(RuleSchema, {
  accounts: true,
  versions: true,
  lead_days: true,
  on_expiry: true,
  channels: true,
});

export function createNotifyHealthStore(db: Db): NotifyHealthStore {
  return {
    async read() {
      const [rules, channels, health] = await Promise.all([
        db.query<{ id: string; name: string; settings: string }>(
          `SELECT id, name, settings::text AS settings FROM notify_rules WHERE enabled ORDER BY lower(name), id`,
        ),
        db.query<{ id: string; name: string; kind: string }>('SELECT id, name, kind FROM notify_channels'),
        channelHealth(db),
      ]);
      return {
        rules: rules.rows.flatMap((r): HealthRule[] => {
          const settings = RuleSettingsSchema.safeParse(parseJson(r.settings));
          return settings.success ? [{ id: r.id, name: r.name, ...settings.data }] : [];
        }),
        channels: new Map(
          channels.rows.flatMap((c): [string, HealthChannel][] => {
            const kind = ChannelKindSchema.safeParse(c.kind);
            if (!kind.success) return [];
            const { failing, last_sent_at } = health.get(c.id) ?? NO_HEALTH;
            const lastSentAt = last_sent_at === null ? null : Number(last_sent_at);
            return [[c.id, { id: c.id, name: c.name, kind: kind.data, failing, lastSentAt }]];
          }),
        ),
      };
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
