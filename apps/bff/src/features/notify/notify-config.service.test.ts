/**
 * Fail closed (docs/security.md U2) for rules and channels, on both stores: every change (console or
 * provisioning) is written with its audit row in one transaction, so when the audit log refuses the row the
 * change is not made and the answer is 503 audit_unavailable; a change that goes through has exactly one row.
 */
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import type { AuditEntry } from '@csms-console/api-contract';
import { Secret } from '../../config/secret.js';
import { AppError } from '../../errors.js';
import { createMetrics } from '../../metrics.js';
import { describeEachStore, refuseAuditInserts } from '../../store/testing.js';
import type { Stores } from '../../store/types.js';
import { NotifyConfigService, type NotifyWriteContext } from './notify-config.service.js';
import { provision, ProvisionError } from './provision.js';

const HOOK = 'http://127.0.0.1:9/hooks/audited';
const ctx: NotifyWriteContext = {
  user: { name: 'alice' },
  audit: { actor: { id: 'u1', name: 'alice', role: 'admin', auth_method: 'password' }, request_id: 'r1' },
};
const webhook = (name: string) =>
  ({ kind: 'webhook', name, url: HOOK, signing_key: 'sk-audited-0123456789' }) as const;
const rule = (name: string, channels: string[], enabled = true) => ({
  name,
  enabled,
  accounts: '*' as const,
  versions: 'current' as const,
  lead_days: [7],
  on_expiry: true,
  channels,
  language: 'en' as const,
  time_zone: 'UTC',
});

function serviceOn(stores: Stores) {
  const metrics = createMetrics();
  const service = new NotifyConfigService({
    store: stores.notifyConfig,
    audit: stores.audit,
    key: new Secret(randomBytes(32).toString('base64')),
    allowHosts: ['127.0.0.1:9'],
    upstream: { assertAccount: () => undefined },
    now: () => 1_800_000_000_000,
    metrics,
  });
  return { service, metrics };
}

async function refusedWith503(attempt: Promise<unknown>) {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject({ status: 503, code: 'audit_unavailable' });
}

