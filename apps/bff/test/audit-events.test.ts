/**
 * The audit page's endpoints over HTTP (issue 12): `GET /api/audit/events` (an expiry change's intent and
 * outcome as one event), its CSV, the `batch` and `entry` filters on the raw rows too, and
 * `GET /api/accounts/:account/outside-changes`, against the real BFF, the emulator and a real store. Changes
 * are made through the BFF (with a reason: REQUIRE_REASON) or, for an outside change, on the emulator with
 * our CSMS client, never through the BFF.
 */
import { OUTSIDE_CHANGES_SKEW_MS, type AuditEvent, type OutsideChanges } from '@csms-console/api-contract';
import { CsmsClient } from '@csms-console/csms-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enabledVersions, untilDone, type HeldVersion } from './batch-support.js';
import { expectError } from './checks.js';
import { Harness } from './harness.js';

const DAY = 86_400_000;
const EVENTS = '/api/audit/events';
let h: Harness;
let client: CsmsClient;
let alice: string;
let bob: string;
let ada: string;
let versions: HeldVersion[];

beforeAll(async () => {
  // Every fleet view starts a new scan once the last one is done (outside changes compare with the newest).
  h = await Harness.start({ config: { fleet: { maxAgeMs: 0 } } });
  client = new CsmsClient({
    endpoint: h.emulator.url,
    projectId: h.emulator.projectId,
    credentials: { type: 'aksk', ...h.emulator.credentials },
  });
  await h.user('alice', 'admin');
  await h.user('bob', 'admin');
  await h.user('ada', 'auditor');
  [alice, bob, ada] = await Promise.all([h.login('alice'), h.login('bob'), h.login('ada')]);
  versions = await enabledVersions(client);
}, 60_000);
afterAll(() => h.close());
beforeEach(() => h.emulator.faults.clear());

const second = (ms: number) => Math.floor(ms / 1000) * 1000;
const query = (q: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(q).map(([k, v]): [string, string] => [k, String(v)])).toString();
const events = (q: Record<string, string | number> = {}, cookie = ada) =>
  h.request('GET', `${EVENTS}?${query(q)}`, { cookie });

/** What CSMS holds for a version now, read on the emulator with our client. */
async function held(v: { secret: string; version: string }): Promise<number | null> {
  const page = await client.listSecretVersions(v.secret, { limit: 100 });
  return page.version_metadatas.find((m) => m.id === v.version)?.expire_time ?? null;
}

/** One change through the BFF, with a reason; returns its answer. */
async function change(cookie: string, v: HeldVersion, expireTime: number, reason = 'ticket OPS-12') {
  return h.request('PUT', `/api/accounts/demo/secrets/${v.secret}/versions/${v.version}`, {
    cookie,
    body: { expire_time: expireTime, expected_expire_time: await held(v), reason },
  });
}

const pick = (i: number) => versions[i]!;

