import type { AuditEntry } from '@csms-console/api-contract';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from './testing.js';
import type { NewAuditEntry } from './types.js';

const T0 = 1_700_000_000_000;

/** 30 rows over 3 accounts, 2 actors, 2 secrets; at = T0 + seq. */
const fixture = (i: number): NewAuditEntry => ({
  action: i % 5 === 0 ? 'auth.login' : 'version.update',
  outcome: i % 5 === 0 ? 'ok' : i % 2 === 0 ? 'intent' : 'success',
  at: T0 + i,
  actor: { id: `id-${i % 2}`, name: i % 2 === 0 ? 'ann' : 'bob', role: 'admin', auth_method: 'password' },
  target: { account: `acc-${i % 3}`, secret: i % 4 === 0 ? 'db' : 'api', version: `v${i % 2}` },
});

describeEachStore('audit store', (getStores) => {
  const audit = () => getStores().audit;
  const all: AuditEntry[] = [];

  beforeAll(async () => {
    for (let i = 1; i <= 30; i++) all.push(await audit().append(fixture(i)));
  });

  it('stores every field and returns what it stored', async () => {
    const entry = await audit().append({
      action: 'version.update',
      outcome: 'failure',
      at: T0 + 100,
      actor: { id: 'u', name: 'zed', role: 'support', auth_method: 'password' },
      session_hash: 's'.repeat(64),
      client_ip: '203.0.113.9',
      user_agent: 'Mozilla/5.0',
      target: { account: 'solo', project_id: 'p1', secret: 'db', version: 'v9' },
      before: { expire_time: 1 },
      after: { expire_time: 2 },
      reason: 'ticket 42\n{"fake":1}',
      intent_id: all[1]!.id,
      csms_request_id: 'csms-req',
      csms_error_code: 'CSMS.0001',
      request_id: 'bff-req',
      details: { attempt: 2 },
    });
    expect(entry.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    const listed = await audit().list({ account: 'solo' }, { limit: 10 });
    expect(listed).toEqual({ entries: [entry], next_cursor: null });
  });

  it('fills absent fields with null and `at` from the clock', async () => {
    const entry = await audit().append({ action: 'audit.view', outcome: 'ok' });
    expect(entry.actor).toEqual({ id: null, name: null, role: null, auth_method: null });
    expect(entry.target).toEqual({ account: null, project_id: null, secret: null, version: null });
    expect(entry.before).toBeNull();
    expect(Math.abs(entry.at - Date.now())).toBeLessThan(60_000);
    await expect(audit().append({ action: 'audit.view', outcome: 'ok', at: 1.5 })).rejects.toThrow(
      RangeError,
    );
  });

  it('round-trips jsonb (key order, unicode, nesting, odd numbers) and re-hashes identically', async () => {
    const details = {
      z: 1,
      a: { y: [3, 'é', { b: 2, a: 1 }], x: '😀 日本 \u2028' },
      '10': 'ten',
      '2': 'two',
      'quote"back\\slash': 'ctl\u0001\t',
      nums: [0.1 + 0.2, 1e21, -0, 5e-324, 123456789012345],
      empty: {},
      nil: null,
    };
    const entry = await audit().append({
      action: 'audit.export',
      outcome: 'ok',
      details,
      reason: 'nul\u0000here',
    });
    expect(entry.reason).toBe('nul\uFFFDhere');
    const [read] = (await audit().list({ action: 'audit.export' }, { limit: 1 })).entries;
    expect(read).toEqual(entry);
    expect(read!.details).toEqual(JSON.parse(JSON.stringify(details)));
    expect((await audit().verify()).intact).toBe(true);
  });

  it('lists newest first and pages with a cursor to the end', async () => {
    const seen: AuditEntry[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const result = await audit().list(
        { action: 'version.update' },
        { limit: 7, ...(cursor && { cursor }) },
      );
      seen.push(...result.entries);
      if (result.next_cursor === null) break;
      expect(result.next_cursor).toBe(String(result.entries.at(-1)!.seq));
      cursor = result.next_cursor;
    }
    const expected = all.filter((e) => e.action === 'version.update').reverse();
    expect(seen.filter((e) => e.actor.name !== 'zed').map((e) => e.seq)).toEqual(expected.map((e) => e.seq));
  });

  it.each([
    [{ account: 'acc-1' }, (e: AuditEntry) => e.target.account === 'acc-1'],
    [{ secret: 'db' }, (e: AuditEntry) => e.target.secret === 'db'],
    [{ version: 'v0' }, (e: AuditEntry) => e.target.version === 'v0'],
    [{ actor: 'bob' }, (e: AuditEntry) => e.actor.name === 'bob'],
    [{ action: 'auth.login' as const }, (e: AuditEntry) => e.action === 'auth.login'],
    [{ outcome: 'intent' as const }, (e: AuditEntry) => e.outcome === 'intent'],
    [{ from: T0 + 10, to: T0 + 20 }, (e: AuditEntry) => e.at >= T0 + 10 && e.at < T0 + 20],
    [
      { account: 'acc-2', actor: 'ann', outcome: 'intent' as const },
      (e: AuditEntry) => e.target.account === 'acc-2' && e.actor.name === 'ann' && e.outcome === 'intent',
    ],
  ])('filters by %o', async (filter, match) => {
    const { entries, next_cursor } = await audit().list({ to: T0 + 31, ...filter }, { limit: 200 });
    expect(next_cursor).toBeNull();
    const expected = all.filter(match).reverse();
    expect(expected.length).toBeGreaterThan(0);
    expect(entries.map((e) => e.seq)).toEqual(expected.map((e) => e.seq));
  });

  it('treats filter values as data, not SQL', async () => {
    const { entries } = await audit().list({ actor: "ann' OR '1'='1" }, { limit: 10 });
    expect(entries).toEqual([]);
  });

  it('rejects a bad limit or cursor', async () => {
    await expect(audit().list({}, { limit: 0 })).rejects.toThrow(RangeError);
    await expect(audit().list({}, { limit: 10, cursor: '1; DROP' })).rejects.toThrow(RangeError);
  });

  it('iterates oldest first across batches', async () => {
    for (let i = 0; i < 520; i++)
      await audit().append({ action: 'audit.view', outcome: 'ok', at: T0 + 1000 + i });
    const seqs: number[] = [];
    for await (const e of audit().iterate({ action: 'audit.view', from: T0 + 1000, to: T0 + 1520 }))
      seqs.push(e.seq);
    expect(seqs).toHaveLength(520);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const intents: string[] = [];
    for await (const e of audit().iterate({ outcome: 'intent', to: T0 + 31 })) intents.push(e.id);
    expect(intents).toEqual(all.filter((e) => e.outcome === 'intent').map((e) => e.id));
  }, 30_000);

  it('finds version.update intents older than a time with no outcome row', async () => {
    const old = await audit().append({ action: 'version.update', outcome: 'intent', at: 50 });
    const answered = await audit().append({ action: 'version.update', outcome: 'intent', at: 60 });
    await audit().append({ action: 'version.update', outcome: 'success', at: 70, intent_id: answered.id });
    const recent = await audit().append({ action: 'version.update', outcome: 'intent', at: 500 });
    await audit().append({ action: 'auth.login', outcome: 'intent', at: 80 });
    expect((await audit().pendingIntents(100)).map((e) => e.id)).toEqual([old.id]);
    expect((await audit().pendingIntents(501)).map((e) => e.id)).toContain(recent.id);
  });
});

describeEachStore('audit store: appendIn, inside the caller’s transaction', (getStores) => {
  const entry = (name: string): NewAuditEntry => ({
    action: 'notify.rule_create',
    outcome: 'ok',
    actor: { name: 'ann' },
    details: { name },
  });

  it('rolls back with the caller’s transaction, and commits into the one chain', async () => {
    const { db, audit } = getStores();
    await audit.append(entry('before'));
    const head = async () =>
      (await db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1'))
        .rows[0]!;
    const start = await head();
    await expect(
      db.transaction(async (tx) => {
        await audit.appendIn(tx, entry('given up'));
        throw new Error('the caller gives up');
      }),
    ).rejects.toThrow('the caller gives up');
    expect(await head()).toEqual(start);

    const inside = await db.transaction((tx) => audit.appendIn(tx, entry('kept')));
    expect(inside).toMatchObject({ seq: start.seq + 1, prev_hash: start.hash, details: { name: 'kept' } });
    const after = await audit.append(entry('after'));
    expect(after).toMatchObject({ seq: start.seq + 2, prev_hash: inside.hash });
    const names = (await audit.list({ action: 'notify.rule_create' }, { limit: 10 })).entries.map(
      (e) => e.details?.name,
    );
    expect(names).toEqual(['after', 'kept', 'before']);
    expect(await audit.verify()).toMatchObject({ intact: true });
  });

  it('refuses a bad `at` as append does', async () => {
    const { db, audit } = getStores();
    await expect(
      db.transaction((tx) => audit.appendIn(tx, { ...entry('bad'), at: -1 })),
    ).rejects.toBeInstanceOf(RangeError);
  });
});
