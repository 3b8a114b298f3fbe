/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- wire JSON, asserted field by field */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { T0, projectFixture } from '../testing/fixtures.js';
import { startTestEmulator, type TestEmulator } from '../testing/harness.js';

const DAY = 86_400_000;
let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator({ clock: () => T0 });
});
afterAll(() => t.close());
beforeEach(() => {
  t.emu.store.replaceProject(
    t.emu.projectId,
    projectFixture([
      { name: 'app', versions: 3, expiries: { v3: T0 + 30 * DAY } },
      { name: 'full', versions: 20 },
      { name: 'off', state: 'DISABLED', versions: 2 },
      { name: 'frozen', state: 'FROZEN' },
      { name: 'going', state: 'PENDING_DELETE', versions: 2 },
    ]),
  );
});

const put = (secret: string, version: string, body: unknown) =>
  t.csms('PUT', `/secrets/${secret}/versions/${version}`, { body });

describe('UpdateVersion', () => {
  it('sets expire_time at second precision, and the read-back shows it', async () => {
    const res = await put('app', 'v2', { expire_time: T0 + DAY + 999 });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(res.json.version_metadata).toEqual({
      id: 'v2',
      create_time: T0 - 2 * DAY,
      expire_time: T0 + DAY,
      kms_key_id: '0'.repeat(32),
      secret_name: 'app',
      version_stages: ['SYSPREVIOUS'],
    });
    const list = await t.csms('GET', '/secrets/app/versions');
    expect(list.json.version_metadatas[1].expire_time).toBe(T0 + DAY);
    expect(list.json.version_metadatas[0]).not.toHaveProperty('expire_time');
  });

  it('tolerates unknown body fields', async () => {
    expect((await put('app', 'v1', { expire_time: T0 + DAY, comment: 'x' })).status).toBe(200);
  });

  it.each([
    ['a string', '1900000000000'],
    ['a float', T0 + DAY + 0.5],
    ['negative', -1000],
    ['14 digits', 10_000_000_000_000],
    ['in the past', T0 - 1000],
    ['now', T0],
    ['null', null],
    ['an object', { ms: 1 }],
  ])('rejects expire_time %s with 400 CSMS.0002', async (_label, value) => {
    const res = await put('app', 'v1', { expire_time: value });
    expect(res.status).toBe(400);
    expect(res.json.error_code).toBe('CSMS.0002');
    expect(res.json.error_msg).toMatch(/expire_time/);
  });

  it.each([
    ['missing expire_time', '{}', 'CSMS.0002'],
    ['not JSON', '{"expire_time":', 'CSMS.0004'],
    ['a JSON array', '[1]', 'CSMS.0004'],
    ['a JSON number', '42', 'CSMS.0004'],
    ['empty', '', 'CSMS.0004'],
  ])('rejects a body that is %s', async (_label, body, code) => {
    const res = await t.csms('PUT', '/secrets/app/versions/v1', { body });
    expect(res.status).toBe(400);
    expect(res.json.error_code).toBe(code);
  });

  it.each(['abc', 'v', 'v12345678901', 'V1', 'latest', 'v1.0', '%ZZ'])(
    'rejects version id %s with 400 CSMS.0002',
    async (id) => {
      const res = await put('app', id, { expire_time: T0 + DAY });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error_code: 'CSMS.0002', error_msg: expect.stringContaining('version_id') });
    },
  );

  it('answers 404 CSMS.0005 for an unknown version and 404 CSMS.0106 for an unknown secret', async () => {
    const version = await put('app', 'v9', { expire_time: T0 + DAY });
    expect(version.status).toBe(404);
    expect(version.json.error_code).toBe('CSMS.0005');
    const secret = await put('nope', 'v1', { expire_time: T0 + DAY });
    expect(secret.status).toBe(404);
    expect(secret.json).toEqual({
      error_code: 'CSMS.0106',
      error_msg: 'The secret name not found int the db.',
    });
  });

  it('answers 403 CSMS.0109 on a DISABLED or FROZEN secret and 400 CSMS.0103 on PENDING_DELETE', async () => {
    for (const name of ['off', 'frozen']) {
      const res = await put(name, 'v1', { expire_time: T0 + DAY });
      expect(res.status).toBe(403);
      expect(res.json).toEqual({ error_code: 'CSMS.0109', error_msg: 'The secret state is not enabled.' });
    }
    const pending = await put('going', 'v1', { expire_time: T0 + DAY });
    expect(pending.status).toBe(400);
    expect(pending.json.error_code).toBe('CSMS.0103');
  });
});