describeEachStore('rules and channels fail closed on the audit log', (getStores) => {
  const head = async () =>
    (await getStores().db.query<{ seq: number }>('SELECT seq FROM audit_head WHERE id = 1')).rows[0]!.seq;
  const newRows = async (after: number): Promise<AuditEntry[]> =>
    (await getStores().audit.list({}, { limit: 100 })).entries.filter((e) => e.seq > after).reverse();

  it('makes no change the audit log refuses (503 audit_unavailable); one row for each change made', async () => {
    const { db, notifyConfig: store } = getStores();
    const { service, metrics } = serviceOn(getStores());
    const start = await head();
    let allow = await refuseAuditInserts(db);
    try {
      await refusedWith503(service.createChannel(ctx, webhook('Fail-closed hook')));
      await refusedWith503(service.createRule(ctx, rule('Fail-closed rule', [])));
      expect((await store.channels()).map((c) => c.name)).not.toContain('Fail-closed hook');
      expect((await store.rules()).map((r) => r.name)).not.toContain('Fail-closed rule');
      await allow();

      const channel = await service.createChannel(ctx, webhook('Fail-closed hook'));
      const r = await service.createRule(ctx, rule('Fail-closed rule', [channel.id]));
      const spare = await service.createChannel(ctx, webhook('Fail-closed spare'));
      const made = await head();
      expect(made).toBe(start + 3);

      allow = await refuseAuditInserts(db);
      await refusedWith503(service.updateChannel(ctx, channel.id, { ...webhook('Renamed hook') }));
      await refusedWith503(service.deleteChannel(ctx, spare.id));
      await refusedWith503(service.updateRule(ctx, r.id, rule('Fail-closed rule', [channel.id], false)));
      await refusedWith503(service.deleteRule(ctx, r.id));
      await allow();
      expect(await store.channel(channel.id)).toMatchObject({ name: 'Fail-closed hook' });
      expect(await store.channel(spare.id)).toBeDefined();
      expect(await store.rule(r.id)).toMatchObject({ enabled: true });
      expect(await head()).toBe(made);
      expect(await metrics.auditWriteFailures.get()).toMatchObject({ values: [{ value: 6 }] });

      await service.updateChannel(ctx, channel.id, { kind: 'webhook', name: 'Renamed hook' });
      await service.updateRule(ctx, r.id, rule('Fail-closed rule', [channel.id], false));
      await service.deleteRule(ctx, r.id);
      await service.deleteChannel(ctx, spare.id);
      const rows = await newRows(start);
      expect(rows.map((e) => [e.action, e.outcome, e.actor.name, e.request_id, e.details])).toEqual([
        ['notify.channel_create', 'ok', 'alice', 'r1', expect.objectContaining({ channel_id: channel.id })],
        ['notify.rule_create', 'ok', 'alice', 'r1', { rule_id: r.id, name: 'Fail-closed rule' }],
        ['notify.channel_create', 'ok', 'alice', 'r1', expect.objectContaining({ channel_id: spare.id })],
        [
          'notify.channel_update',
          'ok',
          'alice',
          'r1',
          {
            channel_id: channel.id,
            name: 'Renamed hook',
            kind: 'webhook',
            target: '127.0.0.1:9',
            changed: ['name'],
            secrets_changed: [],
          },
        ],
        [
          'notify.rule_update',
          'ok',
          'alice',
          'r1',
          { rule_id: r.id, name: 'Fail-closed rule', changed: ['enabled'] },
        ],
        ['notify.rule_delete', 'ok', 'alice', 'r1', { rule_id: r.id, name: 'Fail-closed rule' }],
        [
          'notify.channel_delete',
          'ok',
          'alice',
          'r1',
          { channel_id: spare.id, name: 'Fail-closed spare', kind: 'webhook' },
        ],
      ]);
      expect(rows[0]!.details).toEqual({
        channel_id: channel.id,
        name: 'Fail-closed hook',
        kind: 'webhook',
        target: '127.0.0.1:9',
        secrets_set: ['url', 'signing_key'],
      });
      expect(await getStores().audit.verify()).toMatchObject({ intact: true });
    } finally {
      await allow();
    }
  });

  it('provisions nothing when the audit log refuses its row, and one row when it does not', async () => {
    const { db, notifyConfig: store } = getStores();
    const { service } = serviceOn(getStores());
    const file = JSON.stringify({
      channels: [{ name: 'Provisioned hook', kind: 'webhook', url_env: 'URL', signing_key_env: 'KEY' }],
      rules: [{ ...rule('Provisioned rule', []), channels: ['Provisioned hook'] }],
    });
    const run = () =>
      provision(service, store, {
        file: 'provision.json',
        readFile: () => file,
        env: { URL: HOOK, KEY: 'sk-provisioned-0123456789' },
      });
    const start = await head();
    const allow = await refuseAuditInserts(db);
    try {
      const error = await run().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProvisionError);
      expect((error as Error).message).toBe('the audit log cannot be written, so nothing was provisioned');
    } finally {
      await allow();
    }
    const names = async () => [
      ...(await store.channels()).map((c) => c.name),
      ...(await store.rules()).map((r) => r.name),
    ];
    expect(await names()).not.toEqual(expect.arrayContaining(['Provisioned hook']));
    expect(await names()).not.toEqual(expect.arrayContaining(['Provisioned rule']));
    expect(await head()).toBe(start);

    const applied = await run();
    expect(await names()).toEqual(expect.arrayContaining(['Provisioned hook', 'Provisioned rule']));
    const rows = await newRows(start);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'notify.provision',
      outcome: 'ok',
      actor: { name: 'provisioning' },
      details: { ...applied },
    });
  });
});
