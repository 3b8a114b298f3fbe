/**
 * Changing an expiry through the BFF, read back from the emulator (issue 3 §5 PUT; security.md A2, U1, U2).
 * The demo seed's payments-db-password has v3 expired 2 days ago, v4 expiring in 3 days and v5 in 60 days.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VersionsService } from '../src/features/versions/versions.service.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { Harness } from './harness.js';

const DAY = 86_400_000;
const SECRET = '/api/accounts/demo/secrets/payments-db-password';
let h: Harness;
let admin: string;
let support: string;

async function current(version: string): Promise<number | null> {
  const res = await h.request('GET', SECRET, { cookie: admin });
  const found = (res.json.versions as Array<{ id: string; expire_time: number | null }>).find(
    (v) => v.id === version,
  );
  return found!.expire_time;
}

/** What the emulator itself holds: the store behind the wire, not the BFF's view of it. */
async function inCsms(secret: string, version: string): Promise<number | null> {
  const client = h.upstream;
  const { value } = await client.call('demo', 'ListSecretVersions', (c) => c.listSecretVersions(secret));
  return value.version_metadatas.find((v) => v.id === version)?.expire_time ?? null;
}

const put = (cookie: string, version: string, body: unknown, secret = 'payments-db-password') =>
  h.request('PUT', `/api/accounts/demo/secrets/${secret}/versions/${version}`, { cookie, body });

beforeAll(async () => {
  h = await Harness.start();
  await h.user('alice', 'admin');
  await h.user('sam', 'support');
  admin = await h.login('alice');
  support = await h.login('sam');
}, 60_000);
afterAll(() => h.close());
beforeEach(() => h.emulator.requestLog.clear());

describe('admin', () => {
  it('sets an expiry: CSMS holds it at second precision, and the audit log has intent then success', async () => {
    const before = await current('v5');
    const target = h.now() + 400 * DAY + 1234;
    const res = await put(admin, 'v5', {
      expire_time: target,
      expected_expire_time: before,
      reason: 'extend for audit',
    });
    expect(res.status).toBe(200);
    const stored = Math.floor(target / 1000) * 1000;
    expect(res.json.version).toMatchObject({ id: 'v5', expire_time: stored, version_stages: ['SYSCURRENT'] });
    expect(await inCsms('payments-db-password', 'v5')).toBe(stored);
    expect(h.emulatorCalls('UpdateVersion')).toHaveLength(1);
    const { entries } = await h.stores.audit.list(
      { action: 'version.update', secret: 'payments-db-password' },
      { limit: 10 },
    );
    const [outcome, intent] = entries;
    expect(intent).toMatchObject({
      outcome: 'intent',
      before: { expire_time: before },
      after: { expire_time: target },
      reason: 'extend for audit',
    });
    expect(outcome).toMatchObject({
      outcome: 'success',
      intent_id: intent!.id,
      after: { expire_time: stored },
      actor: { name: 'alice', role: 'admin' },
    });
    expect(outcome!.id).toBe(res.json.audit_id);
    expect(outcome!.csms_request_id).toBe(h.emulatorCalls('UpdateVersion')[0]!.request_id);
    expect(outcome!.target).toMatchObject({
      account: 'demo',
      project_id: h.emulator.projectId,
      version: 'v5',
    });
  });

  it('answers 409 with the current value when someone changed it meanwhile, and sends nothing', async () => {
    const before = await current('v5');
    h.emulator.requestLog.clear();
    const res = await put(admin, 'v5', {
      expire_time: h.now() + 30 * DAY,
      expected_expire_time: before! - 86_400_000,
    });
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({
      code: 'expire_time_changed',
      details: { current_expire_time: before },
    });
    expect(h.emulatorCalls('UpdateVersion')).toHaveLength(0);
  });

  it('refuses values outside (now + 5 min, now + 3 y] before calling CSMS', async () => {
    for (const value of [h.now() - DAY, h.now() + 4 * 60_000, h.now() + 3 * 365 * DAY + 2 * DAY]) {
      const res = await put(admin, 'v5', { expire_time: value, expected_expire_time: null });
      expect(res.status).toBe(422);
      expect(res.json.error.code).toBe('expiry_out_of_bounds');
    }
    expect(h.emulatorCalls()).toHaveLength(0);
  });

  it('says plainly that a DISABLED, PENDING_DELETE or FROZEN secret cannot change', async () => {
    for (const [secret, state] of [
      ['legacy-ldap-bind', 'DISABLED'],
      ['old-billing-token', 'PENDING_DELETE'],
      ['frozen-partner-cert', 'FROZEN'],
    ] as const) {
      const res = await put(
        admin,
        'v1',
        { expire_time: h.now() + 10 * DAY, expected_expire_time: null },
        secret,
      );
      expect(res.status).toBe(409);
      expect(res.json.error).toMatchObject({ code: 'secret_not_enabled', details: { state } });
    }
    expect(h.emulatorCalls('UpdateVersion')).toHaveLength(0);
  });

  it('404s a version or secret CSMS does not have', async () => {
    const a = await put(admin, 'v99', { expire_time: h.now() + 10 * DAY, expected_expire_time: null });
    expect(a.json.error.code).toBe('version_not_found');
    const b = await put(
      admin,
      'v1',
      { expire_time: h.now() + 10 * DAY, expected_expire_time: null },
      'no-such-secret',
    );
    expect(b.status).toBe(404);
    expect(b.json.error.code).toBe('secret_not_found');
  });
});

