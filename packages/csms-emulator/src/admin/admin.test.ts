/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- wire JSON, asserted field by field */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { T0, projectFixture } from '../testing/fixtures.js';
import { startTestEmulator, type TestEmulator } from '../testing/harness.js';

let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator({ clock: () => T0, admin: true, seed: 'empty' });
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.admin('POST', '/__admin/reset');
  await t.admin('POST', '/__admin/seed', { project: projectFixture([{ name: 'db', versions: 2 }]) });
});

const list = () => t.csms('GET', '/secrets/db/versions');
const requests = async (query = ''): Promise<any[]> =>
  (await t.admin('GET', `/__admin/requests${query}`)).json.requests;

describe('admin surface', () => {
  it('is off by default: /__admin is an unknown API (404 APIGW.0101)', async () => {
    const off = await startTestEmulator();
    try {
      const res = await off.admin('GET', '/__admin');
      expect(res.status).toBe(404);
      expect(res.json.error_code).toBe('APIGW.0101');
      expect((await off.admin('POST', '/__admin/reset', {})).status).toBe(404);
    } finally {
      await off.close();
    }
  });

  it('lists its endpoints', async () => {
    const res = await t.admin('GET', '/__admin');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      project_id: t.emu.projectId,
      region: 'cn-north-4',
      seed: 'empty',
      persistent: false,
    });
    expect(res.json.endpoints.map((e: any) => `${e.method} ${e.path}`)).toContain('POST /__admin/faults');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('answers bad admin input with 400/404 {error}', async () => {
    expect((await t.admin('POST', '/__admin/faults', { type: 'error', status: 200 })).status).toBe(400);
    expect((await t.admin('POST', '/__admin/seed', { seed: 'nope' })).json.error).toMatch(/unknown seed/);
    expect((await t.admin('POST', '/__admin/clock', { now: 'yesterday' })).status).toBe(400);
    expect((await t.admin('DELETE', '/__admin/faults/fault-999')).status).toBe(404);
    expect((await t.admin('GET', '/__admin/nope')).status).toBe(404);
    const notJson = await t.raw({ method: 'POST', target: '/__admin/clock', body: '{' });
    expect(notJson).toMatchObject({ status: 400, json: { error: 'the body is not valid JSON' } });
  });

  it('reads, sets, advances and freezes the clock', async () => {
    expect((await t.admin('GET', '/__admin/clock')).json).toEqual({
      now: T0,
      iso: '2030-01-01T00:00:00.000Z',
      offset_ms: 0,
      frozen: false,
    });
    expect((await t.admin('POST', '/__admin/clock', { now: '2030-06-01T00:00:00Z' })).json.now).toBe(
      Date.UTC(2030, 5, 1),
    );
    expect((await t.admin('POST', '/__admin/clock', { advance_ms: 1000, frozen: true })).json).toMatchObject({
      now: Date.UTC(2030, 5, 1) + 1000,
      frozen: true,
    });
    // Signatures are checked against the emulator clock.
    expect((await list()).status).toBe(200);
  });

  it('seeds named seeds and whole projects, and resets to the start seed', async () => {
    const demo = await t.admin('POST', '/__admin/seed', { seed: 'demo' });
    expect(demo.json.secrets).toBeGreaterThanOrEqual(60);
    expect((await t.csms('GET', '/secrets', { query: [['limit', '1000']] })).json.secrets.length).toBe(
      demo.json.secrets,
    );
    const bad = await t.admin('POST', '/__admin/seed', {
      project: { secrets: { x: { name: 'x' } }, events: {}, records: [] },
    });
    expect(bad.status).toBe(400);
    expect((await t.admin('POST', '/__admin/reset')).json).toMatchObject({ seed: 'empty', secrets: 0 });
  });
});

