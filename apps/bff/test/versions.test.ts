/**
 * Changing an expiry through the BFF, read back from the emulator (issue 3 §5 PUT; docs/security.md A2, U1, U2).
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
  const page = await client.call('demo', 'ListSecretVersions', (c) => c.listSecretVersions(secret));
  return page.version_metadatas.find((v) => v.id === version)?.expire_time ?? null;
}

/** A change with a reason (REQUIRE_REASON is on by default; test/reasons.test.ts covers changes without one). */
const put = (cookie: string, version: string, body: object, secret = 'payments-db-password') =>
  h.request('PUT', `/api/accounts/demo/secrets/${secret}/versions/${version}`, {
    cookie,
    body: { reason: 'CHG-1 test change', ...body },
  });

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

/** Runs `body` with the BFF's and the emulator's clock stopped at a whole second, so bounds are exact. */
async function frozen(body: (now: number) => Promise<void>): Promise<void> {
  h.frozenAt = Math.floor(Date.now() / 1000) * 1000;
  try {
    await body(h.frozenAt);
  } finally {
    h.frozenAt = undefined;
  }
}

async function auditRows(secret: string) {
  return (await h.stores.audit.list({ action: 'version.update', secret }, { limit: 50 })).entries;
}

describe('one minimum lead for every role (5 min)', () => {
  it('support cannot set an expiry 60 s ahead: 422 before anything reaches CSMS', async () => {
    const before = await inCsms('orders-api-key', 'v1'); // expired a month ago: support may extend it
    h.emulator.requestLog.clear();
    const res = await put(
      support,
      'v1',
      { expire_time: h.now() + 60_000, expected_expire_time: before },
      'orders-api-key',
    );
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({
      code: 'expiry_out_of_bounds',
      message: 'The new expiry must be in the future, more than 5 minutes from now.',
    });
    expect(h.emulatorCalls()).toHaveLength(0);
    expect(await inCsms('orders-api-key', 'v1')).toBe(before);
  });

  it.each([
    ['support', 'orders-api-key', 'v1'], // expired: inside support's window
    ['admin', 'analytics-warehouse-creds', 'v1'], // no expiry, not the live version
  ] as const)(
    '%s: exactly now + 5 min is refused, now + 5 min + 1 s is what CSMS stores',
    async (role, secret, version) => {
      const cookie = role === 'admin' ? admin : support;
      await frozen(async (now) => {
        const before = await inCsms(secret, version);
        h.emulator.requestLog.clear();
        const atBound = await put(
          cookie,
          version,
          { expire_time: now + 5 * 60_000, expected_expire_time: before },
          secret,
        );
        expect(atBound.status).toBe(422);
        expect(atBound.json.error).toMatchObject({
          code: 'expiry_out_of_bounds',
          details: { earliest_exclusive: now + 5 * 60_000 },
        });
        expect(h.emulatorCalls('UpdateVersion')).toHaveLength(0);

        const target = now + 5 * 60_000 + 1000; // a whole second: CSMS keeps it exactly
        const res = await put(cookie, version, { expire_time: target, expected_expire_time: before }, secret);
        expect(res.status, res.text).toBe(200);
        expect(res.json.version.expire_time).toBe(target);
        expect(await inCsms(secret, version)).toBe(target);
        const [outcome, intent] = await auditRows(secret);
        expect(intent).toMatchObject({ outcome: 'intent', after: { expire_time: target } });
        expect(outcome).toMatchObject({ outcome: 'success', intent_id: intent!.id, actor: { role } });
      });
    },
  );
});