describe('support', () => {
  it('extends an expired version up to now + 90 days', async () => {
    const before = await current('v3');
    expect(before).toBeLessThan(h.now());
    const res = await put(support, 'v3', {
      expire_time: h.now() + 90 * DAY - 60_000,
      expected_expire_time: before,
    });
    expect(res.status).toBe(200);
    expect(await inCsms('payments-db-password', 'v3')).toBe(res.json.version.expire_time);
  });

  it('may not go past now + 90 days', async () => {
    const before = await current('v4');
    h.emulator.requestLog.clear();
    const res = await put(support, 'v4', { expire_time: h.now() + 91 * DAY, expected_expire_time: before });
    expect(res.status).toBe(422);
    expect(h.emulatorCalls()).toHaveLength(0);
  });

  it('may extend a version expiring within 7 days, but not shorten it', async () => {
    const before = (await current('v4'))!;
    const shorter = await put(support, 'v4', { expire_time: before - DAY, expected_expire_time: before });
    expect(shorter.status).toBe(422);
    expect(h.emulatorCalls('UpdateVersion')).toHaveLength(0);
    const later = await put(support, 'v4', { expire_time: before + 10 * DAY, expected_expire_time: before });
    expect(later.status).toBe(200);
  });

  it('gets 403 on a version that is not expiring soon, audited, with no PUT', async () => {
    const before = await current('v5');
    const res = await put(support, 'v5', { expire_time: h.now() + 80 * DAY, expected_expire_time: before });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('version_not_eligible');
    expect(h.emulatorCalls('UpdateVersion')).toHaveLength(0);
    const denied = await h.stores.audit.list({ action: 'authz.denied', actor: 'sam' }, { limit: 10 });
    expect(denied.entries.length).toBeGreaterThanOrEqual(1);
  });

  it('is checked against the version as it is right before the PUT (TOCTOU)', async () => {
    // The editor saw v4 expiring soon; meanwhile an admin moved it a year out.
    const seen = (await current('v4'))!;
    const moved = await put(admin, 'v4', { expire_time: h.now() + 365 * DAY, expected_expire_time: seen });
    expect(moved.status).toBe(200);
    h.emulator.requestLog.clear();
    const res = await put(support, 'v4', { expire_time: h.now() + 60 * DAY, expected_expire_time: seen });
    expect(res.status).toBe(403);
    expect(h.emulatorCalls('UpdateVersion')).toHaveLength(0);
  });
});

describe('auditor', () => {
  it('reads versions and the audit log but cannot change an expiry', async () => {
    await h.user('ada', 'auditor');
    const cookie = await h.login('ada');
    expect((await h.request('GET', SECRET, { cookie })).status).toBe(200);
    expect((await h.request('GET', '/api/audit', { cookie })).status).toBe(200);
    const res = await put(cookie, 'v3', { expire_time: h.now() + 10 * DAY, expected_expire_time: null });
    expect(res.status).toBe(403);
    expect(h.emulatorCalls('UpdateVersion')).toHaveLength(0);
  });
});

describe('responses carry metadata only', () => {
  it('drops a secret_string CSMS might add', async () => {
    h.emulator.faults.add({
      type: 'inject',
      operation: 'ListSecretVersions',
      set: { 'version_metadatas.*.secret_string': 'LEAK-CANARY' },
    });
    h.emulator.faults.add({
      type: 'inject',
      operation: 'ShowSecret',
      set: { 'secret.secret_string': 'LEAK-CANARY' },
    });
    const res = await h.request('GET', SECRET, { cookie: admin });
    h.emulator.faults.clear();
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('LEAK-CANARY');
    expect(res.text).not.toContain('secret_string');
  });
});

