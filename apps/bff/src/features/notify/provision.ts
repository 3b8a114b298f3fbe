/**
 * Rules and channels from a file (NOTIFY_PROVISION_FILE), applied at start: infrastructure as code for
 * advance warnings. The format (a sample is docs/notify-provision.example.json):
 *
 *   {
 *     "channels": [
 *       { "name": "Ops Slack", "kind": "slack", "url_file": "/run/secrets/ops-slack-url" },
 *       { "name": "Ops mail", "kind": "email", "smtp_host": "smtp.example.com", "smtp_port": 587,
 *         "smtp_security": "starttls", "smtp_user": "console", "smtp_password_env": "OPS_SMTP_PASSWORD",
 *         "from": "console@example.com", "to": ["ops@example.com"] }
 *     ],
 *     "rules": [
 *       { "name": "Production", "accounts": "*", "versions": "current", "lead_days": [30, 7, 1],
 *         "channels": ["Ops Slack", "Ops mail"], "language": "en", "time_zone": "Asia/Shanghai" }
 *     ]
 *   }
 *
 * A channel takes the fields of POST /api/notifications/channels, except that each credential field
 * (CHANNEL_SECRET_FIELDS: url, signing_key, secret, smtp_password) is given as `<field>_file` (a file holding
 * it; one trailing newline dropped) or `<field>_env` (an environment variable), never inline: credentials
 * belong in a secret store, not in a file checked into a repository. A rule takes the fields of
 * POST /api/notifications/rules, its `channels` by name (the file's channels or the console's).
 *
 * Entries are matched by name (case-insensitive) and stored with source `file` (read-only in the console); a
 * console row of the same name is taken over. File rows no longer in the file are removed. All of it happens
 * in one transaction with its one `notify.provision` audit row (actor `provisioning`), written when anything
 * changed: if that row cannot be written nothing is provisioned. A bad file stops the start with a message
 * naming the entry and the field, never a value.
 */
import {
  CHANNEL_SECRET_FIELDS,
  ChannelInputSchema,
  ChannelKindSchema,
  RuleInputSchema,
} from '@csms-console/api-contract';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { AUDITED_BY_CALLER, NO_HEALTH } from '../../store/notify-config-store.js';
import type { NotifyConfigStore, Queryable } from '../../store/types.js';
import type { NotifyConfigService } from './notify-config.service.js';

export class ProvisionError extends Error {
  override readonly name = 'ProvisionError';
}

export interface ProvisionSources {
  file: string;
  readFile: (path: string) => string;
  env: Record<string, string | undefined>;
}

export interface ProvisionResult {
  channels: { created: string[]; updated: string[]; removed: string[] };
  rules: { created: string[]; updated: string[]; removed: string[] };
}

const ACTOR = 'provisioning';
const FileSchema = z.strictObject({
  channels: z.array(z.record(z.string(), z.unknown())).default([]),
  rules: z.array(z.record(z.string(), z.unknown())).default([]),
});

/** Applies the provisioning file; throws ProvisionError (nothing changed) when it is not right. */
export async function provision(
  service: NotifyConfigService,
  store: NotifyConfigStore,
  sources: ProvisionSources,
): Promise<ProvisionResult> {
  const parsed = readFileJson(sources);
  const channels = parsed.channels.map((entry, i) => channelInput(entry, i, sources));
  const rules = parsed.rules.map((entry, i) => ({ entry, where: `rules[${i}]${named(entry)}` }));
  unique(channels.map((c) => [c.where, c.input.name]));
  unique(rules.flatMap((r) => (typeof r.entry.name === 'string' ? [[r.where, r.entry.name]] : [])));

  const result: ProvisionResult = {
    channels: { created: [], updated: [], removed: [] },
    rules: { created: [], updated: [], removed: [] },
  };
  await store.transaction(async (tx, q) => {
    await tx.lockAll();
    const existingChannels = await tx.channels();
    const byName = new Map(existingChannels.map((c) => [c.name.toLowerCase(), c]));
    const keep = new Set<string>();
    for (const { input, where } of channels) {
      const existing = byName.get(input.name.toLowerCase());
      const prepared = await at(where, () =>
        service.prepareChannel(input, existing, ACTOR, 'file', { tolerateDns: true }),
      );
      keep.add(prepared.row.id);
      byName.set(input.name.toLowerCase(), { ...prepared.row, health: existing?.health ?? NO_HEALTH });
      if (
        existing &&
        existing.source === 'file' &&
        prepared.changed.length === 0 &&
        prepared.secretsChanged.length === 0
      )
        continue;
      await at(where, () =>
        service.saveChannel(prepared.row, existing ? 'update' : 'insert', AUDITED_BY_CALLER, tx),
      );
      (existing ? result.channels.updated : result.channels.created).push(input.name);
    }

    const existingRules = await tx.rules();
    const rulesByName = new Map(existingRules.map((r) => [r.name.toLowerCase(), r]));
    const keepRules = new Set<string>();
    for (const { entry, where } of rules) {
      const names = Array.isArray(entry.channels) ? (entry.channels as unknown[]) : [];
      const ids = names.map((n, j) => {
        const found = typeof n === 'string' ? byName.get(n.toLowerCase()) : undefined;
        if (!found) throw new ProvisionError(`${where}: channels.${j}: names no channel`);
        return found.id;
      });
      const input = parseEntry(RuleInputSchema, { ...entry, channels: ids }, where);
      const existing = rulesByName.get(input.name.toLowerCase());
      const prepared = await at(where, () =>
        Promise.resolve().then(() => service.prepareRule(input, existing, ACTOR, 'file')),
      );
      keepRules.add(prepared.row.id);
      if (existing && existing.source === 'file' && prepared.changed.length === 0) continue;
      await at(where, () =>
        service.saveRule(prepared.row, existing ? 'update' : 'insert', AUDITED_BY_CALLER, tx),
      );
      (existing ? result.rules.updated : result.rules.created).push(input.name);
    }

    for (const rule of existingRules) {
      if (rule.source !== 'file' || keepRules.has(rule.id)) continue;
      await tx.deleteRule(rule.id, AUDITED_BY_CALLER);
      result.rules.removed.push(rule.name);
    }
    for (const channel of existingChannels) {
      if (channel.source !== 'file' || keep.has(channel.id)) continue;
      const { usedBy } = await tx.deleteChannel(channel.id, AUDITED_BY_CALLER);
      if (usedBy.length > 0) {
        throw new ProvisionError(
          `channel "${channel.name}" is no longer in the file, but rules name it: ${usedBy.map((n) => `"${n}"`).join(', ')}`,
        );
      }
      result.channels.removed.push(channel.name);
    }
    await auditProvision(service, q, result);
  });
  return result;
}

