/**
 * Bulk extend over HTTP against the emulator (issue 11 item 2; docs/security.md B1-B3): a batch of 200 under
 * injected 502s with one conflict ends with every item applied or reported and audited once, and CSMS holds
 * exactly what the batch says; a retry of the failed items is one action; a dry run writes nothing; every
 * bad input is a 4xx in the one error shape and reaches no CSMS; who may read a batch; the write limit
 * counts each item.
 */
import { CsmsClient } from '@csms-console/csms-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BATCH_AUDIT_SQL,
  enabledVersions,
  heldNow,
  untilDone,
  type BatchAuditRow,
  type HeldVersion,
} from './batch-support.js';
import { expectError } from './checks.js';
import { Harness } from './harness.js';

const DAY = 86_400_000;
const BATCHES = '/api/accounts/demo/expiry-batches';
let h: Harness;
let client: CsmsClient;
let admin: string;
let support: string;
let auditor: string;
let versions: HeldVersion[];

const sameSecond = (a: number | null | undefined, b: number | null | undefined) =>
  a == null || b == null ? a === b : Math.floor(a / 1000) === Math.floor(b / 1000);

beforeAll(async () => {
  h = await Harness.start();
  client = new CsmsClient({
    endpoint: h.emulator.url,
    projectId: h.emulator.projectId,
    credentials: { type: 'aksk', ...h.emulator.credentials },
  });
  await h.user('alice', 'admin');
  await h.user('sam', 'support');
  await h.user('sue', 'support');
  await h.user('ada', 'auditor');
  [admin, support, auditor] = await Promise.all([h.login('alice'), h.login('sam'), h.login('ada')]);
  versions = await enabledVersions(client);
}, 60_000);
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.faults.clear();
  h.emulator.requestLog.clear();
});

const get = (id: string, cookie = admin) => h.request('GET', `${BATCHES}/${id}`, { cookie });
const auditRows = async (batchId: string) =>
  (await h.stores.db.query<BatchAuditRow>(BATCH_AUDIT_SQL, [batchId])).rows;

