/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- wire JSON, asserted field by field */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { T0, eventFixture, projectFixture } from '../testing/fixtures.js';
import { startTestEmulator, type TestEmulator } from '../testing/harness.js';

const HOUR = 3_600_000;
let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator({ clock: () => T0, admin: true });
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.admin('POST', '/__admin/clock', { now: T0 });
  t.emu.store.replaceProject(
    t.emu.projectId,
    projectFixture(
      [
        { name: 'watched', versions: 2, event: 'alerts', expiries: { v1: T0 + HOUR, v2: T0 + 5 * HOUR } },
        { name: 'muted', versions: 1, event: 'quiet', expiries: { v1: T0 + HOUR } },
        { name: 'unwatched', versions: 1, expiries: { v1: T0 + HOUR } },
      ],
      [
        eventFixture('alerts', ['SECRET_VERSION_EXPIRED', 'SECRET_VERSION_CREATED']),
        eventFixture('quiet', ['SECRET_VERSION_EXPIRED'], 'DISABLED'),
      ],
    ),
  );
});

const records = async (): Promise<any[]> => (await t.csms('GET', '/csms/notification-records')).json.records;
const advance = (ms: number) => t.admin('POST', '/__admin/clock', { advance_ms: ms });

describe('version-expiry notifications', () => {
  it('writes exactly one record per expiry, however often the clock passes it', async () => {
    await advance(2 * HOUR);
    await advance(2 * HOUR);
    let list = await records();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      event_name: 'alerts',
      trigger_event_type: 'SECRET_VERSION_EXPIRED',
      create_time: T0 + HOUR,
      secret_name: 'watched',
      secret_type: 'COMMON',
      notification_target_name: 'alerts',
      notification_target_id: 'urn:smn:cn-north-4:p:alerts',
      notification_status: 'SUCCESS',
    });
    const content = JSON.parse(list[0].notification_content);
    expect(content).toMatchObject({
      eventName: 'alerts',
      eventType: 'SECRET_VERSION_EXPIRED',
      eventTime: '2030-01-01T01:00:00.000Z',
      data: { secretName: 'watched', versionId: 'v1', versionExpireTime: '2030-01-01T01:00:00.000Z' },
    });
    await advance(HOUR);
    list = await records();
    expect(list.map((r) => JSON.parse(r.notification_content).data.versionId)).toEqual(['v2', 'v1']);
  });

  it('re-arms on UpdateVersion: a new expiry gives a second record', async () => {
    await advance(2 * HOUR);
    expect(await records()).toHaveLength(1);
    const now = T0 + 2 * HOUR;
    expect(
      (await t.csms('PUT', '/secrets/watched/versions/v1', { body: { expire_time: now + HOUR } })).status,
    ).toBe(200);
    expect(await records()).toHaveLength(1);
    await advance(2 * HOUR);
    const list = await records();
    expect(list.filter((r) => JSON.parse(r.notification_content).data.versionId === 'v1')).toHaveLength(2);
  });

  it('writes none for a DISABLED event or an unsubscribed secret, and does not fire later', async () => {
    await advance(2 * HOUR);
    expect((await records()).map((r) => r.secret_name)).toEqual(['watched']);
    await t.csms('PUT', '/csms/events/quiet', { body: { state: 'ENABLED' } });
    await advance(HOUR);
    expect((await records()).some((r) => r.secret_name === 'muted')).toBe(false);
  });

  it('is never late: when the time source passes an expiry, the next read already sees the record', async () => {
    let now = T0;
    const own = await startTestEmulator({ clock: () => now });
    try {
      own.emu.store.replaceProject(
        own.emu.projectId,
        projectFixture(
          [{ name: 'w', event: 'alerts', expiries: { v1: T0 + HOUR } }],
          [eventFixture('alerts')],
        ),
      );
      const read = async () => (await own.csms('GET', '/csms/notification-records')).json.records;
      expect(await read()).toHaveLength(0);
      now = T0 + HOUR; // the source moves on its own: no clock event, no timer tick in between
      expect(await read()).toHaveLength(1);
    } finally {
      await own.close();
    }
  });

  it('records SECRET_VERSION_CREATED when the event includes it', async () => {
    await t.csms('POST', '/secrets/watched/versions', { body: { secret_string: 'x' } });
    const list = await records();
    expect(list[0]).toMatchObject({ trigger_event_type: 'SECRET_VERSION_CREATED', secret_name: 'watched' });
    expect(JSON.parse(list[0].notification_content).data.versionId).toBe('v3');
  });
});

describe('events', () => {
  const event = {
    name: 'new-event',
    event_types: ['SECRET_VERSION_EXPIRED'],
    state: 'ENABLED',
    notification: { target_type: 'SMN', target_id: 'urn:smn:cn-north-4:abc:topic', target_name: 'topic' },
  };

  it('creates, shows, lists (sorted by name) and updates', async () => {
    const created = await t.csms('POST', '/csms/events', { body: event });
    expect(created.status).toBe(200);
    expect(created.json.event).toMatchObject({ ...event, create_time: T0, update_time: T0 });
    expect((await t.csms('GET', '/csms/events/new-event')).json.event.event_id).toBe(
      created.json.event.event_id,
    );
    const list = (await t.csms('GET', '/csms/events', { query: [['limit', '2']] })).json;
    expect(list.events.map((e: any) => e.name)).toEqual(['alerts', 'new-event']);
    expect(list.page_info).toEqual({ next_marker: 'new-event', previous_marker: 'alerts', current_count: 2 });
    const updated = await t.csms('PUT', '/csms/events/new-event', { body: { state: 'DISABLED' } });
    expect(updated.json.event.state).toBe('DISABLED');
  });

  it('answers errors in the nested shape', async () => {
    const bad = await t.csms('POST', '/csms/events', {
      body: { ...event, event_types: ['SECRET_VERSION_NEAR_EXPIRY'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({
      error: { error_code: 'CSMS.0002', error_msg: expect.stringContaining('event_types') },
    });
    const missing = await t.csms('GET', '/csms/events/nope');
    expect(missing.status).toBe(404);
    expect(missing.json.error.error_code).toBe('CSMS.0005');
    const notJson = await t.csms('POST', '/csms/events', { body: '{' });
    expect(notJson.json.error.error_code).toBe('CSMS.0004');
  });

  it.each([
    ['a duplicate name', { name: 'alerts' }],
    ['repeated types', { event_types: ['SECRET_ROTATED', 'SECRET_ROTATED'] }],
    ['a non-SMN target', { notification: { target_type: 'EMAIL', target_id: 'x', target_name: 'x' } }],
    ['a bad state', { state: 'ON' }],
  ])('rejects %s', async (_label, change) => {
    const res = await t.csms('POST', '/csms/events', { body: { ...event, ...change } });
    expect(res.status).toBe(400);
    expect(res.json.error.error_code).toBe('CSMS.0002');
  });

  it('refuses to delete an event that secrets subscribe to, deletes others with 204', async () => {
    expect((await t.csms('DELETE', '/csms/events/alerts')).json.error.error_code).toBe('CSMS.0003');
    await t.csms('PUT', '/secrets/muted', { body: { event_subscriptions: [] } });
    expect((await t.csms('DELETE', '/csms/events/quiet')).status).toBe(204);
  });
});
