/**
 * Notification health (issue 14 item 4) over HTTP against the emulator's demo seed: for every version, will
 * CSMS tell anyone (the scan's `notify`, now with `records_failing` from CSMS's own notification records),
 * and will the console (`console_notify`, from its rules and channels as they are at answer time), and how
 * many versions expire within 30 days with no one to tell (`untold`). Rules, channels and deliveries are
 * rows put in the store with SQL here (their API is built elsewhere); what is expected is worked out from
 * the emulator's own data and the words, not from the BFF's code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldVersions, key, notifyHeld, untilComplete } from './fleet-support.js';
import { Harness, type Response } from './harness.js';

const PATH = '/api/accounts/demo/expiry?within=all';
const DAY = 86_400_000;
const CHANNEL_A = '01J00000000000000000000CHA';
const CHANNEL_B = '01J00000000000000000000CHB';
const RULE = '01J00000000000000000000RUA';

type Item = { secret: string; version: string; notify: string; console_notify: string; stages: string[] };

async function addChannel(h: Harness, id: string, name: string): Promise<void> {
  await h.stores.db.query(
    `INSERT INTO notify_channels (id, kind, name, target, settings, created_at, updated_at, updated_by)
     VALUES ($1, 'webhook', $2, 'hooks.example.com', '{}', 1, 1, 'test')`,
    [id, name],
  );
}

async function addDelivery(h: Harness, channel: string, status: string, at: number): Promise<void> {
  await h.stores.db.query(
    `INSERT INTO notify_deliveries (id, kind, channel_id, channel_name, channel_kind, language, time_zone,
                                    status, created_at, sent_at)
     VALUES ($1, 'digest', $2, 'x', 'webhook', 'en', 'UTC', $3, $4, $5)`,
    [`d-${channel}-${at}`, channel, status, at, status === 'sent' ? at : null],
  );
}

async function setRule(
  h: Harness,
  settings: { accounts: '*' | string[]; versions: string; channels: string[] },
  enabled = true,
): Promise<void> {
  await h.stores.db.query('DELETE FROM notify_rules');
  await h.stores.db.query(
    `INSERT INTO notify_rules (id, name, enabled, settings, created_at, updated_at, updated_by)
     VALUES ($1, 'Ops warnings', $2, $3, 1, 1, 'test')`,
    [
      RULE,
      enabled,
      JSON.stringify({
        lead_days: [30, 7, 1],
        on_expiry: true,
        language: 'en',
        time_zone: 'UTC',
        ...settings,
      }),
    ],
  );
}

/** What the issue says `untold` counts, from the emulator's data and a console answer per version. */
function expectedUntold(
  h: Harness,
  csms: Map<string, string>,
  consoleOf: (stages: string[]) => string,
  now: number,
): number {
  return heldVersions(h.emulator).filter(
    (v) =>
      v.expire_time !== null &&
      v.expire_time > now &&
      v.expire_time <= now + 30 * DAY &&
      csms.get(v.secret) !== 'ok' &&
      consoleOf(v.stages) !== 'ok',
  ).length;
}

