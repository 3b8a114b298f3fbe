/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- wire JSON, asserted field by field */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { T0, projectFixture } from '../testing/fixtures.js';
import { startTestEmulator, type TestEmulator } from '../testing/harness.js';

let t: TestEmulator;
const nine = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`S${i}`, 'v1']));

beforeAll(async () => {
  t = await startTestEmulator({ clock: () => T0 });
});
afterAll(() => t.close());
beforeEach(() => {
  t.emu.store.replaceProject(
    t.emu.projectId,
    projectFixture([
      { name: 'app', versions: 3, stages: { STAGING: 'v1' } },
      { name: 'crowded', versions: 2, stages: nine },
      { name: 'off', state: 'DISABLED', versions: 2 },
      { name: 'going', state: 'PENDING_DELETE', versions: 2 },
    ]),
  );
});

const stageOf = async (secret: string, stage: string) =>
  (await t.csms('GET', `/secrets/${secret}/stages/${stage}`)).json;

describe('ShowSecretStage', () => {
  it('returns the stage and the one version it sits on', async () => {
    expect(await stageOf('app', 'STAGING')).toEqual({
      stage: { name: 'STAGING', update_time: T0, secret_name: 'app', version_id: 'v1' },
    });
  });

  it('answers 404 CSMS.0005 for an unknown stage and 400 CSMS.0002 for a bad name', async () => {
    const missing = await t.csms('GET', '/secrets/app/stages/NOPE');
    expect(missing.status).toBe(404);
    expect(missing.json.error_code).toBe('CSMS.0005');
    const bad = await t.csms('GET', `/secrets/app/stages/${'x'.repeat(65)}`);
    expect(bad.status).toBe(400);
    expect(bad.json.error_code).toBe('CSMS.0002');
  });
});

describe('UpdateSecretStage', () => {
  it('moves a label: it leaves the old version', async () => {
    const res = await t.csms('PUT', '/secrets/app/stages/STAGING', { body: { version_id: 'v2' } });
    expect(res.status).toBe(200);
    expect(res.json.stage).toEqual({
      name: 'STAGING',
      update_time: T0,
      secret_name: 'app',
      version_id: 'v2',
    });
    const list = (await t.csms('GET', '/secrets/app/versions')).json.version_metadatas;
    expect(list.map((v: any) => v.version_stages)).toEqual([[], ['SYSPREVIOUS', 'STAGING'], ['SYSCURRENT']]);
  });

  it('moving SYSCURRENT hands SYSPREVIOUS to the version that held it', async () => {
    await t.csms('PUT', '/secrets/app/stages/SYSCURRENT', { body: { version_id: 'v1' } });
    expect((await stageOf('app', 'SYSCURRENT')).stage.version_id).toBe('v1');
    expect((await stageOf('app', 'SYSPREVIOUS')).stage.version_id).toBe('v3');
  });

  it('creates a new label up to 12 per secret (2 built-in + 10); the 13th is 400 CSMS.0203', async () => {
    const twelfth = await t.csms('PUT', '/secrets/crowded/stages/S9', { body: { version_id: 'v2' } });
    expect(twelfth.status).toBe(200);
    const thirteenth = await t.csms('PUT', '/secrets/crowded/stages/S10', { body: { version_id: 'v2' } });
    expect(thirteenth.status).toBe(400);
    expect(thirteenth.json).toEqual({
      error_code: 'CSMS.0203',
      error_msg: 'The number of stage has reached the upper limit.',
    });
    expect((await t.csms('PUT', '/secrets/crowded/stages/S0', { body: { version_id: 'v2' } })).status).toBe(
      200,
    );
  });

  it('checks the body and the version', async () => {
    const bad = await t.csms('PUT', '/secrets/app/stages/STAGING', { body: { version_id: 'two' } });
    expect(bad.json.error_code).toBe('CSMS.0002');
    const unknown = await t.csms('PUT', '/secrets/app/stages/STAGING', { body: { version_id: 'v7' } });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error_code).toBe('CSMS.0005');
  });

  it('works on DISABLED secrets, not on PENDING_DELETE ones', async () => {
    expect((await t.csms('PUT', '/secrets/off/stages/X', { body: { version_id: 'v1' } })).status).toBe(200);
    const pending = await t.csms('PUT', '/secrets/going/stages/X', { body: { version_id: 'v1' } });
    expect(pending.json.error_code).toBe('CSMS.0103');
  });
});

describe('DeleteSecretStage', () => {
  it('removes a custom label with 204 and no body', async () => {
    const res = await t.csms('DELETE', '/secrets/app/stages/STAGING');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect((await t.csms('GET', '/secrets/app/stages/STAGING')).status).toBe(404);
  });

  it('refuses SYSCURRENT and SYSPREVIOUS with 400 CSMS.0105', async () => {
    for (const stage of ['SYSCURRENT', 'SYSPREVIOUS']) {
      const res = await t.csms('DELETE', `/secrets/app/stages/${stage}`);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({
        error_code: 'CSMS.0105',
        error_msg: 'Can not delete the system internal stage.',
      });
    }
  });
});