describe('faults', () => {
  it('answers 502 at rate 1.0 before authentication, and the log shows the call', async () => {
    const added = await t.admin('POST', '/__admin/faults', {
      type: 'error',
      operation: 'ListSecretVersions',
      status: 502,
    });
    expect(added.status).toBe(201);
    const unsigned = await t.raw({ method: 'GET', target: `/v1/${t.emu.projectId}/secrets/db/versions` });
    expect(unsigned.status).toBe(502);
    expect(unsigned.json).toEqual({
      error_code: 'APIGW.0202',
      error_msg: 'Backend unavailable',
      request_id: unsigned.headers['x-request-id'],
    });
    expect((await t.csms('GET', '/secrets/db')).status).toBe(200);
    const log = await requests('?operation=ListSecretVersions');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      operation: 'ListSecretVersions',
      method: 'GET',
      status: 502,
      outcome: 'answered',
      faults: [added.json.fault.id],
    });
  });

  it('uses a given CSMS code in the operation family shape, and honours times', async () => {
    await t.admin('POST', '/__admin/faults', {
      type: 'error',
      operation: 'UpdateVersion',
      status: 500,
      error_code: 'CSMS.0001',
      times: 1,
    });
    const first = await t.csms('PUT', '/secrets/db/versions/v1', { body: { expire_time: T0 + 86_400_000 } });
    expect(first.status).toBe(500);
    expect(first.json).toEqual({
      error_code: 'CSMS.0001',
      error_msg: expect.stringContaining('Injected fault'),
    });
    expect(
      (await t.csms('PUT', '/secrets/db/versions/v1', { body: { expire_time: T0 + 86_400_000 } })).status,
    ).toBe(200);
    expect((await t.admin('GET', '/__admin/faults')).json.faults).toEqual([]);
  });

  it('throttles with 429 and Retry-After', async () => {
    await t.admin('POST', '/__admin/faults', { type: 'throttle', retry_after: 3 });
    const res = await list();
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('3');
    expect(res.json.error_code).toBe('APIGW.0308');
  });

  it('drops the connection, and logs it as dropped', async () => {
    await t.admin('POST', '/__admin/faults', { type: 'drop', operation: 'ShowSecret' });
    await expect(t.csms('GET', '/secrets/db')).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await requests('?operation=ShowSecret'))[0]).toMatchObject({ status: null, outcome: 'dropped' });
  });

  it('adds latency and still answers', async () => {
    await t.admin('POST', '/__admin/faults', { type: 'latency', latency_ms: 150 });
    const started = Date.now();
    expect((await list()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('hangs until the client gives up; the log shows the hung call', async () => {
    await t.admin('POST', '/__admin/faults', { type: 'hang', operation: 'ShowSecret' });
    const pending = t.csms('GET', '/secrets/db');
    const outcome = await Promise.race([
      pending.then(() => 'answered'),
      new Promise((r) => setTimeout(() => r('hung'), 200)),
    ]);
    expect(outcome).toBe('hung');
    expect((await requests('?operation=ShowSecret'))[0]).toMatchObject({ status: null, outcome: 'hung' });
    expect((await t.admin('GET', '/__admin/stats')).json.in_flight).toBe(1);
    await t.admin('DELETE', '/__admin/faults');
    pending.catch(() => undefined);
  });

  it('reset_after performs the write, then resets the connection instead of answering', async () => {
    await t.admin('POST', '/__admin/faults', { type: 'reset_after', operation: 'UpdateVersion', times: 1 });
    const expire = T0 + 3 * 86_400_000;
    await expect(t.csms('PUT', '/secrets/db/versions/v1', { body: { expire_time: expire } })).rejects.toThrow(
      /socket hang up|ECONNRESET/,
    );
    expect((await list()).json.version_metadatas[0].expire_time).toBe(expire);
    expect((await requests('?operation=UpdateVersion'))[0]).toMatchObject({ status: 200, outcome: 'reset' });
  });

  it('inject sets fields in successful answers (e.g. a value that must never reach a browser)', async () => {
    await t.admin('POST', '/__admin/faults', {
      type: 'inject',
      operation: 'ListSecretVersions',
      set: { 'version_metadatas.*.secret_string': 'leaked', 'page_info.extra': 1 },
    });
    const res = await list();
    expect(res.json.version_metadatas.map((v: any) => v.secret_string)).toEqual(['leaked', 'leaked']);
    expect(res.json.page_info.extra).toBe(1);
    await t.admin('DELETE', '/__admin/faults');
    expect((await list()).json.version_metadatas[0]).not.toHaveProperty('secret_string');
  });

  it('throttles with a chosen code (APIG.0308 of a dedicated gateway)', async () => {
    await t.admin('POST', '/__admin/faults', { type: 'throttle', retry_after: 1, error_code: 'APIG.0308' });
    const res = await list();
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json).toMatchObject({
      error_code: 'APIG.0308',
      error_msg: 'The throttling threshold has been reached',
    });
  });

  it('counts requests in flight (bulkhead tests)', async () => {
    await t.admin('DELETE', '/__admin/stats');
    // A request hung by an earlier test may still be open: count from what is in flight now.
    const base: number = (await t.admin('GET', '/__admin/stats')).json.in_flight;
    await t.admin('POST', '/__admin/faults', { type: 'latency', latency_ms: 100 });
    await Promise.all(Array.from({ length: 5 }, () => list()));
    expect((await t.admin('GET', '/__admin/stats')).json).toEqual({
      in_flight: base,
      max_in_flight: base + 5,
      received: 5,
    });
  });

  it('rolls the rate: 0 never fires', async () => {
    await t.admin('POST', '/__admin/faults', { type: 'error', status: 503, rate: 0 });
    expect((await list()).status).toBe(200);
  });
});

describe('request log', () => {
  it('records operation, method, path, status and access key id, never secrets', async () => {
    await list();
    await t.csms('PUT', '/secrets/db/versions/v1', { body: { expire_time: T0 + 86_400_000 } });
    await t.raw({ method: 'GET', target: '/nope?x=1' });
    const log = await requests();
    expect(log.map((e) => [e.operation, e.method, e.status])).toEqual([
      ['ListSecretVersions', 'GET', 200],
      ['UpdateVersion', 'PUT', 200],
      [null, 'GET', 404],
    ]);
    expect(log[0].header_names).toEqual(
      expect.arrayContaining(['authorization', 'x-sdk-date', 'host', 'x-project-id']),
    );
    expect(log[0]).toMatchObject({
      path: `/v1/${t.emu.projectId}/secrets/db/versions`,
      access_key_id: t.emu.credentials.accessKey,
      time: T0,
    });
    expect(JSON.stringify(log)).not.toContain(t.emu.credentials.secretKey);
    expect(JSON.stringify(log)).not.toMatch(/Signature=|SDK-HMAC/);
    expect(await requests('?limit=1')).toHaveLength(1);
    expect(await requests(`?after=${log[1].seq}`)).toHaveLength(1);
    expect((await t.admin('DELETE', '/__admin/requests')).status).toBe(204);
    expect(await requests()).toEqual([]);
  });

  it('keeps a bounded ring', async () => {
    const small = await startTestEmulator({ requestLogSize: 3 });
    try {
      for (let i = 0; i < 5; i++) await small.raw({ method: 'GET', target: `/nope/${i}` });
      expect(small.emu.requestLog.list().map((e) => e.path)).toEqual(['/nope/2', '/nope/3', '/nope/4']);
    } finally {
      await small.close();
    }
  });
});
