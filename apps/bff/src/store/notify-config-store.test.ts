/**
 * Rules and channels in the store (migration 8) on both backends: names unique whatever their case, a rule
 * only over channels that exist, a channel a rule names cannot be deleted (also when the rule is being saved
 * at the same moment), health read from the delivery log; each write and its audit row commit together or
 * not at all.
 */
import { expect, it } from 'vitest';
import { openStores } from './index.js';
import { describeEachStore, refuseAuditInserts } from './testing.js';
import { ulid } from './ulid.js';
import {
  NotifyMissingChannelsError,
  NotifyNameTakenError,
  type AuditWrite,
  type NotifyChannelRow,
  type NotifyRuleRow,
} from './types.js';

const T = 1_800_000_000_000;
/** The rows are what most tests here look at; the audit rows have their own test below. */
const unaudited: AuditWrite = () => Promise.resolve();
const channel = (name: string): NotifyChannelRow => ({
  id: ulid(T),
  kind: 'slack',
  name,
  target: 'hooks.slack.com',
  settings: { secrets_set: ['url'] },
  sealed: 'v1.box',
  source: 'console',
  created_at: T,
  updated_at: T,
  updated_by: 'alice',
});
const rule = (name: string, channels: string[]): NotifyRuleRow => ({
  id: ulid(T),
  name,
  enabled: true,
  settings: {
    accounts: '*',
    versions: 'current',
    lead_days: [7],
    on_expiry: true,
    channels,
    language: 'en',
    time_zone: 'UTC',
  },
  source: 'console',
  created_at: T,
  updated_at: T,
  updated_by: 'alice',
});

