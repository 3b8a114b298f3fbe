/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- wire JSON, asserted field by field */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestEmulator } from './testing/harness.js';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'csms-persist-')), 'csms.json');

describe('startEmulator with a data file', () => {
  it('keeps data, identity and IAM tokens across restarts; options override; resetData starts over', async () => {
    const dataFile = tempFile();
    const first = await startTestEmulator({ dataFile, seed: 'empty' });
    expect(first.emu.persistent).toBe(true);
    await first.csms('POST', '/secrets', { body: { name: 'kept', secret_string: 'x' } });
    const token = (
      await first.raw({
        method: 'POST',
        target: '/v3/auth/tokens',
        body: JSON.stringify({
          auth: {
            identity: {
              methods: ['password'],
              password: {
                user: {
                  name: first.emu.iam.user,
                  password: first.emu.iam.password,
                  domain: { name: first.emu.iam.domain },
                },
              },
            },
            scope: { project: { id: first.emu.projectId } },
          },
        }),
      })
    ).headers['x-subject-token'] as string;
    await first.close();

    const second = await startTestEmulator({ dataFile, seed: 'demo' });
    expect(second.emu.projectId).toBe(first.emu.projectId);
    expect(second.emu.credentials).toEqual(first.emu.credentials);
    expect(second.emu.iam.password).toBe(first.emu.iam.password);
    expect((await second.csms('GET', '/secrets')).json.secrets.map((s: any) => s.name)).toEqual(['kept']);
    expect((await second.csms('GET', '/secrets/kept', { token })).status).toBe(200);
    await second.close();

    const third = await startTestEmulator({
      dataFile,
      credentials: [{ accessKey: 'OVERRIDE0000000000AK', secretKey: 'sk' }],
    });
    expect(third.emu.credentials.accessKey).toBe('OVERRIDE0000000000AK');
    await third.close();

    const fourth = await startTestEmulator({ dataFile, seed: 'empty', resetData: true });
    expect((await fourth.csms('GET', '/secrets')).json.secrets).toEqual([]);
    expect(fourth.emu.projectId).not.toBe(first.emu.projectId);
    await fourth.close();
  });

  it('refuses a second emulator on the same file', async () => {
    const dataFile = tempFile();
    const first = await startTestEmulator({ dataFile });
    await expect(startTestEmulator({ dataFile })).rejects.toThrow(/in use by process/);
    await first.close();
  });
});