describe('a batch of 200 with 502s and one conflict', () => {
  let first: string;
  let conflict: HeldVersion;
  let items: Array<{
    secret: string;
    version: string;
    expire_time: number;
    expected_expire_time: number | null;
  }>;

  it('ends with every item applied or reported, each audited once, and CSMS holding what it says', async () => {
    expect(versions.length).toBeGreaterThanOrEqual(200);
    const chosen = versions.slice(0, 200);
    const base = Math.floor((h.now() + 60 * DAY) / 1000) * 1000;
    items = chosen.map((v, k) => ({
      secret: v.secret,
      version: v.version,
      expire_time: base + k * 60_000,
      expected_expire_time: v.expire_time,
    }));
    // A version changed underneath, after the editor loaded it.
    conflict = chosen[7]!;
    await client.updateVersion(conflict.secret, conflict.version, base - DAY);
    h.emulator.requestLog.clear();
    // 502s on UpdateVersion (before CSMS handles it: not applied); the client's retries absorb some.
    h.emulator.faults.add({ type: 'error', operation: 'UpdateVersion', status: 502, times: 40 });

    const res = await h.request('POST', BATCHES, { cookie: admin, body: { reason: 'quarterly', items } });
    expect(res.status, res.text).toBe(202);
    first = res.json.id as string;
    const batch = await untilDone(() => get(first));
    expect(batch).toMatchObject({ id: first, state: 'done', total: 200, done: 200 });

    const statuses = batch.items.map((i) => i.status);
    expect(statuses.filter((s) => s === 'pending')).toEqual([]);
    expect(batch.items[7]).toMatchObject({ status: 'conflict', code: 'expire_time_changed' });
    expect(sameSecond(batch.items[7]!.current_expire_time, base - DAY)).toBe(true);
    const failed = batch.items.filter((i) => i.status === 'failed');
    const applied = batch.items.filter((i) => i.status === 'applied');
    expect(failed.length).toBeGreaterThan(0); // the faults outlasted some items' retries
    expect(applied.length + failed.length).toBe(199);
    for (const f of failed) expect(f.code).toMatch(/^upstream_/);

    // CSMS holds the new value for every applied item, the old one for every other.
    const held = await heldNow(client, items);
    for (const [k, item] of batch.items.entries()) {
      const now = held.get(`${item.secret}/${item.version}`);
      if (item.status === 'applied') {
        expect(sameSecond(now, items[k]!.expire_time), `${item.secret}/${item.version}`).toBe(true);
        expect(sameSecond(item.expire_time, items[k]!.expire_time)).toBe(true);
        expect(item.csms_request_id).toBeTruthy();
      } else if (k === 7) {
        expect(sameSecond(now, base - DAY)).toBe(true);
      } else {
        expect(sameSecond(now, items[k]!.expected_expire_time)).toBe(true);
      }
    }
    // One PUT per applied item plus the retried attempts; none for the conflict.
    const puts = h.emulatorCalls('UpdateVersion');
    expect(puts.some((p) => p.path.includes(`/${conflict.secret}/versions/${conflict.version}`))).toBe(false);

    // SQL on audit_log: one intent and exactly one outcome per applied or failed item, all with the batch id.
    const rows = await auditRows(first);
    expect(rows).toHaveLength(199);
    expect(new Set(rows.map((r) => r.item)).size).toBe(199);
    for (const r of rows) {
      const item = batch.items[r.item]!;
      expect([r.secret, r.version]).toEqual([item.secret, item.version]);
      expect(r.outcomes).toEqual([item.status === 'applied' ? 'success' : 'failure']);
      expect(r.outcome_has_batch).toBe(true);
    }
    const chain = await h.request('GET', '/api/audit/verify', { cookie: admin });
    expect(chain.json).toMatchObject({ intact: true });
  }, 120_000);

  it('retries the failed and conflicting items as one action, conflicts against the value CSMS held', async () => {
    const before = await untilDone(() => get(first));
    const toRetry = before.items.filter((i) => i.status === 'failed' || i.status === 'conflict');
    const res = await h.request('POST', `${BATCHES}/${first}/retry`, { cookie: admin, body: {} });
    expect(res.status, res.text).toBe(202);
    const retry = await untilDone(() => get(res.json.id as string));
    expect(retry.total).toBe(toRetry.length);
    expect(retry.items.map((i) => [i.secret, i.version])).toEqual(toRetry.map((i) => [i.secret, i.version]));
    expect(retry.items.map((i) => i.status)).toEqual(toRetry.map(() => 'applied'));
    const held = await heldNow(client, items);
    for (const [k, item] of items.entries()) {
      expect(sameSecond(held.get(`${item.secret}/${item.version}`), item.expire_time), `item ${k}`).toBe(
        true,
      );
    }
    expect((await auditRows(res.json.id as string)).map((r) => r.outcomes)).toEqual(
      toRetry.map(() => ['success']),
    );
    // Nothing left to retry.
    expectError(
      await h.request('POST', `${BATCHES}/${res.json.id as string}/retry`, { cookie: admin, body: {} }),
      409,
      'batch_nothing_to_retry',
    );
  }, 60_000);

  it('is readable by its creator, admins and auditors; to another support user it does not exist', async () => {
    const target = versions.find((v) => v.expire_time !== null && v.expire_time < h.now())!;
    const res = await h.request('POST', BATCHES, {
      cookie: support,
      body: { reason: 'CHG-1', items: [{ secret: target.secret, version: target.version, expire_time: h.now() + 30 * DAY, expected_expire_time: 1 }] },
    }); // prettier-ignore
    expect(res.status, res.text).toBe(202);
    const id = res.json.id as string;
    for (const cookie of [support, admin, auditor]) expect((await get(id, cookie)).status).toBe(200);
    const other = await h.login('sue');
    expectError(await get(id, other), 404, 'batch_not_found');
    expectError(await h.request('POST', `${BATCHES}/${id}/retry`, { cookie: other, body: {} }), 404, 'batch_not_found');
    expectError(await h.request('GET', `/api/accounts/nope/expiry-batches/${id}`, { cookie: admin }), 404, 'account_not_found');
  }); // prettier-ignore
});