describe('pairing', () => {
  it('an applied change is one event: its outcome row with the intent, before, requested and after', async () => {
    const v = pick(0);
    const before = await held(v);
    const target = second(h.now() + 200 * DAY) + 123;
    const res = await change(alice, v, target);
    expect(res.status, res.text).toBe(200);
    const raw = await h.request('GET', `/api/audit?${query({ secret: v.secret, version: v.version, action: 'version.update' })}`, { cookie: ada }); // prettier-ignore
    const [outcome, intent] = raw.json.entries;
    expect(outcome.id).toBe(res.json.audit_id);
    const answer = await events({ entry: outcome.id });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      events: [
        {
          id: outcome.id,
          seq: outcome.seq,
          at: outcome.at,
          action: 'version.update',
          outcome: 'applied',
          actor: { name: 'alice', role: 'admin' },
          account: 'demo',
          secret: v.secret,
          version: v.version,
          before_expire_time: before,
          requested_expire_time: target,
          after_expire_time: second(target),
          reason: 'ticket OPS-12',
          csms_request_id: h.emulatorCalls('UpdateVersion').at(-1)!.request_id,
          csms_error_code: null,
          batch_id: null,
          request_id: intent.request_id,
          client_ip: intent.client_ip,
          intent: { id: intent.id, at: intent.at },
          details: null,
        },
      ],
      next_cursor: null,
    });
    // The intent's id names the same change; the raw view's `entry` gives that one row.
    expect((await events({ entry: intent.id })).json.events).toEqual(answer.json.events);
    const one = await h.request('GET', `/api/audit?entry=${intent.id}`, { cookie: ada });
    expect(one.json.entries.map((e: { id: string }) => e.id)).toEqual([intent.id]);
  });

  it('a change CSMS refuses is one `failed` event carrying the CSMS error code', async () => {
    const v = pick(1);
    h.emulator.faults.add({
      type: 'error',
      operation: 'UpdateVersion',
      status: 400,
      error_code: 'CSMS.0401',
      times: 1,
    });
    const res = await change(alice, v, h.now() + 100 * DAY);
    expectError(res, 422, 'upstream_rejected');
    const { events: list } = (await events({ secret: v.secret, version: v.version })).json;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      outcome: 'failed',
      csms_error_code: 'CSMS.0401',
      after_expire_time: null,
      details: { sent: true },
    });
    expect(list[0].intent.id).not.toBe(list[0].id);
  });

  it('an intent left by a crash is `pending`, then `reconciled` with what CSMS holds', async () => {
    const v = pick(2);
    const observed = await held(v);
    const intent = await h.stores.audit.append({
      action: 'version.update',
      outcome: 'intent',
      at: h.now() - 3 * 60_000,
      actor: { id: 'x', name: 'bob', role: 'admin', auth_method: 'password' },
      target: { account: 'demo', project_id: h.emulator.projectId, secret: v.secret, version: v.version },
      before: { expire_time: observed },
      after: { expire_time: h.now() + 9 * DAY },
      reason: 'crashed mid-change',
    });
    const pending = (await events({ entry: intent.id })).json.events;
    expect(pending).toEqual([
      expect.objectContaining({
        id: intent.id,
        seq: intent.seq,
        at: intent.at,
        outcome: 'pending',
        intent: { id: intent.id, at: intent.at },
        requested_expire_time: intent.after!.expire_time,
        after_expire_time: null,
      }),
    ]);
    expect((await events({ outcome: 'pending' })).json.events.map((e: { id: string }) => e.id)).toContain(
      intent.id,
    );
    expect(await h.app.services.versions.reconcile(h.now() - 2 * 60_000)).toBe(1);
    const [settled] = (await events({ entry: intent.id })).json.events;
    expect(settled).toMatchObject({
      outcome: 'reconciled',
      intent: { id: intent.id, at: intent.at },
      actor: { name: 'bob', role: 'admin' },
      before_expire_time: observed,
      after_expire_time: observed,
      reason: 'crashed mid-change',
      details: { applied: false },
    });
    expect(settled.id).not.toBe(intent.id);
    expect(settled.seq).toBeGreaterThan(intent.seq);
  });
});

