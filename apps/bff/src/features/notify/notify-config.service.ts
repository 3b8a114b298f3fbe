/**
 * Rules and channels of advance warnings (issue 14): the admin API's logic and the configuration the
 * evaluation and the delivery worker read (`NotifyConfigReader`). Credentials are sealed before they are
 * stored (sealed.ts) and never answered, logged or audited: answers carry `secrets_set`, audit rows the names
 * of the credential fields that changed. A channel's address is checked before it is saved (target-guard.ts)
 * and again at every connection. Rows provisioned from NOTIFY_PROVISION_FILE are read-only here. Every change
 * is written with its audit row in one transaction: if the row cannot be written nothing changes and the
 * answer is 503 audit_unavailable (docs/security.md U2, fail closed).
 */
import type {
  Channel,
  ChannelInput,
  ChannelList,
  Rule,
  RuleList,
  RuleSettings,
} from '@csms-console/api-contract';
import type { Logger } from 'pino';
import type { Secret } from '../../config/secret.js';
import { AppError } from '../../errors.js';
import type { Metrics } from '../../metrics.js';
import {
  NotifyMissingChannelsError,
  NotifyNameTakenError,
  type AuditStore,
  type AuditWrite,
  type NewAuditEntry,
  type NotifyChannelRow,
  type NotifyConfigStore,
  type NotifyRuleRow,
  type User,
} from '../../store/types.js';
import { ulid } from '../../store/ulid.js';
import type { Upstream } from '../../upstream/types.js';
import {
  changedSettings,
  missingSecrets,
  setFields,
  settingsOf,
  splitInput,
  targetOf,
  toChannel,
} from './channel-record.js';
import { NO_HEALTH } from '../../store/notify-config-store.js';
import { open, seal, type ChannelSecrets } from './sealed.js';
import { checkHost, checkWebhookUrl, type Resolve } from './target-guard.js';
import { DeliveryFailure, type NotifyConfigReader, type ResolvedChannel } from './types.js';

export interface NotifyConfigDeps {
  store: NotifyConfigStore;
  audit: AuditStore;
  /** loadNotifyKey's answer: undefined on PostgreSQL without NOTIFY_KEY (channels cannot be saved). */
  key: Secret | undefined;
  allowHosts: readonly string[];
  upstream: Pick<Upstream, 'assertAccount'>;
  now: () => number;
  /** DNS for the target check (tests); the system resolver by default. */
  resolve?: Resolve;
  /** Counts and logs audit rows that could not be written (the change then rolled back). */
  metrics?: Pick<Metrics, 'auditWriteFailures'>;
  logger?: Pick<Logger, 'error'>;
}

/** Who asks, as the audit log records it. */
export interface NotifyWriteContext {
  user: Pick<User, 'name'>;
  audit: Pick<NewAuditEntry, 'actor' | 'session_hash' | 'client_ip' | 'user_agent' | 'request_id'>;
}

type Source = NotifyRuleRow['source'];

/** 422 invalid_input naming body fields, as parseInput words them. */
export function fieldError(issues: Array<{ path: string; message: string }>): AppError {
  const first = issues[0]!;
  return new AppError(422, 'invalid_input', `Invalid body.${first.path}: ${first.message}.`, {
    issues: issues.map((i) => ({ location: 'body', ...i })),
  });
}

const nameTaken = () => fieldError([{ path: 'name', message: 'is taken' }]);
const readOnly = (what: string) =>
  new AppError(
    409,
    'provisioned_read_only',
    `This ${what} comes from NOTIFY_PROVISION_FILE; change it there.`,
  );

export class NotifyConfigService implements NotifyConfigReader {
  constructor(private readonly deps: NotifyConfigDeps) {}

  // ---- rules ----

  async listRules(): Promise<RuleList> {
    return { items: await this.rules() };
  }

  async rules(): Promise<Rule[]> {
    return (await this.deps.store.rules()).map(toRule);
  }

