/**
 * `REQUIRE_REASON` (issue 12 item 4) over HTTP against the emulator: on (the default), a change without a
 * reason, or with a blank one, is 422 `reason_required` in the one error shape, single or a whole batch,
 * before anything reaches CSMS or the store; a dry run needs none; a retry carries its batch's reason; the
 * reason is stored trimmed. Off, a change needs no reason (as before issue 12).
 * The demo seed's payments-db-password has v5 expiring in 60 days (SYSCURRENT).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testConfig } from '../src/config/config.js';
import { untilDone } from './batch-support.js';
import { expectError } from './checks.js';
import { Harness } from './harness.js';

const DAY = 86_400_000;
const SECRET = 'payments-db-password';
const BATCHES = '/api/accounts/demo/expiry-batches';
const versionPath = (version: string) => `/api/accounts/demo/secrets/${SECRET}/versions/${version}`;

/** What the emulator holds now, read past the BFF. */
async function held(h: Harness, version: string): Promise<number | null> {
  const page = await h.upstream.call('demo', 'ListSecretVersions', (c) => c.listSecretVersions(SECRET));
  return page.version_metadatas.find((v) => v.id === version)?.expire_time ?? null;
}

const counts = async (h: Harness) =>
  (
    await h.stores.db.query<{ updates: number; batches: number }>(
      `SELECT (SELECT count(*)::int FROM audit_log WHERE action = 'version.update') AS updates,
              (SELECT count(*)::int FROM expiry_batches) AS batches`,
    )
  ).rows[0]!;