/** The one audit row of what changed (none when nothing did), in the provisioning's transaction `q`. */
async function auditProvision(service: NotifyConfigService, q: Queryable, result: ProvisionResult) {
  const changed = [result.channels, result.rules].some(
    (r) => r.created.length + r.updated.length + r.removed.length > 0,
  );
  if (!changed) return;
  const actor = { id: null, name: ACTOR, role: null, auth_method: null };
  try {
    await service.auditWrite({ audit: { actor } }, 'notify.provision', { ...result })(q);
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'audit_unavailable')) throw error;
    throw new ProvisionError('the audit log cannot be written, so nothing was provisioned');
  }
}

function readFileJson(sources: ProvisionSources): z.infer<typeof FileSchema> {
  let text: string;
  try {
    text = sources.readFile(sources.file);
  } catch {
    throw new ProvisionError(`cannot read ${sources.file}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ProvisionError(`${sources.file} is not JSON`);
  }
  const result = FileSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ProvisionError(
      `${sources.file}: ${issue.path.join('.') || 'the top level'}: ${issue.code === 'unrecognized_keys' ? 'unknown field' : 'must be {"channels": [...], "rules": [...]}'}`,
    );
  }
  return result.data;
}

const named = (entry: Record<string, unknown>) => (typeof entry.name === 'string' ? ` "${entry.name}"` : '');

/** A channel entry as ChannelInput, its credentials read from their files or variables. */
function channelInput(entry: Record<string, unknown>, i: number, sources: ProvisionSources) {
  const where = `channels[${i}]${named(entry)}`;
  const kind = ChannelKindSchema.safeParse(entry.kind);
  if (!kind.success) throw new ProvisionError(`${where}: kind: is not one of the channel kinds`);
  const fields: readonly string[] = CHANNEL_SECRET_FIELDS[kind.data];
  const plain: Record<string, unknown> = {};
  const secrets: Record<string, string | null> = Object.fromEntries(fields.map((f) => [f, null]));
  for (const [key, value] of Object.entries(entry)) {
    if (fields.includes(key)) {
      throw new ProvisionError(
        `${where}: ${key}: inline credentials are refused; give ${key}_file or ${key}_env`,
      );
    }
    const ref = /^(.+)_(file|env)$/.exec(key);
    if (ref && fields.includes(ref[1]!)) {
      if (secrets[ref[1]!] !== null) throw new ProvisionError(`${where}: ${key}: ${ref[1]} is given twice`);
      secrets[ref[1]!] = readSecret(where, key, value, ref[2] as 'file' | 'env', sources);
    } else {
      plain[key] = value;
    }
  }
  const given = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v !== null));
  const parsed = parseEntry(ChannelInputSchema, { ...plain, ...given }, where);
  // The file is the whole truth about a provisioned channel: a credential it does not give is not set.
  return { where, input: { ...secrets, ...parsed } };
}

function readSecret(
  where: string,
  key: string,
  ref: unknown,
  how: 'file' | 'env',
  sources: ProvisionSources,
) {
  if (typeof ref !== 'string' || ref === '')
    throw new ProvisionError(`${where}: ${key}: must name a ${how === 'file' ? 'file' : 'variable'}`);
  if (how === 'env') {
    const value = sources.env[ref];
    if (value === undefined || value === '')
      throw new ProvisionError(`${where}: ${key}: variable ${ref} is not set`);
    return value;
  }
  try {
    const value = sources.readFile(ref).replace(/\r?\n$/, '');
    if (value === '') throw new Error('empty');
    return value;
  } catch {
    throw new ProvisionError(`${where}: ${key}: cannot read ${ref} (or it is empty)`);
  }
}

function parseEntry<S extends z.core.$ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown field ${issue.keys.join(', ')}`
      : issue.code === 'invalid_value' || issue.message.startsWith('Invalid input')
        ? 'is missing or not allowed'
        : issue.message;
  throw new ProvisionError(`${where}: ${issue.path.join('.') || 'entry'}: ${message}`);
}

function unique(entries: Array<[string, string]>) {
  const seen = new Set<string>();
  for (const [where, name] of entries) {
    if (seen.has(name.toLowerCase())) throw new ProvisionError(`${where}: name: is given twice in the file`);
    seen.add(name.toLowerCase());
  }
}

/** Runs a step of one entry: an AppError (invalid input, refused target, no key) names the entry and field. */
async function at<T>(where: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const issues = (error.details?.issues ?? []) as Array<{ path: string; message: string }>;
    const detail =
      issues.length > 0 ? issues.map((i) => `${i.path}: ${i.message}`).join('; ') : error.message;
    throw new ProvisionError(`${where}: ${detail}`);
  }
}