  /** A rule row from input: accounts checked against the configuration (channels are checked by the store). */
  prepareRule(input: RuleSettings, existing: NotifyRuleRow | undefined, by: string, source: Source) {
    if (input.accounts !== '*') {
      const issues = input.accounts.flatMap((account, i) => {
        try {
          this.deps.upstream.assertAccount(account);
          return [];
        } catch {
          return [{ path: `accounts.${i}`, message: 'is not a configured account' }];
        }
      });
      if (issues.length > 0) throw fieldError(issues);
    }
    const now = this.deps.now();
    const { name, enabled, ...settings } = input;
    const row: NotifyRuleRow = {
      id: existing?.id ?? ulid(now),
      name,
      enabled,
      settings,
      source,
      created_at: existing?.created_at ?? now,
      updated_at: now,
      updated_by: by,
    };
    const changed = existing ? ruleChanges(existing, row) : [];
    return { row, changed };
  }

  async createRule(ctx: NotifyWriteContext, input: RuleSettings): Promise<Rule> {
    const { row } = this.prepareRule(input, undefined, ctx.user.name, 'console');
    await this.saveRule(
      row,
      'insert',
      this.auditWrite(ctx, 'notify.rule_create', { rule_id: row.id, name: row.name }),
    );
    return toRule(row);
  }

  async updateRule(ctx: NotifyWriteContext, id: string, input: RuleSettings): Promise<Rule> {
    const existing = await this.ruleOrThrow(id);
    const { row, changed } = this.prepareRule(input, existing, ctx.user.name, 'console');
    await this.saveRule(
      row,
      'update',
      this.auditWrite(ctx, 'notify.rule_update', { rule_id: id, name: row.name, changed }),
    );
    return toRule(row);
  }

  async deleteRule(ctx: NotifyWriteContext, id: string): Promise<void> {
    const existing = await this.ruleOrThrow(id);
    const audit = this.auditWrite(ctx, 'notify.rule_delete', { rule_id: id, name: existing.name });
    if (!(await this.deps.store.deleteRule(id, audit))) throw ruleNotFound();
  }

  private async ruleOrThrow(id: string): Promise<NotifyRuleRow> {
    const row = await this.deps.store.rule(id);
    if (!row) throw ruleNotFound();
    if (row.source === 'file') throw readOnly('rule');
    return row;
  }

  /** Writes a rule and its audit row; name clashes and missing channels become 422 invalid_input. */
  async saveRule(row: NotifyRuleRow, mode: 'insert' | 'update', audit: AuditWrite, store = this.deps.store) {
    try {
      await store.saveRule(row, mode, audit);
    } catch (error) {
      if (error instanceof NotifyNameTakenError) throw nameTaken();
      if (error instanceof NotifyMissingChannelsError) {
        throw fieldError(
          error.ids.map((id) => ({
            path: `channels.${row.settings.channels.indexOf(id)}`,
            message: 'is not a channel',
          })),
        );
      }
      throw error;
    }
  }

  // ---- channels ----

  async listChannels(): Promise<ChannelList> {
    return { items: (await this.deps.store.channels()).map((row) => toChannel(row, row.health)) };
  }

  /**
   * A channel row from input: the kind unchanged, omitted credentials kept (opened from the stored box),
   * required ones present, the address checked, the credentials sealed. Nothing is written.
   */
  async prepareChannel(
    input: ChannelInput,
    existing: NotifyChannelRow | undefined,
    by: string,
    source: Source,
    options: { tolerateDns?: boolean } = {},
  ) {
    if (existing && existing.kind !== input.kind) {
      throw fieldError([{ path: 'kind', message: 'cannot change; create a new channel instead' }]);
    }
    const { settings, given } = splitInput(input);
    const stored = existing ? this.storedSecrets(existing, given) : {};
    const secrets: ChannelSecrets = { ...stored, ...given };
    const missing = missingSecrets(input.kind, secrets);
    if (missing.length > 0) throw fieldError(missing.map((path) => ({ path, message: 'is required' })));
    await this.checkTarget(input.kind, settings, secrets, options.tolerateDns === true);
    const now = this.deps.now();
    const id = existing?.id ?? ulid(now);
    const secretsSet = setFields(input.kind, secrets);
    const row: NotifyChannelRow = {
      id,
      kind: input.kind,
      name: input.name,
      target: targetOf(input.kind, settings, secrets),
      settings: { ...settings, secrets_set: secretsSet },
      sealed: secretsSet.length === 0 ? null : seal(this.key(), id, pick(secrets, secretsSet)),
      source,
      created_at: existing?.created_at ?? now,
      updated_at: now,
      updated_by: by,
    };
    const changed = existing
      ? changedSettings({ name: existing.name, settings: settingsOf(existing) }, { name: row.name, settings })
      : [];
    const secretsChanged = Object.keys(given)
      .filter((f) => (stored[f] ?? null) !== (given[f] ?? null))
      .sort();
    return { row, changed, secretsChanged };
  }

