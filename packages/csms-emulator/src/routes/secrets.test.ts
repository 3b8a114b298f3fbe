/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- wire JSON, asserted field by field */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { T0, eventFixture, projectFixture } from '../testing/fixtures.js';
import { startTestEmulator, type TestEmulator } from '../testing/harness.js';

let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator({ clock: () => T0 });
});
afterAll(() => t.close());
beforeEach(() => {
  t.emu.store.replaceProject(
    t.emu.projectId,
    projectFixture(
      ['e', 'a', 'd', 'b', 'c'].map((name) => ({
        name: `s-${name}`,
        ...(name < 'c' ? { event: 'alerts' } : {}),
      })),
      [eventFixture('alerts')],
    ),
  );
});

const names = (json: any): string[] => json.secrets.map((s: any) => s.name);

describe('ListSecrets', () => {
  it('sorts by name and pages with marker; next_marker only while more remain', async () => {
    const one = (await t.csms('GET', '/secrets', { query: [['limit', '2']] })).json;
    expect(names(one)).toEqual(['s-a', 's-b']);
    expect(one.page_info).toEqual({ next_marker: 's-b', previous_marker: 's-a', current_count: 2 });
    const two = (
      await t.csms('GET', '/secrets', {
        query: [
          ['limit', '2'],
          ['marker', 's-b'],
        ],
      })
    ).json;
    expect(names(two)).toEqual(['s-c', 's-d']);
    const three = (
      await t.csms('GET', '/secrets', {
        query: [
          ['limit', '2'],
          ['marker', 's-d'],
        ],
      })
    ).json;
    expect(names(three)).toEqual(['s-e']);
    expect(three.page_info).toEqual({ previous_marker: 's-e', current_count: 1 });
    const exact = (await t.csms('GET', '/secrets', { query: [['limit', '5']] })).json;
    expect(exact.page_info.next_marker).toBeUndefined();
  });

  it('starts after a marker that no longer exists', async () => {
    expect(names((await t.csms('GET', '/secrets', { query: [['marker', 's-bb']] })).json)).toEqual([
      's-c',
      's-d',
      's-e',
    ]);
  });

  it('filters by event_name, paging over the filtered list', async () => {
    const page = (
      await t.csms('GET', '/secrets', {
        query: [
          ['event_name', 'alerts'],
          ['limit', '1'],
        ],
      })
    ).json;
    expect(names(page)).toEqual(['s-a']);
    expect(page.page_info.next_marker).toBe('s-a');
    const rest = (
      await t.csms('GET', '/secrets', {
        query: [
          ['event_name', 'alerts'],
          ['marker', 's-a'],
        ],
      })
    ).json;
    expect(names(rest)).toEqual(['s-b']);
    expect(rest.page_info.next_marker).toBeUndefined();
  });

  it('returns metadata only, with the wire field names', async () => {
    const secret = (await t.csms('GET', '/secrets', { query: [['limit', '1']] })).json.secrets[0];
    expect(Object.keys(secret)).toEqual([
      'id',
      'name',
      'state',
      'kms_key_id',
      'description',
      'create_time',
      'update_time',
      'scheduled_delete_time',
      'secret_type',
      'auto_rotation',
      'event_subscriptions',
      'enterprise_project_id',
    ]);
  });

  it.each([
    ['limit', '0'],
    ['limit', '12345'],
    ['limit', '1.5'],
    ['limit', ''],
    ['marker', 'a.b'],
    ['event_name', 'x'.repeat(65)],
  ])('rejects %s=%s with 400 CSMS.0002', async (name, value) => {
    const res = await t.csms('GET', '/secrets', { query: [[name, value]] });
    expect(res.status).toBe(400);
    expect(res.json.error_code).toBe('CSMS.0002');
  });

  it('accepts limit up to 9999 (4 digits) and caps the page at 1000', async () => {
    expect(
      (await t.csms('GET', '/secrets', { query: [['limit', '9999']] })).json.page_info.current_count,
    ).toBe(5);
  });
});