describe('filters', () => {
  it('each filter selects exactly its events', async () => {
    const from = h.now();
    const v = pick(3);
    const w = pick(4);
    expect((await change(bob, v, h.now() + 150 * DAY)).status).toBe(200);
    expect((await change(alice, w, h.now() + 151 * DAY)).status).toBe(200);
    const to = h.now() + 1;
    const all = (await events({ limit: 200 })).json.events as AuditEvent[];
    const cases: Array<[Record<string, string | number>, (e: AuditEvent) => boolean]> = [
      [{ account: 'demo' }, (e) => e.account === 'demo'],
      [{ secret: v.secret }, (e) => e.secret === v.secret],
      [{ secret: v.secret, version: v.version }, (e) => e.secret === v.secret && e.version === v.version],
      [{ actor: 'bob' }, (e) => e.actor.name === 'bob'],
      [{ action: 'version.update' }, (e) => e.action === 'version.update'],
      [{ action: 'audit.view', actor: 'ada' }, (e) => e.action === 'audit.view' && e.actor.name === 'ada'],
      [{ outcome: 'applied' }, (e) => e.outcome === 'applied'],
      [{ outcome: 'failed' }, (e) => e.outcome === 'failed'],
      [{ outcome: 'reconciled' }, (e) => e.outcome === 'reconciled'],
      [{ outcome: 'ok', actor: 'alice' }, (e) => e.outcome === 'ok' && e.actor.name === 'alice'],
      [{ from, to, action: 'version.update' }, (e) => e.at >= from && e.at < to && e.action === 'version.update'],
    ]; // prettier-ignore
    for (const [filter, matches] of cases) {
      const res = await events({ ...filter, limit: 200 });
      expect(res.status).toBe(200);
      // Compared with the unfiltered list read before (new view rows since are by ada, on top: left out).
      const got = (res.json.events as Array<{ id: string; seq: number }>).filter((e) => e.seq <= all[0]!.seq);
      const expected = all.filter(matches).map((e) => e.id);
      expect(got.map((e) => e.id), JSON.stringify(filter)).toEqual(expected);
      if (!JSON.stringify(filter).includes('view')) expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0);
    } // prettier-ignore
    const window = (await events({ from, to, action: 'version.update' })).json.events;
    expect(window.map((e: { secret: string }) => e.secret)).toEqual([w.secret, v.secret]);
  });

  it('each view is recorded before it is answered, naming the view and its filter', async () => {
    const res = await events({ actor: 'bob', limit: 3 });
    expect(res.status).toBe(200);
    const [row] = (await h.stores.audit.list({ action: 'audit.view', actor: 'ada' }, { limit: 1 })).entries;
    expect(row).toMatchObject({
      outcome: 'ok',
      actor: { name: 'ada', role: 'auditor' },
      details: { view: 'events', filter: { actor: 'bob' }, cursor: null },
    });
  });

  it('pages newest first, each event once, while every request appends a row and changes go on', async () => {
    const before = (await events({ limit: 200 })).json.events as Array<{ id: string; intent: { id: string } | null }>; // prettier-ignore
    expect(before.length).toBeGreaterThan(15);
    const firstOf = (e: { id: string; intent: { id: string } | null }) => e.intent?.id ?? e.id;
    const seen: string[] = [];
    let cursor: string | undefined;
    let k = 0;
    do {
      const res = await events({ limit: 4, ...(cursor && { cursor }) });
      expect(res.status).toBe(200);
      seen.push(...res.json.events.map(firstOf));
      cursor = res.json.next_cursor ?? undefined;
      // A change between pages (two rows), on top of the view row each page request appends.
      if (k++ < 3) expect((await change(alice, pick(5), h.now() + (160 + k) * DAY)).status).toBe(200);
    } while (cursor !== undefined);
    expect(new Set(seen).size).toBe(seen.length);
    // Everything there was, plus the first page's own view (recorded before it was answered).
    expect(seen.slice(1)).toEqual(before.map(firstOf));
  });

  it('a batch: `batch` gives its changes as events, and its rows in the raw view', async () => {
    const chosen = [pick(6), pick(7), pick(8)];
    const base = second(h.now() + 90 * DAY);
    const created = await h.request('POST', '/api/accounts/demo/expiry-batches', {
      cookie: bob,
      body: {
        reason: 'quarterly rotation',
        items: await Promise.all(
          chosen.map(async (v, i) => ({
            secret: v.secret,
            version: v.version,
            expire_time: base + i * 60_000,
            expected_expire_time: await held(v),
          })),
        ),
      },
    });
    expect(created.status, created.text).toBe(202);
    const { id } = created.json as { id: string };
    const done = await untilDone(() => h.request('GET', `/api/accounts/demo/expiry-batches/${id}`, { cookie: bob }));
    expect(done.items.map((i) => i.status)).toEqual(['applied', 'applied', 'applied']);
    const list = (await events({ batch: id })).json.events as AuditEvent[];
    expect(list).toHaveLength(3);
    for (const e of list) {
      expect(e).toMatchObject({ batch_id: id, outcome: 'applied', reason: 'quarterly rotation', actor: { name: 'bob' } });
    }
    expect(list.map((e) => `${e.secret}/${e.version}/${String(e.after_expire_time)}`).sort()).toEqual(
      chosen.map((v, i) => `${v.secret}/${v.version}/${base + i * 60_000}`).sort(),
    );
    const raw = await h.request('GET', `/api/audit?batch=${id}`, { cookie: ada });
    expect(raw.json.entries).toHaveLength(6);
    expect(raw.json.entries.every((e: { details: { batch_id: string } }) => e.details.batch_id === id)).toBe(true);
    expect((await events({ batch: '01ARZ3NDEKTSV4RRFFQ69G5FAV' })).json.events).toEqual([]);
  }, 60_000); // prettier-ignore
});