  async createChannel(ctx: NotifyWriteContext, input: ChannelInput): Promise<Channel> {
    const { row } = await this.prepareChannel(input, undefined, ctx.user.name, 'console');
    await this.saveChannel(
      row,
      'insert',
      this.auditWrite(ctx, 'notify.channel_create', {
        channel_id: row.id,
        name: row.name,
        kind: row.kind,
        target: row.target,
        secrets_set: row.settings.secrets_set,
      }),
    );
    return toChannel(row, NO_HEALTH);
  }

  async updateChannel(ctx: NotifyWriteContext, id: string, input: ChannelInput): Promise<Channel> {
    const existing = await this.channelOrThrow(id);
    const { row, changed, secretsChanged } = await this.prepareChannel(
      input,
      existing,
      ctx.user.name,
      'console',
    );
    await this.saveChannel(
      row,
      'update',
      this.auditWrite(ctx, 'notify.channel_update', {
        channel_id: id,
        name: row.name,
        kind: row.kind,
        target: row.target,
        changed,
        secrets_changed: secretsChanged,
      }),
    );
    return toChannel(row, (await this.deps.store.health()).get(id) ?? NO_HEALTH);
  }

  async deleteChannel(ctx: NotifyWriteContext, id: string): Promise<void> {
    const existing = await this.channelOrThrow(id);
    const { deleted, usedBy } = await this.deps.store.deleteChannel(
      id,
      this.auditWrite(ctx, 'notify.channel_delete', {
        channel_id: id,
        name: existing.name,
        kind: existing.kind,
      }),
    );
    if (usedBy.length > 0) {
      throw new AppError(409, 'channel_in_use', 'Rules still send to this channel: change them first.', {
        rules: usedBy,
      });
    }
    if (!deleted) throw channelNotFound();
  }

  async resolveChannel(id: string): Promise<ResolvedChannel | undefined> {
    const row = await this.deps.store.channel(id);
    if (!row) return undefined;
    const secrets = row.sealed === null ? {} : open(this.openKey(), row.id, row.sealed);
    return { id: row.id, kind: row.kind, name: row.name, settings: settingsOf(row), secrets };
  }

  private async channelOrThrow(id: string): Promise<NotifyChannelRow> {
    const row = await this.deps.store.channel(id);
    if (!row) throw channelNotFound();
    if (row.source === 'file') throw readOnly('channel');
    return row;
  }

  /** Writes a channel and its audit row; a name clash becomes 422 invalid_input. */
  async saveChannel(
    row: NotifyChannelRow,
    mode: 'insert' | 'update',
    audit: AuditWrite,
    store = this.deps.store,
  ) {
    try {
      await store.saveChannel(row, mode, audit);
    } catch (error) {
      if (error instanceof NotifyNameTakenError) throw nameTaken();
      throw error;
    }
  }