describe("pulling the live version's expiry under 7 days needs confirm = the secret's name", () => {
  const SECRET_NAME = 'gaussdb-ledger'; // one version, v1: SYSCURRENT, expiring in 6 days

  it('without confirm: 422 confirmation_required after the re-read, no intent, no UpdateVersion', async () => {
    const before = await inCsms(SECRET_NAME, 'v1');
    h.emulator.requestLog.clear();
    const res = await put(
      admin,
      'v1',
      { expire_time: h.now() + 2 * DAY, expected_expire_time: before },
      SECRET_NAME,
    );
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({
      code: 'confirmation_required',
      details: { confirm: SECRET_NAME, current_expire_time: before },
    });
    // Decided on what CSMS holds: the secret and its versions were read, nothing was written.
    expect(h.emulatorCalls('ShowSecret')).toHaveLength(1);
    expect(h.emulatorCalls('ListSecretVersions')).toHaveLength(1);
    expect(h.emulatorCalls('UpdateVersion')).toHaveLength(0);
    expect(await auditRows(SECRET_NAME)).toEqual([]);
    expect(await inCsms(SECRET_NAME, 'v1')).toBe(before);
  });

  it('with a wrong confirm: the same 422, nothing written', async () => {
    const before = await inCsms(SECRET_NAME, 'v1');
    h.emulator.requestLog.clear();
    for (const confirm of ['', 'GaussDB-Ledger', `${SECRET_NAME} `, 'payments-db-password', 'x'.repeat(64)]) {
      const res = await put(
        admin,
        'v1',
        { expire_time: h.now() + 2 * DAY, expected_expire_time: before, confirm },
        SECRET_NAME,
      );
      expect(res.status, confirm).toBe(422);
      expect(res.json.error.code).toBe('confirmation_required');
    }
    expect(h.emulatorCalls('UpdateVersion')).toHaveLength(0);
    expect(await auditRows(SECRET_NAME)).toEqual([]);
    expect(await inCsms(SECRET_NAME, 'v1')).toBe(before);
  });

  it('with the right confirm: 200, CSMS holds the new value, intent then success', async () => {
    const before = await inCsms(SECRET_NAME, 'v1');
    const target = Math.floor((h.now() + 2 * DAY) / 1000) * 1000;
    const res = await put(
      admin,
      'v1',
      { expire_time: target, expected_expire_time: before, confirm: SECRET_NAME },
      SECRET_NAME,
    );
    expect(res.status, res.text).toBe(200);
    expect(await inCsms(SECRET_NAME, 'v1')).toBe(target);
    expect(h.emulatorCalls('UpdateVersion')).toHaveLength(1);
    const [outcome, intent] = await auditRows(SECRET_NAME);
    expect(intent).toMatchObject({ outcome: 'intent', before: { expire_time: before } });
    expect(outcome).toMatchObject({
      outcome: 'success',
      intent_id: intent!.id,
      after: { expire_time: target },
    });
  });

  it('a live version without an expiry ("never") counts as pulled', async () => {
    const res = await put(
      admin,
      'v3',
      { expire_time: h.now() + 3 * DAY, expected_expire_time: null },
      'analytics-warehouse-creds',
    );
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({
      code: 'confirmation_required',
      details: { confirm: 'analytics-warehouse-creds', current_expire_time: null },
    });
    expect(h.emulatorCalls('UpdateVersion')).toHaveLength(0);
    expect(await inCsms('analytics-warehouse-creds', 'v3')).toBeNull();
  });

  it('a version without SYSCURRENT needs no confirm', async () => {
    // sso-saml-signing-key v1 carries SYSPREVIOUS and expires in 200 days.
    const before = await inCsms('sso-saml-signing-key', 'v1');
    const target = Math.floor((h.now() + DAY) / 1000) * 1000;
    const res = await put(
      admin,
      'v1',
      { expire_time: target, expected_expire_time: before },
      'sso-saml-signing-key',
    );
    expect(res.status, res.text).toBe(200);
    expect(res.json.version.version_stages).toEqual(['SYSPREVIOUS']);
    expect(await inCsms('sso-saml-signing-key', 'v1')).toBe(target);
  });

  it('extending the live version, even to within 7 days, needs no confirm', async () => {
    // orders-api-key v2 carries SYSCURRENT and expired 5 days ago.
    const before = (await inCsms('orders-api-key', 'v2'))!;
    expect(before).toBeLessThan(h.now());
    const target = Math.floor((h.now() + 3 * DAY) / 1000) * 1000;
    const res = await put(
      admin,
      'v2',
      { expire_time: target, expected_expire_time: before },
      'orders-api-key',
    );
    expect(res.status, res.text).toBe(200);
    expect(res.json.version.version_stages).toEqual(['SYSCURRENT']);
    expect(await inCsms('orders-api-key', 'v2')).toBe(target);
  });

  it('7 days from now is the bound: 1 s less asks, exactly 7 days does not', async () => {
    // rds-orders-primary v3 carries SYSCURRENT and expires in 29 days.
    await frozen(async (now) => {
      const before = await inCsms('rds-orders-primary', 'v3');
      const under = await put(
        admin,
        'v3',
        { expire_time: now + 7 * DAY - 1000, expected_expire_time: before },
        'rds-orders-primary',
      );
      expect(under.json.error?.code).toBe('confirmation_required');
      const at = await put(
        admin,
        'v3',
        { expire_time: now + 7 * DAY, expected_expire_time: before },
        'rds-orders-primary',
      );
      expect(at.status, at.text).toBe(200);
      expect(await inCsms('rds-orders-primary', 'v3')).toBe(now + 7 * DAY);
    });
  });

  it('is decided on the stages CSMS holds at the PUT, not the ones the editor saw', async () => {
    // smtp-relay-password v2 (70 days, no stage) becomes the live version after the page was loaded.
    const before = await inCsms('smtp-relay-password', 'v2');
    await h.upstream.call('demo', 'UpdateSecretStage', (c) =>
      c.updateSecretStage('smtp-relay-password', 'SYSCURRENT', 'v2'),
    );
    h.emulator.requestLog.clear();
    const res = await put(
      admin,
      'v2',
      { expire_time: h.now() + 2 * DAY, expected_expire_time: before },
      'smtp-relay-password',
    );
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('confirmation_required');
    expect(h.emulatorCalls('UpdateVersion')).toHaveLength(0);
    expect(await auditRows('smtp-relay-password')).toEqual([]);
  });
});