describe('the reconciler', () => {
  it('settles an intent left without an outcome with what CSMS holds', async () => {
    const observed = await inCsms('sso-saml-signing-key', 'v2');
    const intent = await h.stores.audit.append({
      action: 'version.update',
      outcome: 'intent',
      at: h.now() - 3 * 60_000,
      actor: { id: 'x', name: 'alice', role: 'admin', auth_method: 'password' },
      target: {
        account: 'demo',
        project_id: h.emulator.projectId,
        secret: 'sso-saml-signing-key',
        version: 'v2',
      },
      before: { expire_time: observed },
      after: { expire_time: h.now() + 9 * DAY },
    });
    const fresh = await h.stores.audit.append({
      action: 'version.update',
      outcome: 'intent',
      target: {
        account: 'demo',
        project_id: h.emulator.projectId,
        secret: 'sso-saml-signing-key',
        version: 'v2',
      },
      after: { expire_time: h.now() + 9 * DAY },
    });
    expect(await h.app.services.versions.reconcile(h.now() - 2 * 60_000)).toBe(1);
    const { entries } = await h.stores.audit.list(
      { action: 'version.update', outcome: 'reconciled' },
      { limit: 10 },
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      intent_id: intent.id,
      after: { expire_time: observed },
      details: { applied: false },
    });
    // The young intent is left alone (its request may still be running); a second run finds nothing old.
    expect(entries[0]!.intent_id).not.toBe(fresh.id);
    expect(await h.app.services.versions.reconcile(h.now() - 2 * 60_000)).toBe(0);
  });

  it('two reconcilers racing (as two replicas do) settle each intent once, with one CSMS read each', async () => {
    const replica = new VersionsService({
      upstream: h.upstream,
      audit: h.stores.audit,
      policy: h.config.policy,
      metrics: createMetrics(),
      logger: createLogger('silent'),
      now: h.now,
    });
    const seeded = [];
    for (const version of ['v1', 'v2', 'v3', 'v4', 'v5']) {
      seeded.push(
        await h.stores.audit.append({
          action: 'version.update',
          outcome: 'intent',
          at: h.now() - 5 * 60_000,
          target: { account: 'demo', secret: 'payments-db-password', version },
          after: { expire_time: h.now() + 50 * DAY },
        }),
      );
    }
    const olderThan = h.now() - 2 * 60_000;
    const pending = (await h.stores.audit.pendingIntents(olderThan)).map((e) => e.id);
    expect(pending).toEqual(expect.arrayContaining(seeded.map((e) => e.id)));
    h.emulator.requestLog.clear();
    const settled = await Promise.all([
      h.app.services.versions.reconcile(olderThan),
      replica.reconcile(olderThan),
    ]);
    expect(settled[0] + settled[1]).toBe(pending.length);
    // The loser of each claim never read CSMS: one read per intent, not two.
    expect(h.emulatorCalls('ListSecretVersions')).toHaveLength(pending.length);
    const { rows } = await h.stores.db.query<{ intent_id: string; n: number }>(
      'SELECT intent_id, count(*)::int AS n FROM audit_log WHERE intent_id = ANY($1) GROUP BY intent_id',
      [pending],
    );
    expect(rows.map((r) => r.n)).toEqual(pending.map(() => 1));
    expect(await h.stores.audit.pendingIntents(olderThan)).toEqual([]);
    expect((await h.request('GET', '/api/audit/verify', { cookie: admin })).json.intact).toBe(true);
  });

  it('a request whose intent a reconciler settled first still answers 200, and the intent keeps one outcome', async () => {
    const before = await inCsms('payments-db-password', 'v5');
    const target = h.now() + 40 * DAY;
    h.emulator.faults.add({ type: 'latency', operation: 'UpdateVersion', latency_ms: 1000, times: 1 });
    const answer = put(admin, 'v5', { expire_time: target, expected_expire_time: before });
    let intentId: string | undefined;
    for (let i = 0; i < 200 && intentId === undefined; i++) {
      const { entries } = await h.stores.audit.list(
        { action: 'version.update', outcome: 'intent', secret: 'payments-db-password', version: 'v5' },
        { limit: 1 },
      );
      if (entries[0]?.after?.expire_time === target) intentId = entries[0].id;
      else await new Promise((r) => setTimeout(r, 10));
    }
    expect(intentId).toBeDefined();
    // Another replica's reconciler gets there first, as if this request had outlived 2 minutes.
    expect(await h.app.services.versions.reconcile(h.now() + 1)).toBeGreaterThanOrEqual(1);
    const res = await answer;
    expect(res.status).toBe(200);
    expect(res.json.version.expire_time).toBe(Math.floor(target / 1000) * 1000);
    const { rows } = await h.stores.db.query<{ outcome: string }>(
      'SELECT outcome FROM audit_log WHERE intent_id = $1',
      [intentId],
    );
    expect(rows).toEqual([{ outcome: 'reconciled' }]);
    expect(h.logs.join('')).toContain('intent already settled');
    expect(h.logs.join('')).not.toContain('audit outcome could not be written');
    expect((await h.request('GET', '/api/audit/verify', { cookie: admin })).json.intact).toBe(true);
  });
});