describe('per-item refusals are results, not a failed batch', () => {
  it('refuses what the role or state refuses, and a live version pulled under 7 days (no confirmation in a batch)', async () => {
    const versions = await enabledVersions(client); // as CSMS holds them now, after the batches above
    const live = versions.find((v) => v.stages.includes('SYSCURRENT') && (v.expire_time === null || v.expire_time > h.now() + 30 * DAY))!;
    const later = versions.find((v) => v.expire_time !== null && v.expire_time > h.now() + 30 * DAY && v !== live)!;
    const items = [
      { secret: live.secret, version: live.version, expire_time: h.now() + 3 * DAY, expected_expire_time: live.expire_time },
      { secret: later.secret, version: 'v999', expire_time: h.now() + 40 * DAY, expected_expire_time: null },
    ];
    const res = await h.request('POST', BATCHES, { cookie: admin, body: { reason: 'CHG-1', items } });
    expect(res.status).toBe(202);
    const batch = await untilDone(() => get(res.json.id as string));
    expect(batch.items).toMatchObject([
      { status: 'refused', code: 'confirmation_required' },
      { status: 'refused', code: 'version_not_found' },
    ]);
    // Support may only extend versions expired or expiring within 7 days.
    const sup = await h.request('POST', BATCHES, {
      cookie: support,
      body: { reason: 'CHG-1', items: [{ secret: later.secret, version: later.version, expire_time: h.now() + 80 * DAY, expected_expire_time: later.expire_time }] },
    });
    const supBatch = await untilDone(() => get(sup.json.id as string, support));
    expect(supBatch.items[0]).toMatchObject({ status: 'refused', code: 'version_not_eligible' });
    expect(h.emulatorCalls('UpdateVersion')).toEqual([]);
    expect(await auditRows(res.json.id as string)).toEqual([]);
    expect(await auditRows(sup.json.id as string)).toEqual([]);
  }); // prettier-ignore
});

describe('?dry_run=1', () => {
  it('answers what each item would do from fresh reads, and writes nothing', async () => {
    const [a, b] = versions.filter((v) => v.expire_time !== null && v.expire_time > h.now() + 10 * DAY);
    const held = await heldNow(client, [a!, b!]);
    const count = async () =>
      (await h.stores.db.query<{ a: number; b: number }>(
        'SELECT (SELECT count(*)::int FROM audit_log) AS a, (SELECT count(*)::int FROM expiry_batches) AS b',
      )).rows[0];
    const before = await count();
    h.emulator.requestLog.clear();
    const items = [
      { secret: a!.secret, version: a!.version, expire_time: h.now() + 100 * DAY, expected_expire_time: held.get(`${a!.secret}/${a!.version}`)! },
      { secret: b!.secret, version: b!.version, expire_time: h.now() + 100 * DAY, expected_expire_time: 1 },
    ];
    const res = await h.request('POST', `${BATCHES}?dry_run=1`, { cookie: admin, body: { items } });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({
      dry_run: true,
      total: 2,
      items: [{ status: 'would_apply' }, { status: 'conflict', code: 'expire_time_changed' }],
    });
    const sup = await h.request('POST', `${BATCHES}?dry_run=1`, { cookie: support, body: { items: items.slice(0, 1) } });
    expect(sup.json.items[0]).toMatchObject({ status: 'refused', code: 'expiry_out_of_bounds' }); // > 90 days
    expect(h.emulatorCalls('UpdateVersion')).toEqual([]);
    expect(await count()).toEqual(before);
    expect(new Set(h.emulatorCalls().map((c) => c.operation))).toEqual(new Set(['ShowSecret', 'ListSecretVersions']));
  }); // prettier-ignore
});

