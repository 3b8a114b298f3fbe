/**
 * Upstream faults injected through the emulator (issue 3 tests; docs/security.md §2 tests 3-6, 10): edits under a
 * 502 storm end applied and audited or refused with a clear code, never silently lost; throttling, hangs and
 * an unwritable audit store each get their own honest answer.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from './harness.js';

const DAY = 86_400_000;
let h: Harness;
let admin: string;

beforeAll(async () => {
  h = await Harness.start({
    transport: {
      readAttemptTimeoutMs: 700,
      readDeadlineMs: 2_500,
      writeAttemptTimeoutMs: 700,
      writeDeadlineMs: 2_500,
      minAttemptBudgetMs: 100,
    },
    emulator: { random: seeded(42) },
  });
  await h.user('alice', 'admin');
  admin = await h.login('alice');
}, 60_000);
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.faults.clear();
  h.emulator.requestLog.clear();
});

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function versionsOf(secret: string): Promise<Map<string, number | null>> {
  const page = await h.upstream.call('demo', 'ListSecretVersions', (c) =>
    c.listSecretVersions(secret, { limit: 100 }),
  );
  return new Map(page.version_metadatas.map((v) => [v.id, v.expire_time ?? null]));
}

describe('a flaky CSMS (30% 502 on UpdateVersion)', () => {
  it('10 people, 200 edits: applied and audited, or refused with upstream_*; never silently lost', async () => {
    const secret = 'ci-deploy-token';
    const initial = await versionsOf(secret);
    h.emulator.faults.add({ type: 'error', operation: 'UpdateVersion', status: 502, rate: 0.3 });
    for (let u = 0; u < 10; u++) await h.user(`editor${u}`, 'admin');
    const sessions = await Promise.all(Array.from({ length: 10 }, (_, u) => h.login(`editor${u}`)));
    const acked = new Map<string, number | null>();
    const outcomes: Array<{ status: number; code?: string }> = [];
    await Promise.all(
      sessions.map(async (cookie, u) => {
        const mine = [`v${2 * u + 1}`, `v${2 * u + 2}`];
        const known = new Map(mine.map((v) => [v, initial.get(v) ?? null]));
        for (let i = 0; i < 20; i++) {
          const version = mine[i % 2]!;
          const value = h.now() + (10 + u * 20 + i) * DAY;
          const res = await h.request('PUT', `/api/accounts/demo/secrets/${secret}/versions/${version}`, {
            cookie,
            body: { expire_time: value, expected_expire_time: known.get(version), reason: 'CHG-1' },
          });
          outcomes.push({ status: res.status, code: res.json?.error?.code });
          if (res.status === 200) {
            known.set(version, res.json.version.expire_time);
            acked.set(version, res.json.version.expire_time);
          } else {
            expect([503, 504]).toContain(res.status);
            expect(res.json.error.code).toMatch(/^upstream_/);
            expect(res.json.error.requestId).toMatch(/^[0-9a-f]{24}$/);
            known.set(version, (await versionsOf(secret)).get(version) ?? null);
          }
        }
      }),
    );
    h.emulator.faults.clear();
    const ok = outcomes.filter((o) => o.status === 200).length;
    expect(ok / outcomes.length).toBeGreaterThanOrEqual(0.93);
    // Every version ends at its last acknowledged value.
    const final = await versionsOf(secret);
    for (const [version, value] of acked) expect(final.get(version)).toBe(value);
    // One intent and one outcome per request; at most 3 attempts per request.
    const { entries } = await h.stores.audit.list({ action: 'version.update', secret }, { limit: 200 });
    const more = await h.stores.audit.list(
      { action: 'version.update', secret },
      {
        limit: 200,
        cursor:
          (await h.stores.audit.list({ action: 'version.update', secret }, { limit: 200 })).next_cursor ??
          undefined,
      },
    );
    const rows = [...entries, ...(entries.length === 200 ? more.entries : [])];
    const intents = rows.filter((r) => r.outcome === 'intent');
    const results = rows.filter((r) => r.outcome !== 'intent');
    expect(intents).toHaveLength(200);
    expect(results).toHaveLength(200);
    expect(new Set(results.map((r) => r.intent_id))).toEqual(new Set(intents.map((r) => r.id)));
    expect(h.emulatorCalls('UpdateVersion').length).toBeLessThanOrEqual(3 * 200);
    expect((await h.request('GET', '/api/audit/verify', { cookie: admin })).json.intact).toBe(true);
  }, 120_000);

  it('an ambiguous write (applied, then the connection reset) is confirmed, not reported lost', async () => {
    const before = (await versionsOf('orders-api-key')).get('v1') ?? null;
    h.emulator.faults.add({ type: 'reset_after', operation: 'UpdateVersion', times: 1 });
    const target = h.now() + 33 * DAY;
    const res = await h.request('PUT', '/api/accounts/demo/secrets/orders-api-key/versions/v1', {
      cookie: admin,
      body: { expire_time: target, expected_expire_time: before, reason: 'CHG-1' },
    });
    expect(res.status).toBe(200);
    expect((await versionsOf('orders-api-key')).get('v1')).toBe(Math.floor(target / 1000) * 1000);
    const { entries } = await h.stores.audit.list(
      { action: 'version.update', secret: 'orders-api-key' },
      { limit: 2 },
    );
    expect(entries[0]).toMatchObject({ outcome: 'success' });
  });
});

describe('throttling', () => {
  it('waits out a short Retry-After and succeeds, never retrying sooner', async () => {
    h.emulator.faults.add({ type: 'throttle', operation: 'ShowSecret', retry_after: 1, times: 1 });
    const res = await h.request('GET', '/api/accounts/demo/secrets/gaussdb-ledger', { cookie: admin });
    expect(res.status).toBe(200);
    const calls = h.emulatorCalls('ShowSecret');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1]!.time - calls[0]!.time).toBeGreaterThanOrEqual(1_000);
  });

  it('answers 503 upstream_throttled at once with the Retry-After when CSMS asks for 30 s', async () => {
    h.emulator.faults.add({ type: 'throttle', operation: 'ShowSecret', retry_after: 30 });
    const started = performance.now();
    const res = await h.request('GET', '/api/accounts/demo/secrets/gaussdb-ledger', { cookie: admin });
    expect(performance.now() - started).toBeLessThan(500);
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe('upstream_throttled');
    expect(res.headers.get('retry-after')).toBe('30');
  });
});

describe('a hanging CSMS', () => {
  it('ends each request within its deadline (2.5 s here) + 0.5 s with 504 upstream_timeout', async () => {
    h.emulator.faults.add({ type: 'hang', operation: 'ListSecretVersions' });
    const started = performance.now();
    const res = await h.request('GET', '/api/accounts/demo/secrets/gaussdb-ledger', { cookie: admin });
    const took = performance.now() - started;
    expect(res.status).toBe(504);
    expect(res.json.error.code).toBe('upstream_timeout');
    expect(took).toBeLessThan(3_000);
  });
});

describe('an unwritable audit store', () => {
  it('refuses changes with 503 audit_unavailable and no PUT; reads stay 200; readiness turns 503', async () => {
    expect((await h.request('GET', '/readyz', { bare: true })).status).toBe(200);
    await h.stores.db.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY');
    try {
      const before = (await versionsOf('gaussdb-ledger')).get('v1') ?? null;
      h.emulator.requestLog.clear();
      const res = await h.request('PUT', '/api/accounts/demo/secrets/gaussdb-ledger/versions/v1', {
        cookie: admin,
        body: { expire_time: h.now() + 20 * DAY, expected_expire_time: before, reason: 'CHG-1' },
      });
      expect(res.status).toBe(503);
      expect(res.json.error.code).toBe('audit_unavailable');
      expect(h.emulatorCalls('UpdateVersion')).toHaveLength(0);
      expect(
        (await h.request('GET', '/api/accounts/demo/secrets/gaussdb-ledger', { cookie: admin })).status,
      ).toBe(200);
      const ready = await h.request('GET', '/readyz', { bare: true });
      expect(ready.status).toBe(503);
      expect(ready.json.checks.audit_store).toBe('unwritable');
      expect((await h.request('GET', '/healthz', { bare: true })).status).toBe(200);
    } finally {
      await h.stores.db.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE');
    }
    expect((await h.request('GET', '/readyz', { bare: true })).status).toBe(200);
  });
});