/** RFC 4180 rows (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted) cell += c;
    else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('events.csv', () => {
  it('holds the same events as the page, formula-safe, and is recorded as an export', async () => {
    expect((await change(alice, pick(9), h.now() + 170 * DAY, '=HYPERLINK("http://x")')).status).toBe(200);
    const page = (await events({ account: 'demo', limit: 200 })).json.events as AuditEvent[];
    const res = await h.request('GET', `/api/audit/events.csv?account=demo&limit=1`, { cookie: ada });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-events-\d{4}-\d\d-\d\d\.csv"$/);
    const [header, ...rows] = parseCsv(res.text);
    expect(header).toEqual([
      'at_iso', 'at', 'action', 'outcome', 'actor_name', 'actor_role', 'account', 'secret', 'version',
      'before_expire_time', 'before_expire_time_iso', 'requested_expire_time', 'requested_expire_time_iso',
      'after_expire_time', 'after_expire_time_iso', 'reason', 'csms_request_id', 'csms_error_code', 'batch_id',
      'intent_id', 'entry_id', 'seq',
    ]);
    const cell = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));
    const isoOf = (v: number | null) => (v === null ? '' : new Date(v).toISOString());
    expect(rows).toEqual(
      page.map((e) => [
        new Date(e.at).toISOString(), cell(e.at), e.action, e.outcome, cell(e.actor.name), cell(e.actor.role),
        cell(e.account), cell(e.secret), cell(e.version), cell(e.before_expire_time), isoOf(e.before_expire_time),
        cell(e.requested_expire_time), isoOf(e.requested_expire_time), cell(e.after_expire_time),
        isoOf(e.after_expire_time), e.reason?.startsWith('=') ? `'${e.reason}` : cell(e.reason),
        cell(e.csms_request_id), cell(e.csms_error_code), cell(e.batch_id), cell(e.intent?.id), e.id, cell(e.seq),
      ]),
    ); // the whole filter, not one page: `limit` and `cursor` do not apply to an export
    expect(rows.length).toBeGreaterThan(10);
    expect(rows[0]![15]).toBe(`'=HYPERLINK("http://x")`);
    const [row] = (await h.stores.audit.list({ action: 'audit.export', actor: 'ada' }, { limit: 1 })).entries;
    expect(row!.details).toEqual({ view: 'events', filter: { account: 'demo' } });
  }); // prettier-ignore
});

describe('bad input', () => {
  const cases: Array<[string, string]> = [
    ['from=2000&to=1000', 'to'],
    ['from=1000&to=1000', 'to'],
    ['limit=201', 'limit'],
    ['limit=0', 'limit'],
    ['outcome=intent', 'outcome'],
    ['outcome=bogus', 'outcome'],
    ['action=bogus', 'action'],
    ['entry=not-an-id', 'entry'],
    ['batch=01ARZ3NDEKTSV4RRFFQ69G5FA', 'batch'],
    ['secret=a&secret=b', 'secret'],
    ['cursor=abc', 'cursor'],
    ['from=yesterday', 'from'],
    [`actor=${'a'.repeat(65)}`, 'actor'],
    ['nope=1', ''],
  ];
  it.each(cases)('%s: 400 invalid_input naming `%s`', async (q, path) => {
    for (const route of [EVENTS, '/api/audit/events.csv']) {
      const res = await h.request('GET', `${route}?${q}`, { cookie: ada });
      expectError(res, 400, 'invalid_input');
      expect(res.json.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
  });

  it('the raw view refuses a bad batch or entry and an inverted range the same way', async () => {
    for (const [q, path] of [
      ['batch=x', 'batch'],
      ['entry=x', 'entry'],
      ['from=5&to=4', 'to'],
    ]) {
      for (const route of ['/api/audit', '/api/audit/export.csv']) {
        const res = await h.request('GET', `${route}?${q}`, { cookie: ada });
        expectError(res, 400, 'invalid_input');
        expect(res.json.error.details.issues[0].path).toBe(path);
      }
    }
  });
});

describe('outside changes', () => {
  const path = '/api/accounts/demo/outside-changes';

  /**
   * Asks until the answer comes from a complete scan that started after `after`; returns it then. Only this
   * route is asked: it starts the scans itself (as the board does), so an auditor needs no other page.
   */
  async function scannedAfter(after: number): Promise<OutsideChanges> {
    for (let i = 0; i < 300; i++) {
      const res = await h.request('GET', path, { cookie: ada });
      expect(res.status).toBe(200);
      const answer = res.json as OutsideChanges;
      if (answer.complete && answer.scanned_at !== null && answer.scanned_at > after) return answer;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('no complete scan after the changes');
  }

  it('lists a version changed on CSMS directly since the console set it, and nothing else', async () => {
    const [x, y, z] = [pick(10), pick(11), pick(12)];
    const xs = await change(alice, x, h.now() + 120 * DAY);
    expect(xs.status).toBe(200);
    expect((await change(bob, y, h.now() + 121 * DAY)).status).toBe(200);
    const outside = second(h.now() + 30 * DAY);
    await client.updateVersion(x.secret, x.version, outside);
    await client.updateVersion(z.secret, z.version, second(h.now() + 31 * DAY)); // never changed by the console
    const changedAt = h.now();
    // Past the margin for clock skew between replicas: a change settled closer to the scan is not compared.
    h.offsetMs += OUTSIDE_CHANGES_SKEW_MS + 1_000;
    const answer = await scannedAfter(changedAt);
    const [set] = (await events({ entry: xs.json.audit_id })).json.events;
    expect(answer.items).toEqual([
      {
        secret: x.secret,
        version: x.version,
        current_expire_time: outside,
        console_expire_time: xs.json.version.expire_time,
        console_set_at: set.at,
        console_actor: 'alice',
        console_entry: xs.json.audit_id,
      },
    ]);

    // The console sets it again after that scan started: the scan cannot have seen it, so it is not compared.
    expect((await change(alice, x, h.now() + 122 * DAY)).status).toBe(200);
    const later = await h.request('GET', path, { cookie: ada });
    expect(later.json).toMatchObject({ scanned_at: answer.scanned_at, items: [] });
    // The next scan sees the console's value: nothing differs.
    const setAgainAt = h.now();
    h.offsetMs += OUTSIDE_CHANGES_SKEW_MS + 1_000;
    expect((await scannedAfter(setAgainAt)).items).toEqual([]);
  }, 120_000);

  it('answers 404 for an unknown account and refuses a query string', async () => {
    expectError(await h.request('GET', '/api/accounts/nope/outside-changes', { cookie: ada }), 404, 'account_not_found');
    expectError(await h.request('GET', `${path}?x=1`, { cookie: ada }), 400, 'invalid_input');
  }); // prettier-ignore
});