describe('CreateSecret / ShowSecret / UpdateSecret', () => {
  it('creates an ENABLED secret with v1 on SYSCURRENT', async () => {
    const res = await t.csms('POST', '/secrets', {
      body: {
        name: 'new-secret',
        secret_string: 'hunter2',
        description: 'x',
        event_subscriptions: ['alerts'],
      },
    });
    expect(res.status).toBe(200);
    expect(res.json.secret).toMatchObject({
      name: 'new-secret',
      state: 'ENABLED',
      create_time: T0,
      update_time: T0,
      scheduled_delete_time: null,
      secret_type: 'COMMON',
      event_subscriptions: ['alerts'],
      enterprise_project_id: '0',
    });
    expect(res.json.secret.id).toMatch(/^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$/);
    expect(res.text).not.toContain('hunter2');
    const stage = (await t.csms('GET', '/secrets/new-secret/stages/SYSCURRENT')).json.stage;
    expect(stage.version_id).toBe('v1');
    expect((await t.csms('GET', '/secrets/new-secret')).json.secret.name).toBe('new-secret');
  });

  it.each([
    ['a bad name', { name: 'a.b', secret_string: 'x' }],
    ['a 65-character name', { name: 'x'.repeat(65), secret_string: 'x' }],
    ['no value', { name: 'x' }],
    ['a 2049-byte description', { name: 'x', secret_string: 'x', description: 'é'.repeat(1025) }],
    ['two subscriptions', { name: 'x', secret_string: 'x', event_subscriptions: ['a', 'b'] }],
    ['an unknown type', { name: 'x', secret_string: 'x', secret_type: 'RDS' }],
    ['rotation without a period', { name: 'x', secret_string: 'x', auto_rotation: true }],
    ['a 5h rotation period', { name: 'x', secret_string: 'x', auto_rotation: true, rotation_period: '5h' }],
    ['RDS-FG without rotation_config', { name: 'x', secret_string: 'x', secret_type: 'RDS-FG' }],
    ['an existing name', { name: 's-a', secret_string: 'x' }],
  ])('rejects %s with 400 CSMS.0002', async (_label, body) => {
    const res = await t.csms('POST', '/secrets', { body });
    expect(res.status).toBe(400);
    expect(res.json.error_code).toBe('CSMS.0002');
  });

  it('needs subscribed events to exist', async () => {
    const res = await t.csms('POST', '/secrets', {
      body: { name: 'x', secret_string: 'x', event_subscriptions: ['nope'] },
    });
    expect(res.status).toBe(404);
    expect(res.json.error_code).toBe('CSMS.0005');
  });

  it('updates metadata, not values', async () => {
    const res = await t.csms('PUT', '/secrets/s-c', {
      body: {
        description: 'changed',
        event_subscriptions: ['alerts'],
        auto_rotation: true,
        rotation_period: '30d',
      },
    });
    expect(res.status).toBe(200);
    expect(res.json.secret).toMatchObject({
      description: 'changed',
      event_subscriptions: ['alerts'],
      auto_rotation: true,
      rotation_period: '30d',
      next_rotation_time: T0 + 30 * 86_400_000,
      update_time: T0,
    });
  });

  it('schedules deletion and restores', async () => {
    const scheduled = await t.csms('POST', '/secrets/s-a/scheduled-deleted-tasks/create', {
      body: { recovery_window_in_days: 7 },
    });
    expect(scheduled.json.secret).toMatchObject({
      state: 'PENDING_DELETE',
      scheduled_delete_time: T0 + 7 * 86_400_000,
    });
    expect((await t.csms('PUT', '/secrets/s-a', { body: { description: 'x' } })).json.error_code).toBe(
      'CSMS.0103',
    );
    expect(
      (
        await t.csms('POST', '/secrets/s-a/scheduled-deleted-tasks/create', {
          body: { recovery_window_in_days: 7 },
        })
      ).json.error_code,
    ).toBe('CSMS.0107');
    const restored = await t.csms('POST', '/secrets/s-a/scheduled-deleted-tasks/cancel');
    expect(restored.json.secret).toMatchObject({ state: 'ENABLED', scheduled_delete_time: null });
    expect((await t.csms('POST', '/secrets/s-a/scheduled-deleted-tasks/cancel')).json.error_code).toBe(
      'CSMS.0108',
    );
  });

  it('deletes a secret at once', async () => {
    expect((await t.csms('DELETE', '/secrets/s-e')).status).toBe(200);
    expect((await t.csms('GET', '/secrets/s-e')).status).toBe(404);
    expect(names((await t.csms('GET', '/secrets')).json)).toEqual(['s-a', 's-b', 's-c', 's-d']);
  });

  it('treats names like constructor and __proto__ as ordinary names', async () => {
    expect((await t.csms('GET', '/secrets/constructor')).status).toBe(404);
    expect(
      (await t.csms('POST', '/secrets', { body: { name: '__proto__', secret_string: 'x' } })).status,
    ).toBe(200);
    expect((await t.csms('GET', '/secrets/__proto__')).json.secret.name).toBe('__proto__');
    expect((await t.csms('GET', '/secrets/__proto__/stages/constructor')).status).toBe(404);
  });
});
