/**
 * Rules and channels of advance warnings through the real BFF (issue 14): admins change them, every role reads
 * them; credentials are sealed at rest, never answered, never audited; a channel's address is checked before
 * it is saved; a channel a rule names cannot go; provisioned rows are read-only; every change is audited.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../src/config/secret.js';
import { NotifyConfigService } from '../src/features/notify/notify-config.service.js';
import { refuseAuditInserts } from '../src/store/testing.js';
import { expectError } from './checks.js';
import { Harness } from './harness.js';

const RULES = '/api/notifications/rules';
const CHANNELS = '/api/notifications/channels';
const SIGNING_KEY = `sk-${randomBytes(16).toString('hex')}`;
const HOOK = `http://127.0.0.1:9/hooks/${randomBytes(8).toString('hex')}?token=${randomBytes(8).toString('hex')}`;

let h: Harness;
let admin: string;
let support: string;
let auditor: string;

beforeAll(async () => {
  h = await Harness.start({ config: { notify: { ...(await baseNotify()), allowHosts: ['127.0.0.1:9'] } } });
  await h.user('alice', 'admin');
  await h.user('sam', 'support');
  await h.user('ada', 'auditor');
  [admin, support, auditor] = [await h.login('alice'), await h.login('sam'), await h.login('ada')];
}, 60_000);
afterAll(() => h.close());

async function baseNotify() {
  const { testConfig } = await import('../src/config/config.js');
  return testConfig().notify;
}

const webhook = (name: string, extra: Record<string, unknown> = {}) => ({
  kind: 'webhook',
  name,
  url: HOOK,
  signing_key: SIGNING_KEY,
  ...extra,
});
const rule = (name: string, channels: string[], extra: Record<string, unknown> = {}) => ({
  name,
  accounts: '*',
  versions: 'current',
  channels,
  language: 'en',
  ...extra,
});

async function created(path: string, body: unknown): Promise<{ id: string; [k: string]: unknown }> {
  const res = await h.request('POST', path, { cookie: admin, body });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: string; [k: string]: unknown };
}

async function auditRows(action: string) {
  return (await h.stores.audit.list({ action: action as never }, { limit: 200 })).entries;
}

describe('admin changes rules and channels; every change is audited', () => {
  it('creates, updates and deletes a channel and a rule', async () => {
    const channel = await created(CHANNELS, webhook('Ops hook'));
    expect(channel).toMatchObject({
      kind: 'webhook',
      name: 'Ops hook',
      target: '127.0.0.1:9',
      secrets_set: ['url', 'signing_key'],
      source: 'console',
      updated_by: 'alice',
      health: { last_status: null, failing: false },
    });
    const r = await created(RULES, rule('Prod', [channel.id], { accounts: ['demo'], lead_days: [14, 3] }));
    expect(r).toMatchObject({ accounts: ['demo'], lead_days: [14, 3], on_expiry: true, time_zone: 'UTC' });

    const renamed = await h.request('PUT', `${CHANNELS}/${channel.id}`, {
      cookie: admin,
      body: { kind: 'webhook', name: 'Ops hook 2' }, // credentials left out: kept
    });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.json.secrets_set).toEqual(['url', 'signing_key']);
    const resolved = await h.app.services.notifyConfig.resolveChannel(channel.id);
    expect(resolved).toMatchObject({ name: 'Ops hook 2', secrets: { url: HOOK, signing_key: SIGNING_KEY } });

    const newKey = `nk-${randomBytes(16).toString('hex')}`;
    const rekeyed = await h.request('PUT', `${CHANNELS}/${channel.id}`, {
      cookie: admin,
      body: { kind: 'webhook', name: 'Ops hook 2', signing_key: newKey },
    });
    expect(rekeyed.status, rekeyed.text).toBe(200);
    expect((await h.app.services.notifyConfig.resolveChannel(channel.id))?.secrets).toEqual({
      url: HOOK,
      signing_key: newKey,
    });

    const updated = await h.request('PUT', `${RULES}/${r.id}`, {
      cookie: admin,
      body: rule('Prod', [channel.id], { enabled: false, lead_days: [14, 3] }),
    });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.json).toMatchObject({ enabled: false, accounts: '*' });

    expect((await h.request('DELETE', `${RULES}/${r.id}`, { cookie: admin })).status).toBe(204);
    expect((await h.request('DELETE', `${CHANNELS}/${channel.id}`, { cookie: admin })).status).toBe(204);
    expectError(await h.request('DELETE', `${RULES}/${r.id}`, { cookie: admin }), 404, 'rule_not_found');
    expect(await h.app.services.notifyConfig.resolveChannel(channel.id)).toBeUndefined();

    const rows = async (action: string, id: string, key: string) =>
      (await auditRows(action)).filter((e) => e.details?.[key] === id);
    expect(await rows('notify.channel_create', channel.id, 'channel_id')).toMatchObject([
      {
        outcome: 'ok',
        actor: { name: 'alice', role: 'admin' },
        details: { name: 'Ops hook', secrets_set: ['url', 'signing_key'] },
      },
    ]);
    const channelUpdates = await rows('notify.channel_update', channel.id, 'channel_id');
    expect(channelUpdates.map((e) => [e.details?.changed, e.details?.secrets_changed])).toEqual([
      [[], ['signing_key']], // newest first
      [['name'], []],
    ]);
    expect(await rows('notify.rule_create', r.id, 'rule_id')).toHaveLength(1);
    expect((await rows('notify.rule_update', r.id, 'rule_id'))[0]?.details?.changed).toEqual([
      'enabled',
      'accounts',
    ]);
    expect(await rows('notify.rule_delete', r.id, 'rule_id')).toHaveLength(1);
    expect(await rows('notify.channel_delete', channel.id, 'channel_id')).toHaveLength(1);
    const all = JSON.stringify(await h.stores.audit.list({}, { limit: 1000 }));
    for (const value of [HOOK, SIGNING_KEY, newKey, new URL(HOOK).pathname]) expect(all).not.toContain(value);
  });

  it('lets support and auditors read but not write', async () => {
    const channel = await created(CHANNELS, webhook('Readable'));
    for (const cookie of [support, auditor]) {
      const list = await h.request('GET', CHANNELS, { cookie });
      expect(list.status).toBe(200);
      expect(list.json.items.map((c: { name: string }) => c.name)).toContain('Readable');
      expect((await h.request('GET', RULES, { cookie })).status).toBe(200);
      expectError(await h.request('POST', CHANNELS, { cookie, body: webhook('Nope') }), 403, 'forbidden');
      expectError(
        await h.request('POST', RULES, { cookie, body: rule('Nope', [channel.id]) }),
        403,
        'forbidden',
      );
      expectError(await h.request('DELETE', `${CHANNELS}/${channel.id}`, { cookie }), 403, 'forbidden');
    }
    expect(await h.app.services.notifyConfig.resolveChannel(channel.id)).toBeDefined();
  });
});

describe('input', () => {
  it('refuses a malformed rule with 400 naming each field', async () => {
    const res = await h.request('POST', RULES, {
      cookie: admin,
      body: {
        name: ' ',
        accounts: [],
        versions: 'some',
        lead_days: [0, 7, 7],
        channels: ['x'],
        language: 'fr',
        extra: 1,
      },
    });
    expectError(res, 400, 'invalid_input');
    const paths = res.json.error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['name', 'accounts', 'versions', 'lead_days.0', 'channels.0', 'language']),
    );
    expect(
      res.json.error.details.issues.some((i: { message: string }) => i.message === 'unknown field'),
    ).toBe(true);
  });

  it('refuses (422) unknown accounts, missing channels, taken names, a changed kind, missing credentials', async () => {
    const channel = await created(CHANNELS, webhook('Input hook'));
    const issue = async (method: string, path: string, body: unknown) => {
      const res = await h.request(method, path, { cookie: admin, body });
      expectError(res, 422, 'invalid_input');
      return (res.json.error.details.issues as Array<{ path: string; message: string }>).map(
        (i: { path: string; message: string }) => `${i.path}: ${i.message}`,
      );
    };
    expect(await issue('POST', RULES, rule('R1', [channel.id], { accounts: ['demo', 'nope'] }))).toEqual([
      'accounts.1: is not a configured account',
    ]);
    expect(await issue('POST', RULES, rule('R1', [channel.id, '01J0000000000000000000000Z']))).toEqual([
      'channels.1: is not a channel',
    ]);
    expect(await issue('POST', CHANNELS, webhook('INPUT HOOK'))).toEqual(['name: is taken']);
    expect(await issue('PUT', `${CHANNELS}/${channel.id}`, { kind: 'slack', name: 'Input hook' })).toEqual([
      'kind: cannot change; create a new channel instead',
    ]);
    expect(await issue('POST', CHANNELS, { kind: 'webhook', name: 'No key', url: HOOK })).toEqual([
      'signing_key: is required',
    ]);
    expect(await issue('POST', CHANNELS, { kind: 'slack', name: 'No url' })).toEqual(['url: is required']);
  });

  it('refuses addresses the BFF will not call (422 channel_target_refused), accepts allow-listed ones', async () => {
    const refused = async (url: string, reason: string) => {
      const res = await h.request('POST', CHANNELS, {
        cookie: admin,
        body: { kind: 'slack', name: `T ${reason} ${url.length}`, url },
      });
      expectError(res, 422, 'channel_target_refused');
      expect(res.json.error.details).toEqual({ reason });
      expect(res.text).not.toContain('/services/');
    };
    await refused('http://93.184.216.34/services/T/B/x', 'scheme_refused');
    await refused('http://127.0.0.1/services/T/B/x', 'scheme_refused'); // not allow-listed on port 80
    await refused('https://127.0.0.1/services/T/B/x', 'address_refused');
    await refused('https://10.1.2.3/services/T/B/x', 'address_refused');
    await refused('https://169.254.169.254/services/T/B/x', 'address_refused');
    const email = {
      kind: 'email',
      name: 'Internal mail',
      smtp_host: '10.0.0.25',
      smtp_port: 587,
      smtp_security: 'starttls',
      from: 'console@example.com',
      to: ['ops@example.com'],
    };
    const mail = await h.request('POST', CHANNELS, { cookie: admin, body: email });
    expectError(mail, 422, 'channel_target_refused');
    expect(mail.json.error.message).toContain('10.0.0.25');
    const ok = await created(CHANNELS, {
      kind: 'slack',
      name: 'Local slack',
      url: 'http://127.0.0.1:9/services/x',
    });
    expect(ok.target).toBe('127.0.0.1:9');
    const publicMail = await created(CHANNELS, {
      ...email,
      name: 'Public mail',
      smtp_host: '93.184.216.34',
      smtp_password: 'pw-12345',
    });
    expect(publicMail).toMatchObject({
      target: '93.184.216.34:587 → ops@example.com',
      secrets_set: ['smtp_password'],
      email: { smtp_host: '93.184.216.34', smtp_user: null, to: ['ops@example.com'] },
    });
  });
});

describe('credentials at rest', () => {
  it('never answers them, and the stored row holds them only sealed', async () => {
    const channel = await created(CHANNELS, webhook('Sealed hook'));
    const list = await h.request('GET', CHANNELS, { cookie: admin });
    for (const res of [list, { text: JSON.stringify(channel) }]) {
      expect(res.text).not.toContain(SIGNING_KEY);
      expect(res.text).not.toContain(new URL(HOOK).pathname);
    }
    const { rows } = await h.stores.db.query<Record<string, unknown>>(
      'SELECT * FROM notify_channels WHERE id = $1',
      [channel.id],
    );
    const row = JSON.stringify(rows[0]);
    expect(row).not.toContain(SIGNING_KEY);
    expect(row).not.toContain(new URL(HOOK).pathname);
    expect(rows[0]!.sealed).toMatch(/^v1\./);
  });

  it('does not open them under another key (decrypt_failed); an update must then give them again', async () => {
    const channel = await created(CHANNELS, webhook('Rekeyed hook'));
    const other = new NotifyConfigService({
      store: h.stores.notifyConfig,
      audit: h.stores.audit,
      key: new Secret(randomBytes(32).toString('base64')),
      allowHosts: ['127.0.0.1:9'],
      upstream: h.upstream,
      now: h.now,
    });
    await expect(other.resolveChannel(channel.id)).rejects.toMatchObject({ code: 'decrypt_failed' });
    const ctx = { user: { name: 'alice' }, audit: {} };
    await expect(
      other.updateChannel(ctx, channel.id, { kind: 'webhook', name: 'Rekeyed hook' }),
    ).rejects.toMatchObject({
      status: 422,
      details: {
        issues: [expect.objectContaining({ path: 'url' }), expect.objectContaining({ path: 'signing_key' })],
      },
    });
    await other.updateChannel(ctx, channel.id, {
      kind: 'webhook',
      name: 'Rekeyed hook',
      url: HOOK,
      signing_key: SIGNING_KEY,
    });
    expect((await other.resolveChannel(channel.id))?.secrets.url).toBe(HOOK);
  });
});

describe('a channel in use, provisioned rows, no key', () => {
  it('refuses to delete a channel a rule names (409 channel_in_use)', async () => {
    const channel = await created(CHANNELS, webhook('Busy hook'));
    await created(RULES, rule('Busy rule', [channel.id]));
    const res = await h.request('DELETE', `${CHANNELS}/${channel.id}`, { cookie: admin });
    expectError(res, 409, 'channel_in_use');
    expect(res.json.error.details).toEqual({ rules: ['Busy rule'] });
  });

  it('refuses changes to provisioned rows (409 provisioned_read_only)', async () => {
    const channel = await created(CHANNELS, webhook('File hook'));
    const r = await created(RULES, rule('File rule', [channel.id]));
    await h.stores.db.query("UPDATE notify_channels SET source = 'file' WHERE id = $1", [channel.id]);
    await h.stores.db.query("UPDATE notify_rules SET source = 'file' WHERE id = $1", [r.id]);
    for (const [method, path, body] of [
      ['PUT', `${CHANNELS}/${channel.id}`, webhook('File hook 2')],
      ['DELETE', `${CHANNELS}/${channel.id}`, undefined],
      ['PUT', `${RULES}/${r.id}`, rule('File rule', [channel.id])],
      ['DELETE', `${RULES}/${r.id}`, undefined],
    ] as const) {
      expectError(await h.request(method, path, { cookie: admin, body }), 409, 'provisioned_read_only');
    }
  });
});

describe('an unwritable audit log', () => {
  it('refuses every change with 503 audit_unavailable and makes none; reads stay 200', async () => {
    const channel = await created(CHANNELS, webhook('Audit-down hook'));
    const r = await created(RULES, rule('Audit-down rule', [channel.id]));
    const allow = await refuseAuditInserts(h.stores.db);
    try {
      for (const [method, path, body] of [
        ['POST', CHANNELS, webhook('Never hook')],
        ['PUT', `${CHANNELS}/${channel.id}`, webhook('Renamed hook')],
        ['POST', RULES, rule('Never rule', [channel.id])],
        ['PUT', `${RULES}/${r.id}`, rule('Audit-down rule', [channel.id], { enabled: false })],
        ['DELETE', `${RULES}/${r.id}`, undefined],
      ] as const) {
        const res = await h.request(method, path, { cookie: admin, body });
        expectError(res, 503, 'audit_unavailable');
      }
      const channels = await h.request('GET', CHANNELS, { cookie: admin });
      expect(channels.status).toBe(200);
      const names = (channels.json.items as Array<{ name: string }>).map((c) => c.name);
      expect(names).toContain('Audit-down hook');
      expect(names).not.toContain('Never hook');
      const rules = (await h.request('GET', RULES, { cookie: admin })).json.items as Array<{
        name: string;
        enabled: boolean;
      }>;
      expect(rules.filter((x) => x.name.startsWith('Audit-down') || x.name === 'Never rule')).toEqual([
        expect.objectContaining({ name: 'Audit-down rule', enabled: true }),
      ]);
    } finally {
      await allow();
    }
  });
});

describe('testing a channel', () => {
  it('is audited with outcome ok and the send’s status, and shows on the audit page', async () => {
    const channel = await created(CHANNELS, webhook('Tested hook'));
    const res = await h.request('POST', `${CHANNELS}/${channel.id}/test`, { cookie: admin });
    expect(res.status, res.text).toBe(200);
    expect(res.json.delivery.status).toBe('failed'); // nothing listens on port 9
    const [row] = (await auditRows('notify.channel_test')).filter(
      (e) => e.details?.channel_id === channel.id,
    );
    expect(row).toMatchObject({ outcome: 'ok', details: { status: 'failed' } });
    const events = await h.stores.audit.events({ action: 'notify.channel_test' }, { limit: 50 });
    expect(events.events.map((e) => [e.id, e.outcome])).toContainEqual([row!.id, 'ok']);
  });
});

describe('PostgreSQL without NOTIFY_KEY', () => {
  let pg: Harness;
  beforeAll(async () => {
    const notify = { ...(await baseNotify()), allowHosts: ['127.0.0.1:9'], key: undefined };
    pg = await Harness.start({
      store: 'postgres',
      config: { databaseUrl: new Secret('postgres://unused'), notify },
    });
    await pg.user('alice', 'admin');
  }, 60_000);
  afterAll(() => pg?.close());

  it('answers 503 notify_key_missing to saving a channel; everything else works', async () => {
    const cookie = await pg.login('alice');
    expectError(
      await pg.request('POST', CHANNELS, { cookie, body: webhook('Hook') }),
      503,
      'notify_key_missing',
    );
    expect((await pg.request('GET', CHANNELS, { cookie })).json).toEqual({ items: [] });
    expect((await pg.request('GET', RULES, { cookie })).status).toBe(200);
  });
});