  /** The stored credentials an update keeps; when they cannot be opened, every one must be given again. */
  private storedSecrets(row: NotifyChannelRow, given: ChannelSecrets): ChannelSecrets {
    if (row.sealed === null) return {};
    try {
      return open(this.key(), row.id, row.sealed);
    } catch (error) {
      if (!(error instanceof DeliveryFailure)) throw error;
      const omitted = (row.settings.secrets_set ?? []).filter((f) => !(f in given));
      if (omitted.length === 0) return {};
      throw fieldError(
        omitted.map((path) => ({
          path,
          message: 'cannot be read with the configured NOTIFY_KEY; enter it again',
        })),
      );
    }
  }

  /** Refuses an address the BFF will not call: 422 channel_target_refused naming only the host. */
  private async checkTarget(
    kind: ChannelInput['kind'],
    settings: ResolvedChannel['settings'],
    secrets: ChannelSecrets,
    tolerateDns: boolean,
  ) {
    try {
      if (kind === 'email') {
        await checkHost(settings.smtp_host!, settings.smtp_port!, this.deps.allowHosts, this.deps.resolve);
      } else {
        await checkWebhookUrl(secrets.url ?? '', this.deps.allowHosts, this.deps.resolve);
      }
    } catch (error) {
      if (!(error instanceof DeliveryFailure)) throw error;
      if (tolerateDns && error.code === 'dns_failed') return; // checked again at every connection
      throw new AppError(422, 'channel_target_refused', error.message, { reason: error.code });
    }
  }

  private key(): Secret {
    if (this.deps.key === undefined) {
      throw new AppError(
        503,
        'notify_key_missing',
        'Channel credentials cannot be stored: set NOTIFY_KEY (or NOTIFY_KEY_FILE) on the BFF.',
      );
    }
    return this.deps.key;
  }

  private openKey(): Secret {
    if (this.deps.key === undefined) {
      throw new DeliveryFailure(
        'decrypt_failed',
        'No NOTIFY_KEY is configured to read channel credentials.',
        false,
      );
    }
    return this.deps.key;
  }

  /**
   * A change's audit row, for the store to write in the change's transaction. When it cannot be written the
   * change rolls back with it and the answer is 503 audit_unavailable, as for an expiry change.
   */
  auditWrite(
    ctx: Pick<NotifyWriteContext, 'audit'>,
    action: NewAuditEntry['action'],
    details: Record<string, unknown>,
  ): AuditWrite {
    return async (tx) => {
      try {
        await this.deps.audit.appendIn(tx, { ...ctx.audit, action, outcome: 'ok', details });
      } catch (cause) {
        this.deps.metrics?.auditWriteFailures.inc();
        this.deps.logger?.error(
          { err: cause, requestId: ctx.audit.request_id },
          'audit row could not be written; the change was rolled back',
        );
        throw new AppError(
          503,
          'audit_unavailable',
          'The change was not made: the audit log cannot be written right now.',
          undefined,
          undefined,
          { cause },
        );
      }
    };
  }
}

function pick(secrets: ChannelSecrets, fields: readonly string[]): ChannelSecrets {
  return Object.fromEntries(fields.map((f) => [f, secrets[f] ?? null]));
}

const ruleNotFound = () => new AppError(404, 'rule_not_found', 'No such rule.');
const channelNotFound = () => new AppError(404, 'channel_not_found', 'No such channel.');

function ruleChanges(before: NotifyRuleRow, after: NotifyRuleRow): string[] {
  const a = toRule(before) as unknown as Record<string, unknown>;
  const b = toRule(after) as unknown as Record<string, unknown>;
  return [
    'name',
    'enabled',
    'accounts',
    'versions',
    'lead_days',
    'on_expiry',
    'channels',
    'language',
    'time_zone',
  ].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

export function toRule(row: NotifyRuleRow): Rule {
  const s = row.settings as unknown as Omit<RuleSettings, 'name' | 'enabled'>;
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    accounts: s.accounts,
    versions: s.versions,
    lead_days: s.lead_days,
    on_expiry: s.on_expiry,
    channels: s.channels,
    language: s.language,
    time_zone: s.time_zone,
    source: row.source,
    created_at: row.created_at,
    updated_at: row.updated_at,
    updated_by: row.updated_by,
  };
}