describe('bad input: a 4xx in the one error shape, nothing reaches CSMS', () => {
  const item = (k: number) => ({
    secret: 'payments-db-password',
    version: `v${k}`,
    expire_time: Date.now() + 30 * DAY,
    expected_expire_time: null,
  });
  const cases: Array<[string, () => { path?: string; body: unknown; cookie?: () => string }, number, string]> = [
    ['501 items', () => ({ body: { items: Array.from({ length: 501 }, (_, k) => item(k + 1)) } }), 400, 'invalid_input'],
    ['zero items', () => ({ body: { items: [] } }), 400, 'invalid_input'],
    ['no items', () => ({ body: { reason: 'x' } }), 400, 'invalid_input'],
    ['a duplicate item', () => ({ body: { items: [item(1), item(2), item(1)] } }), 400, 'invalid_input'],
    ['a malformed version', () => ({ body: { items: [{ ...item(1), version: 'latest' }] } }), 400, 'invalid_input'],
    ['a missing expected_expire_time', () => ({ body: { items: [{ secret: 'a', version: 'v1', expire_time: Date.now() + DAY }] } }), 400, 'invalid_input'],
    ['an unknown field', () => ({ body: { items: [{ ...item(1), confirm: 'payments-db-password' }] } }), 400, 'invalid_input'],
    ['a string expire_time', () => ({ body: { items: [{ ...item(1), expire_time: '2030-01-01' }] } }), 400, 'invalid_input'],
    ['an unknown query key', () => ({ path: `${BATCHES}?dry_run=yes`, body: { items: [item(1)] } }), 400, 'invalid_input'],
    ['no reason', () => ({ body: { items: [item(1)] } }), 422, 'reason_required'],
    ['a blank reason', () => ({ body: { reason: ' \n ', items: [item(1)] } }), 422, 'reason_required'],
    ['an unknown account', () => ({ path: '/api/accounts/nope/expiry-batches', body: { items: [item(1)] } }), 404, 'account_not_found'],
    ['an auditor', () => ({ body: { items: [item(1)] }, cookie: () => auditor }), 403, 'forbidden'],
    ['an unknown batch id', () => ({ path: `${BATCHES}/01J0000000000000000000000Z/retry`, body: {} }), 404, 'batch_not_found'],
    ['a malformed batch id', () => ({ path: `${BATCHES}/not-an-id/retry`, body: {} }), 400, 'invalid_input'],
  ]; // prettier-ignore
  it.each(cases)('%s', async (_label, make, status, code) => {
    const { path, body, cookie } = make();
    const before = (await h.stores.db.query<{ n: number }>('SELECT count(*)::int AS n FROM expiry_batches'))
      .rows[0]!.n;
    const res = await h.request('POST', path ?? BATCHES, { cookie: cookie?.() ?? admin, body });
    expectError(res, status, code);
    expect(h.emulatorCalls()).toEqual([]);
    const after = (await h.stores.db.query<{ n: number }>('SELECT count(*)::int AS n FROM expiry_batches'))
      .rows[0]!.n;
    expect(after).toBe(before);
  });

  it('GET of an unknown batch id is 404', async () => {
    expectError(await get('01J0000000000000000000000Z'), 404, 'batch_not_found');
  });
});

describe('the per-session batch-item limit counts a batch one per item, apart from single writes', () => {
  let limited: Harness;
  afterAll(() => limited?.close());

  it('refuses a batch larger than what is left of the minute, and counts an accepted one in full', async () => {
    limited = await Harness.start({
      config: { limits: { readsPerMin: 1000, writesPerMin: 3, batchItemsPerMin: 10, anonPerMin: 1000 } },
    });
    await limited.user('alice', 'admin');
    const cookie = await limited.login('alice');
    const items = (n: number) =>
      Array.from({ length: n }, (_, k) => ({ secret: 'ci-deploy-token', version: `v${k + 1}`, expire_time: Date.now() + 30 * DAY, expected_expire_time: 1 }));
    const ok = await limited.request('POST', BATCHES, { cookie, body: { reason: 'CHG-1', items: items(9) } });
    expect(ok.status, ok.text).toBe(202);
    expect(ok.headers.get('ratelimit')).toContain('r=1');
    limited.emulator.requestLog.clear();
    await limited.app.services.batchRunner.idle();
    limited.emulator.requestLog.clear();
    // One write left: a batch of 2 is refused whole, before its handler (nothing reaches CSMS).
    expectError(await limited.request('POST', BATCHES, { cookie, body: { reason: 'CHG-1', items: items(2) } }), 429, 'rate_limited');
    expect(limited.emulatorCalls()).toEqual([]);
    // A fresh session: 11 items are more than the minute's 10.
    const other = await limited.login('alice');
    expectError(await limited.request('POST', BATCHES, { cookie: other, body: { reason: 'CHG-1', items: items(11) } }), 429, 'rate_limited');
    expect((await limited.request('POST', BATCHES, { cookie: other, body: { reason: 'CHG-1', items: items(10) } })).status).toBe(202);
    // Batches do not use up a person's single edits: the session whose batch items are spent still has its 3.
    const single = await limited.request('PUT', '/api/accounts/demo/secrets/ci-deploy-token/versions/v1', { cookie: other, body: {} });
    expect(single.status, single.text).toBe(400);
    expect(single.headers.get('ratelimit-policy')).toBe('"writes";q=3;w=60');
  }, 30_000); // prettier-ignore
});