describe('notification health: CSMS records, console rules and channels, and the untold count', () => {
  let h: Harness;
  let cookie: string;
  let failing: string;
  /** Secret -> the CSMS answer expected, records included. */
  let csms: Map<string, string>;

  const board = async (): Promise<Response> => {
    const res = await h.request('GET', PATH, { cookie });
    expect(res.status).toBe(200);
    return res;
  };

  beforeAll(async () => {
    h = await Harness.start();
    await h.user('ada', 'auditor');
    cookie = await h.login('ada');
    // A secret CSMS would notify about, whose newest version-expiry record failed (an older one succeeded),
    // and one whose newest record succeeded after an older failure: only the first is records_failing.
    const project = structuredClone(h.emulator.store.project(h.emulator.projectId)!);
    const ok = [...notifyHeld(h.emulator)].filter(([, n]) => n === 'ok').map(([s]) => s);
    expect(ok.length).toBeGreaterThanOrEqual(2);
    [failing] = ok as [string];
    const recovered = ok[1]!;
    const event = project.secrets[failing]!.event_subscriptions[0]!;
    const record = (secret: string, at: number, status: 'SUCCESS' | 'FAIL' | 'INVALID') => ({
      event_name: project.secrets[secret]!.event_subscriptions[0]!,
      trigger_event_type: 'SECRET_VERSION_EXPIRED' as const,
      create_time: at,
      secret_name: secret,
      secret_type: project.secrets[secret]!.secret_type,
      notification_target_name: 'ops',
      notification_target_id: 'smn-ops',
      notification_content: '{}',
      notification_status: status,
    });
    const now = Date.now();
    project.records.push(
      record(failing, now - 3 * DAY, 'SUCCESS'),
      record(failing, now - DAY, 'INVALID'),
      record(recovered, now - 3 * DAY, 'FAIL'),
      record(recovered, now - DAY, 'SUCCESS'),
    );
    expect(event).toBeTruthy();
    const seeded = await fetch(`${h.emulator.url}/__admin/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ project, project_id: h.emulator.projectId }),
    });
    expect(seeded.status).toBe(200);
    csms = new Map([...notifyHeld(h.emulator)].map(([s, n]) => [s, s === failing ? 'records_failing' : n]));
    const { last } = await untilComplete(h, PATH, cookie);
    expect(last.json.complete).toBe(true);
    expect(h.emulatorCalls('ListNotificationRecords')).toHaveLength(1);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('CSMS side: the newest expiry record FAIL/INVALID answers records_failing, on the board and the page', async () => {
    const items = (await board()).json.items as Item[];
    for (const item of items)
      expect(`${item.secret}: ${item.notify}`).toBe(`${item.secret}: ${csms.get(item.secret)}`);
    expect(items.some((i) => i.notify === 'records_failing')).toBe(true);
    const page = await h.request('GET', `/api/accounts/demo/secrets/${encodeURIComponent(failing)}`, {
      cookie,
    });
    expect(page.status).toBe(200);
    expect(page.json.notification).toMatchObject({ reason: 'records_failing', will_notify: false });
  });

  it('no rule: every version no_rule, and untold counts those expiring within 30 days CSMS will not tell', async () => {
    const res = await board();
    const items = res.json.items as Item[];
    expect(new Set(items.map((i) => i.console_notify))).toEqual(new Set(['no_rule']));
    const expected = expectedUntold(h, csms, () => 'no_rule', res.json.server_time);
    expect(expected).toBeGreaterThan(0);
    expect(res.json.untold).toBe(expected);
    const page = await h.request('GET', `/api/accounts/demo/secrets/${encodeURIComponent(failing)}`, {
      cookie,
    });
    expect(page.json.console_notification).toEqual({ status: 'no_rule', rules: [], channels: [] });
  });

  it('a covering rule with a healthy channel: ok, and nothing is untold', async () => {
    await addChannel(h, CHANNEL_A, 'Ops hook');
    await addDelivery(h, CHANNEL_A, 'failed', 1_000);
    await addDelivery(h, CHANNEL_A, 'sent', 2_000);
    await setRule(h, { accounts: '*', versions: 'all', channels: [CHANNEL_A] });
    const res = await board();
    expect(new Set((res.json.items as Item[]).map((i) => i.console_notify))).toEqual(new Set(['ok']));
    expect(res.json.untold).toBe(0);
    const page = await h.request('GET', `/api/accounts/demo/secrets/${encodeURIComponent(failing)}`, {
      cookie,
    });
    expect(page.json.console_notification).toEqual({
      status: 'ok',
      rules: [{ id: RULE, name: 'Ops warnings' }],
      channels: [{ id: CHANNEL_A, name: 'Ops hook', kind: 'webhook', failing: false, last_sent_at: 2_000 }],
    });
  });

  it('a rule for SYSCURRENT only covers those versions; a rule for another account or disabled covers none', async () => {
    await setRule(h, { accounts: ['demo'], versions: 'current', channels: [CHANNEL_A] });
    let res = await board();
    const consoleOf = (stages: string[]) => (stages.includes('SYSCURRENT') ? 'ok' : 'no_rule');
    const held = new Map(heldVersions(h.emulator).map((v) => [key(v), v.stages]));
    for (const item of res.json.items as Item[])
      expect(`${key(item)}: ${item.console_notify}`).toBe(`${key(item)}: ${consoleOf(held.get(key(item))!)}`);
    expect(res.json.untold).toBe(expectedUntold(h, csms, consoleOf, res.json.server_time));

    await setRule(h, { accounts: ['other'], versions: 'all', channels: [CHANNEL_A] });
    res = await board();
    expect(new Set((res.json.items as Item[]).map((i) => i.console_notify))).toEqual(new Set(['no_rule']));
    await setRule(h, { accounts: '*', versions: 'all', channels: [CHANNEL_A] }, false);
    res = await board();
    expect(new Set((res.json.items as Item[]).map((i) => i.console_notify))).toEqual(new Set(['no_rule']));
  });

  it('every channel failing (newest finished delivery failed, or one retrying): channel_failing, counted', async () => {
    await addChannel(h, CHANNEL_B, 'Ops mail');
    await addDelivery(h, CHANNEL_A, 'failed', 3_000);
    await addDelivery(h, CHANNEL_B, 'sent', 3_000);
    await addDelivery(h, CHANNEL_B, 'retrying', 4_000);
    await setRule(h, { accounts: '*', versions: 'all', channels: [CHANNEL_A, CHANNEL_B] });
    const res = await board();
    expect(new Set((res.json.items as Item[]).map((i) => i.console_notify))).toEqual(
      new Set(['channel_failing']),
    );
    expect(res.json.untold).toBe(expectedUntold(h, csms, () => 'channel_failing', res.json.server_time));
    const page = await h.request('GET', `/api/accounts/demo/secrets/${encodeURIComponent(failing)}`, {
      cookie,
    });
    expect(page.json.console_notification).toMatchObject({
      status: 'channel_failing',
      channels: [
        { id: CHANNEL_A, failing: true },
        { id: CHANNEL_B, failing: true },
      ],
    });
    // A channel that never delivered anything is not failing: the rule can still reach someone.
    const fresh = '01J00000000000000000000CHC';
    await addChannel(h, fresh, 'New hook');
    await setRule(h, { accounts: '*', versions: 'all', channels: [CHANNEL_A, fresh] });
    const again = await board();
    expect(new Set((again.json.items as Item[]).map((i) => i.console_notify))).toEqual(new Set(['ok']));
    expect(again.json.untold).toBe(0);
  });
});

describe('notification health: notification records CSMS will not give', () => {
  let h: Harness;
  let cookie: string;

  beforeAll(async () => {
    h = await Harness.start();
    await h.user('ada', 'auditor');
    cookie = await h.login('ada');
    h.emulator.faults.add({
      type: 'error',
      operation: 'ListNotificationRecords',
      status: 400,
      error_code: 'CSMS.0002',
      times: 1,
    });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('keeps the answers from the events: nothing turns unknown', async () => {
    const { last } = await untilComplete(h, PATH, cookie);
    expect(last.json).toMatchObject({ complete: true, failed: [] });
    expect(h.emulatorCalls('ListNotificationRecords').map((c) => c.status)).toEqual([400]);
    const held = notifyHeld(h.emulator);
    for (const item of last.json.items as Item[])
      expect(`${item.secret}: ${item.notify}`).toBe(`${item.secret}: ${held.get(item.secret)}`);
    expect(h.logs.join('')).toContain('fleet_scan_records_unreadable');
  });
});