describe('REQUIRE_REASON on (the default)', () => {
  let h: Harness;
  let admin: string;
  let support: string;
  let auditor: string;
  beforeAll(async () => {
    h = await Harness.start();
    await h.user('alice', 'admin');
    await h.user('sam', 'support');
    await h.user('ada', 'auditor');
    [admin, support, auditor] = await Promise.all([h.login('alice'), h.login('sam'), h.login('ada')]);
  }, 60_000);
  afterAll(() => h.close());
  beforeEach(() => h.emulator.requestLog.clear());

  it('the session tells the SPA a reason is required', async () => {
    const res = await h.request('GET', '/bff/user', { cookie: support });
    expect(res.json.expiry_policy).toMatchObject({ reason_required: true });
  });

  it.each([
    ['no reason', {}],
    ['an empty reason', { reason: '' }],
    ['a blank reason', { reason: ' \n\t\u00a0 ' }],
  ])('a single change with %s is 422 reason_required; nothing reaches CSMS or the audit log', async (_l, extra) => {
    const before = await held(h, 'v5');
    const stored = await counts(h);
    h.emulator.requestLog.clear();
    const res = await h.request('PUT', versionPath('v5'), {
      cookie: admin,
      body: { expire_time: h.now() + 200 * DAY, expected_expire_time: before, ...extra },
    });
    expectError(res, 422, 'reason_required');
    expect(res.json.error.message).toMatch(/reason/i);
    expect(h.emulatorCalls()).toEqual([]); // not even the read: the reason needs none
    expect(await counts(h)).toEqual(stored);
    expect(await held(h, 'v5')).toBe(before);
  }); // prettier-ignore

  it("the role's refusal comes first: an auditor without a reason is 403, not asked for one", async () => {
    const res = await h.request('PUT', versionPath('v5'), {
      cookie: auditor,
      body: { expire_time: h.now() + 10 * DAY, expected_expire_time: null },
    });
    expectError(res, 403, 'forbidden');
    expect(h.emulatorCalls()).toEqual([]);
  });

  it('a reason is stored trimmed, on the intent and the outcome', async () => {
    const before = await held(h, 'v5');
    const res = await h.request('PUT', versionPath('v5'), {
      cookie: admin,
      body: { expire_time: h.now() + 300 * DAY, expected_expire_time: before, reason: '  CHG-1 renewal \n' },
    });
    expect(res.status, res.text).toBe(200);
    expect(h.emulatorCalls('UpdateVersion')).toHaveLength(1);
    const { rows } = await h.stores.db.query<{ outcome: string; reason: string }>(
      "SELECT outcome, reason FROM audit_log WHERE action = 'version.update' ORDER BY seq DESC LIMIT 2",
    );
    expect(rows).toEqual([
      { outcome: 'success', reason: 'CHG-1 renewal' },
      { outcome: 'intent', reason: 'CHG-1 renewal' },
    ]);
  });

  const item = async () => ({
    secret: SECRET,
    version: 'v5',
    expire_time: h.now() + 400 * DAY,
    expected_expire_time: await held(h, 'v5'),
  });

  it.each([
    ['no reason', {}],
    ['a blank reason', { reason: '   ' }],
  ])('a batch with %s is refused whole (422 reason_required): nothing stored, nothing sent', async (_l, extra) => {
    const body = { ...extra, items: [await item(), { ...(await item()), version: 'v4' }] };
    const stored = await counts(h);
    h.emulator.requestLog.clear();
    const refused = await h.request('POST', BATCHES, { cookie: admin, body });
    expectError(refused, 422, 'reason_required');
    expectError(await h.request('POST', BATCHES, { cookie: support, body }), 422, 'reason_required');
    expect(h.emulatorCalls()).toEqual([]);
    // It counts as one request against the batch-item limit, not as its items: the corrected batch can go.
    const left = (res: typeof refused) => Number(/;r=(\d+);/.exec(res.headers.get('ratelimit') ?? '')?.[1]);
    const next = await h.request('POST', BATCHES, { cookie: admin, body });
    expect(left(refused) - left(next)).toBe(1);
    expect(await counts(h)).toEqual(stored);
  }); // prettier-ignore

  it('a dry run needs no reason: it writes nothing, and the preview comes before the reason is typed', async () => {
    const stored = await counts(h);
    const res = await h.request('POST', `${BATCHES}?dry_run=1`, {
      cookie: admin,
      body: { items: [await item()] },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({
      dry_run: true,
      total: 1,
      items: [
        { secret: SECRET, version: 'v5', status: 'would_apply', current_expire_time: await held(h, 'v5') },
      ],
    });
    expect(h.emulatorCalls('UpdateVersion')).toEqual([]);
    expect(await counts(h)).toEqual(stored);
  });

  it("a retry without a reason (or a blank one) carries the batch's; with one, its own", async () => {
    // A conflict (the expected value is wrong) is what a retry sends again, against the value CSMS held.
    const created = await h.request('POST', BATCHES, {
      cookie: admin,
      body: { reason: ' Q3 renewals ', items: [{ ...(await item()), expected_expire_time: 1 }] },
    });
    expect(created.status, created.text).toBe(202);
    const first = await untilDone(() => h.request('GET', `${BATCHES}/${created.json.id}`, { cookie: admin }));
    expect(first.items[0]).toMatchObject({ status: 'conflict' });

    const retried = await h.request('POST', `${BATCHES}/${created.json.id}/retry`, {
      cookie: admin,
      body: { reason: '  ' },
    });
    expect(retried.status, retried.text).toBe(202);
    const second = await untilDone(() =>
      h.request('GET', `${BATCHES}/${retried.json.id}`, { cookie: admin }),
    );
    expect(second.items[0]).toMatchObject({ status: 'applied' });
    const { rows } = await h.stores.db.query<{ id: string; reason: string | null }>(
      'SELECT id, reason FROM expiry_batches WHERE id = ANY($1) ORDER BY id',
      [[created.json.id, retried.json.id]],
    );
    expect(rows.map((r) => r.reason)).toEqual(['Q3 renewals', 'Q3 renewals']);
    const audited = await h.stores.db.query<{ outcome: string; reason: string }>(
      "SELECT outcome, reason FROM audit_log WHERE details->>'batch_id' = $1 ORDER BY seq",
      [retried.json.id],
    );
    expect(audited.rows).toEqual([
      { outcome: 'intent', reason: 'Q3 renewals' },
      { outcome: 'success', reason: 'Q3 renewals' },
    ]);
  });
});

describe('REQUIRE_REASON=false', () => {
  let h: Harness;
  let admin: string;
  beforeAll(async () => {
    h = await Harness.start({ config: { policy: { ...testConfig().policy, reasonRequired: false } } });
    await h.user('alice', 'admin');
    admin = await h.login('alice');
  }, 60_000);
  afterAll(() => h.close());

  it('the session says so, and a change without a reason (or a blank one, stored as none) is made', async () => {
    expect((await h.request('GET', '/bff/user', { cookie: admin })).json.expiry_policy).toMatchObject({
      reason_required: false,
    });
    for (const [k, extra] of [{}, { reason: '  ' }].entries()) {
      const before = await held(h, 'v5');
      const target = Math.floor((h.now() + (100 + k) * DAY) / 1000) * 1000;
      const res = await h.request('PUT', versionPath('v5'), {
        cookie: admin,
        body: { expire_time: target, expected_expire_time: before, ...extra },
      });
      expect(res.status, res.text).toBe(200);
      expect(await held(h, 'v5')).toBe(target);
    }
    const { rows } = await h.stores.db.query<{ reason: string | null }>(
      "SELECT reason FROM audit_log WHERE action = 'version.update'",
    );
    expect(rows.map((r) => r.reason)).toEqual([null, null, null, null]);
  });

  it('a batch without a reason runs', async () => {
    const res = await h.request('POST', BATCHES, {
      cookie: admin,
      body: {
        items: [
          { secret: SECRET, version: 'v5', expire_time: h.now() + 50 * DAY, expected_expire_time: await held(h, 'v5') },
        ],
      },
    }); // prettier-ignore
    expect(res.status, res.text).toBe(202);
    const done = await untilDone(() => h.request('GET', `${BATCHES}/${res.json.id}`, { cookie: admin }));
    expect(done.items[0]).toMatchObject({ status: 'applied' });
  });
});