describeEachStore('notify config store', (stores, kind) => {
  const store = () => stores().notifyConfig;

  it('keeps names unique case-insensitively, for rules and for channels', async () => {
    const c = channel('Ops Slack');
    await store().saveChannel(c, 'insert', unaudited);
    await expect(store().saveChannel(channel('ops slack'), 'insert', unaudited)).rejects.toBeInstanceOf(
      NotifyNameTakenError,
    );
    const r = rule('Prod', [c.id]);
    await store().saveRule(r, 'insert', unaudited);
    await expect(store().saveRule(rule('PROD', [c.id]), 'insert', unaudited)).rejects.toBeInstanceOf(
      NotifyNameTakenError,
    );
    const other = channel('Other');
    await store().saveChannel(other, 'insert', unaudited);
    await expect(
      store().saveChannel({ ...other, name: 'OPS SLACK' }, 'update', unaudited),
    ).rejects.toBeInstanceOf(NotifyNameTakenError);
    expect((await store().rule(r.id))?.settings.channels).toEqual([c.id]);
  });

  it('refuses a rule over a channel that does not exist, writing nothing', async () => {
    const ghost = ulid(T);
    const r = rule('Ghostly', [ghost]);
    const error = await store()
      .saveRule(r, 'insert', unaudited)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotifyMissingChannelsError);
    expect((error as NotifyMissingChannelsError).ids).toEqual([ghost]);
    expect(await store().rule(r.id)).toBeUndefined();
  });

  it('refuses to delete a channel a rule names, and deletes it once no rule does', async () => {
    const c = channel('In use');
    await store().saveChannel(c, 'insert', unaudited);
    const r = rule('Uses it', [c.id]);
    await store().saveRule(r, 'insert', unaudited);
    expect(await store().deleteChannel(c.id, unaudited)).toEqual({ deleted: false, usedBy: ['Uses it'] });
    expect(await store().deleteRule(r.id, unaudited)).toBe(true);
    expect(await store().deleteChannel(c.id, unaudited)).toEqual({ deleted: true, usedBy: [] });
    expect(await store().deleteChannel(c.id, unaudited)).toEqual({ deleted: false, usedBy: [] });
  });

  it('writes each change with its audit row in one transaction: when the row is refused, nothing changes', async () => {
    const { db, audit } = stores();
    const head = async () =>
      (await db.query<{ seq: number }>('SELECT seq FROM audit_head WHERE id = 1')).rows[0]!.seq;
    let calls = 0;
    const write =
      (action: 'notify.channel_create' | 'notify.rule_update', name: string): AuditWrite =>
      (tx) => {
        calls++;
        return audit.appendIn(tx, { action, outcome: 'ok', actor: { name: 'alice' }, details: { name } });
      };
    const c = channel('Audited');
    const r = rule('Audited rule', [c.id]);
    const start = await head();
    let allow = await refuseAuditInserts(db);
    try {
      await expect(store().saveChannel(c, 'insert', write('notify.channel_create', c.name))).rejects.toThrow(
        /refuses writes/,
      );
      expect(await store().channel(c.id)).toBeUndefined();
      await allow();
      await store().saveChannel(c, 'insert', write('notify.channel_create', c.name));
      expect(await head()).toBe(start + 1);
      const [row] = (await audit.list({ action: 'notify.channel_create' }, { limit: 1 })).entries;
      expect(row).toMatchObject({ seq: start + 1, actor: { name: 'alice' }, details: { name: 'Audited' } });
      await store().saveRule(r, 'insert', unaudited);
      const spare = channel('Audited spare');
      await store().saveChannel(spare, 'insert', unaudited);

      allow = await refuseAuditInserts(db);
      const refused = [
        () => store().saveChannel({ ...c, name: 'Renamed' }, 'update', write('notify.channel_create', 'x')),
        () => store().deleteChannel(spare.id, write('notify.channel_create', 'x')),
        () => store().saveRule(rule('Other rule', [c.id]), 'insert', write('notify.rule_update', 'x')),
        () => store().saveRule({ ...r, enabled: false }, 'update', write('notify.rule_update', 'x')),
        () => store().deleteRule(r.id, write('notify.rule_update', 'x')),
      ];
      for (const attempt of refused) await expect(attempt()).rejects.toThrow(/refuses writes/);
      expect(await store().channel(c.id)).toMatchObject({ name: 'Audited' });
      expect(await store().channel(spare.id)).toBeDefined();
      expect(await store().rule(r.id)).toMatchObject({ enabled: true });
      expect((await store().rules()).map((x) => x.name)).not.toContain('Other rule');
      expect(await head()).toBe(start + 1);
    } finally {
      await allow();
    }
    calls = 0; // a write that changes nothing writes no audit row
    expect(await store().deleteRule(ulid(T), write('notify.rule_update', 'x'))).toBe(false);
    expect(await store().deleteChannel(ulid(T), write('notify.rule_update', 'x'))).toEqual({
      deleted: false,
      usedBy: [],
    });
    expect(await store().deleteChannel(c.id, write('notify.rule_update', 'x'))).toEqual({
      deleted: false,
      usedBy: ['Audited rule'],
    });
    expect(calls).toBe(0);
    expect(await audit.verify()).toMatchObject({ intact: true });
  });

  it('reads health from the newest deliveries', async () => {
    const ok = channel('Healthy');
    const bad = channel('Broken');
    const retry = channel('Retrying');
    const quiet = channel('Quiet');
    for (const c of [ok, bad, retry, quiet]) await store().saveChannel(c, 'insert', unaudited);
    const add = (
      c: NotifyChannelRow,
      id: string,
      at: number,
      status: string,
      sentAt: number | null,
      err?: string,
    ) =>
      stores().db.query(
        `INSERT INTO notify_deliveries (id, kind, channel_id, channel_name, channel_kind, language, time_zone,
           status, attempts, created_at, last_attempt_at, sent_at, error_code, error_message)
         VALUES ($1, 'digest', $2, $3, 'slack', 'en', 'UTC', $4, 1, $5, $5, $6, $7, $8)`,
        [id, c.id, c.name, status, at, sentAt, err ?? null, err ? 'the receiver said no' : null],
      );
    await add(ok, 'd1', T, 'failed', null, 'receiver_status');
    await add(ok, 'd2', T + 1, 'sent', T + 1);
    await add(bad, 'd3', T, 'sent', T);
    await add(bad, 'd4', T + 1, 'failed', null, 'timeout');
    await add(retry, 'd5', T, 'sent', T);
    await add(retry, 'd6', T + 1, 'retrying', null, 'connect_failed');
    const byName = new Map((await store().channels()).map((c) => [c.name, c.health]));
    expect(byName.get('Healthy')).toEqual({
      last_status: 'sent',
      last_attempt_at: T + 1,
      last_sent_at: T + 1,
      last_error: null,
      failing: false,
    });
    expect(byName.get('Broken')).toMatchObject({
      last_status: 'failed',
      last_sent_at: T,
      last_error: { code: 'timeout', message: 'the receiver said no' },
      failing: true,
    });
    expect(byName.get('Retrying')).toMatchObject({ last_status: 'retrying', failing: true });
    expect(byName.get('Quiet')).toEqual({
      last_status: null,
      last_attempt_at: null,
      last_sent_at: null,
      last_error: null,
      failing: false,
    });
  });

  it.runIf(kind === 'postgres')(
    'does not let a rule saved concurrently slip past a channel delete',
    async () => {
      const c = channel('Raced');
      await store().saveChannel(c, 'insert', unaudited);
      // A second connection pool on the same schema: the rule's transaction holds its lock while the delete runs.
      const { db } = stores();
      const schema = (await db.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
      const other = await openStores({
        databaseUrl: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
        schema,
      });
      try {
        let deleting: Promise<{ deleted: boolean; usedBy: string[] }> | undefined;
        await store().transaction(async (tx) => {
          await tx.saveRule(rule('Racer', [c.id]), 'insert', unaudited);
          deleting = other.notifyConfig.deleteChannel(c.id, unaudited);
          await new Promise((r) => setTimeout(r, 300)); // the delete waits on the channel's lock meanwhile
        });
        expect(await deleting).toEqual({ deleted: false, usedBy: ['Racer'] });
        expect(await store().channel(c.id)).toBeDefined();
      } finally {
        await other.close();
      }
    },
  );
});