describe('CreateSecretVersion', () => {
  it('numbers the version, moves SYSCURRENT to it and SYSPREVIOUS to the old current', async () => {
    const res = await t.csms('POST', '/secrets/app/versions', {
      body: { secret_string: 'new', expire_time: T0 + DAY },
    });
    expect(res.status).toBe(200);
    expect(res.json.version_metadata).toMatchObject({
      id: 'v4',
      expire_time: T0 + DAY,
      version_stages: ['SYSCURRENT'],
    });
    expect(res.json.version_metadata).not.toHaveProperty('secret_string');
    const list = (await t.csms('GET', '/secrets/app/versions')).json.version_metadatas;
    expect(list.map((v: any) => [v.id, v.version_stages])).toEqual([
      ['v1', []],
      ['v2', []],
      ['v3', ['SYSPREVIOUS']],
      ['v4', ['SYSCURRENT']],
    ]);
  });

  it('puts only the requested stages on the new version', async () => {
    const res = await t.csms('POST', '/secrets/app/versions', {
      body: { secret_string: 'x', version_stages: ['STAGING'] },
    });
    expect(res.json.version_metadata.version_stages).toEqual(['STAGING']);
    const current = await t.csms('GET', '/secrets/app/stages/SYSCURRENT');
    expect(current.json.stage.version_id).toBe('v3');
  });

  it('refuses the 21st version with 400 CSMS.0202', async () => {
    const res = await t.csms('POST', '/secrets/full/versions', { body: { secret_string: 'x' } });
    expect(res.status).toBe(400);
    expect(res.json.error_code).toBe('CSMS.0202');
    expect(res.json.error_msg).toMatch(/secret versions has reached the upper limit \(20\)/);
  });

  it('refuses 13 requested stages with CSMS.0204', async () => {
    const stages = Array.from({ length: 13 }, (_, i) => `S${i}`);
    const res = await t.csms('POST', '/secrets/app/versions', {
      body: { secret_string: 'x', version_stages: stages },
    });
    expect(res.status).toBe(400);
    expect(res.json.error_code).toBe('CSMS.0204');
  });

  it.each([
    ['no value', {}],
    ['both values', { secret_string: 'a', secret_binary: 'YQ==' }],
    ['a non-base64 binary', { secret_binary: 'not base64!' }],
    ['a 32769-byte string', { secret_string: 'x'.repeat(32_769) }],
    ['an empty stage list', { secret_string: 'a', version_stages: [] }],
    ['a repeated stage', { secret_string: 'a', version_stages: ['A', 'A'] }],
    ['a bad stage name', { secret_string: 'a', version_stages: ['a b'] }],
    ['a past expiry', { secret_string: 'a', expire_time: T0 - DAY }],
  ])('rejects %s with 400 CSMS.0002', async (_label, body) => {
    const res = await t.csms('POST', '/secrets/app/versions', { body });
    expect(res.status).toBe(400);
    expect(res.json.error_code).toBe('CSMS.0002');
  });

  it('is gated like UpdateVersion', async () => {
    expect(
      (await t.csms('POST', '/secrets/off/versions', { body: { secret_string: 'x' } })).json.error_code,
    ).toBe('CSMS.0109');
    expect(
      (await t.csms('POST', '/secrets/going/versions', { body: { secret_string: 'x' } })).json.error_code,
    ).toBe('CSMS.0103');
  });
});

describe('ShowSecretVersion', () => {
  it('returns the value, for an id or for latest', async () => {
    const v2 = await t.csms('GET', '/secrets/app/versions/v2');
    expect(v2.json.version).toMatchObject({ secret_string: 'value-2', version_metadata: { id: 'v2' } });
    const latest = await t.csms('GET', '/secrets/app/versions/latest');
    expect(latest.json.version.version_metadata.id).toBe('v3');
  });

  it('needs an ENABLED secret', async () => {
    expect((await t.csms('GET', '/secrets/off/versions/v1')).status).toBe(403);
    expect((await t.csms('GET', '/secrets/going/versions/latest')).json.error_code).toBe('CSMS.0103');
  });
});

describe('ListSecretVersions', () => {
  it('pages ascending by version number with marker and limit', async () => {
    const first = (await t.csms('GET', '/secrets/full/versions', { query: [['limit', '8']] })).json;
    expect(first.version_metadatas.map((v: any) => v.id)).toEqual([
      'v1',
      'v2',
      'v3',
      'v4',
      'v5',
      'v6',
      'v7',
      'v8',
    ]);
    expect(first.page_info).toEqual({ next_marker: 'v8', previous_marker: 'v1', current_count: 8 });
    const ids: string[] = [];
    let marker: string | undefined;
    do {
      const query: Array<[string, string]> = [['limit', '8']];
      if (marker) query.push(['marker', marker]);
      const page = (await t.csms('GET', '/secrets/full/versions', { query })).json;
      ids.push(...page.version_metadatas.map((v: any) => v.id));
      marker = page.page_info.next_marker;
    } while (marker);
    expect(ids).toHaveLength(20);
    expect(ids.at(-1)).toBe('v20');
    const last = (await t.csms('GET', '/secrets/full/versions', { query: [['marker', 'v16']] })).json;
    expect(last.page_info).toEqual({ previous_marker: 'v17', current_count: 4 });
    const none = (await t.csms('GET', '/secrets/full/versions', { query: [['marker', 'latest']] })).json;
    expect(none).toEqual({ version_metadatas: [], page_info: { current_count: 0 } });
  });

  it.each([
    ['limit', '0'],
    ['limit', '1001'],
    ['limit', 'ten'],
    ['limit', '-1'],
    ['marker', 'x1'],
  ])('rejects %s=%s with 400 CSMS.0002', async (name, value) => {
    const res = await t.csms('GET', '/secrets/app/versions', { query: [[name, value]] });
    expect(res.status).toBe(400);
    expect(res.json.error_code).toBe('CSMS.0002');
  });

  it('lists versions of secrets in any state', async () => {
    expect((await t.csms('GET', '/secrets/going/versions')).status).toBe(200);
  });
});

describe('not-found status 400', () => {
  it('answers not-found with 400 when configured so', async () => {
    const alt = await startTestEmulator({ clock: () => T0, notFoundStatus: 400 });
    try {
      const res = await alt.csms('GET', '/secrets/nope');
      expect(res.status).toBe(400);
      expect(res.json.error_code).toBe('CSMS.0106');
    } finally {
      await alt.close();
    }
  });
});
