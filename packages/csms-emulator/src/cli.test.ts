/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- wire JSON, asserted field by field */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMULATOR_CLI as CLI, startEmulatorCli, type EmulatorProcess } from '@csms-console/process-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from './cli-args.js';
import { createCaller, type Caller } from './testing/harness.js';

describe('parseCliArgs', () => {
  it('maps flags to options with CLI defaults (demo seed, port 8080)', () => {
    expect(parseCliArgs([])).toEqual({
      help: false,
      options: { seed: 'demo', port: 8080, admin: false, resetData: false, allowNonLoopback: false },
    });
    const full = parseCliArgs([
      '--seed',
      'scale:10',
      '--port',
      '0',
      '--data',
      './x.json',
      '--admin',
      '--project-id',
      'p1',
      '--ak',
      'AK',
      '--sk',
      'SK',
      '--security-token',
      'T',
      '--actions',
      'csms:secret:list,csms:secret:get',
      '--iam-user',
      'u',
      '--iam-password',
      'pw',
      '--not-found-status',
      '400',
      '--region',
      'ap-southeast-1',
    ]);
    expect(full.help).toBe(false);
    if (!full.help)
      expect(full.options).toMatchObject({
        seed: 'scale:10',
        port: 0,
        dataFile: './x.json',
        admin: true,
        projectId: 'p1',
        region: 'ap-southeast-1',
        notFoundStatus: 400,
        credentials: [
          {
            accessKey: 'AK',
            secretKey: 'SK',
            securityToken: 'T',
            actions: ['csms:secret:list', 'csms:secret:get'],
          },
        ],
        iamUsers: [{ user: 'u', password: 'pw' }],
      });
    expect(parseCliArgs(['--help'])).toEqual({ help: true });
  });

  it.each([
    [['--bogus']],
    [['--port', 'x']],
    [['--port', '70000']],
    [['--seed', 'lots']],
    [['--ak', 'AK']],
    [['--security-token', 'T']],
    [['--iam-user', 'u']],
    [['--reset']],
    [['--not-found-status', '401']],
    [['positional']],
  ])('refuses %j with a usage error', (argv) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
  });
});

/** A caller for the emulator running in the child, with the credentials its ready line gave. */
const callerOf = (r: EmulatorProcess): Caller =>
  createCaller({
    url: r.url,
    projectId: r.ready.projectId,
    credentials: r.ready.credentials,
    now: Date.now,
  });

describe('pnpm emulator (child process)', () => {
  const dataFile = join(mkdtempSync(join(tmpdir(), 'csms-cli-')), 'csms.json');
  const children: EmulatorProcess[] = [];
  afterAll(() => Promise.all(children.map((c) => c.stop(0))));

  it('keeps acknowledged writes and its identity across kill -9', async () => {
    const first = await startEmulatorCli({ args: ['--seed', 'empty', '--port', '0', '--data', dataFile] });
    children.push(first);
    // The banner for people says the same as the ready line.
    expect(first.output).toContain(`CSMS emulator ready\n  endpoint        ${first.url}\n`);
    expect(first.output).toContain(`  secret key      ${first.ready.credentials.secretKey}\n`);
    expect(first.ready.dataFile).toBe(dataFile);
    const t1 = callerOf(first);
    const expire = Math.floor(Date.now() / 1000) * 1000 + 86_400_000;
    expect(
      (await t1.csms('POST', '/secrets', { body: { name: 'durable', secret_string: 's1' } })).status,
    ).toBe(200);
    expect(
      (await t1.csms('POST', '/secrets/durable/versions', { body: { secret_string: 's2' } })).status,
    ).toBe(200);
    expect(
      (await t1.csms('PUT', '/secrets/durable/versions/v1', { body: { expire_time: expire } })).status,
    ).toBe(200);
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await startEmulatorCli({ args: ['--seed', 'demo', '--port', '0', '--data', dataFile] });
    children.push(second);
    expect(second.ready.projectId).toBe(first.ready.projectId);
    expect(second.ready.credentials.accessKey).toBe(first.ready.credentials.accessKey);
    const t2 = callerOf(second);
    const versions = (await t2.csms('GET', '/secrets/durable/versions')).json.version_metadatas;
    expect(versions.map((v: any) => [v.id, v.expire_time ?? null, v.version_stages])).toEqual([
      ['v1', expire, ['SYSPREVIOUS']],
      ['v2', null, ['SYSCURRENT']],
    ]);
    expect((await t2.csms('GET', '/secrets')).json.secrets).toHaveLength(1);

    expect(await second.stop()).toEqual({ code: 0, signal: null });
  }, 45_000);

  it('exits 2 with the usage text on bad flags', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', 'nope'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    expect((await once(child, 'exit'))[0]).toBe(2);
    expect(stderr).toMatch(/--port must be an integer/);
    expect(stderr).toMatch(/usage: pnpm emulator/);
  }, 20_000);
});
