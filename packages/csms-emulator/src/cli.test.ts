/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- wire JSON, asserted field by field */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from './cli-args.js';
import { CLI, exitOf, startCli, type Running } from './testing/cli-process.js';
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

/** A caller for the emulator running in the child, with the credentials it printed. */
const callerOf = (r: Running): Caller =>
  createCaller({
    url: r.lines.get('endpoint')!,
    projectId: r.lines.get('project id')!,
    credentials: { accessKey: r.lines.get('access key')!, secretKey: r.lines.get('secret key')! },
    now: Date.now,
  });

describe('pnpm emulator (child process)', () => {
  const dataFile = join(mkdtempSync(join(tmpdir(), 'csms-cli-')), 'csms.json');
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

  it('keeps acknowledged writes and its identity across kill -9', async () => {
    const first = await startCli(['--seed', 'empty', '--port', '0', '--data', dataFile]);
    children.push(first.child);
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
    await exitOf(first.child);

    const second = await startCli(['--seed', 'demo', '--port', '0', '--data', dataFile]);
    children.push(second.child);
    expect(second.lines.get('project id')).toBe(first.lines.get('project id'));
    expect(second.lines.get('access key')).toBe(first.lines.get('access key'));
    const t2 = callerOf(second);
    const versions = (await t2.csms('GET', '/secrets/durable/versions')).json.version_metadatas;
    expect(versions.map((v: any) => [v.id, v.expire_time ?? null, v.version_stages])).toEqual([
      ['v1', expire, ['SYSPREVIOUS']],
      ['v2', null, ['SYSCURRENT']],
    ]);
    expect((await t2.csms('GET', '/secrets')).json.secrets).toHaveLength(1);

    second.child.kill('SIGTERM');
    expect(await exitOf(second.child)).toBe(0);
  }, 45_000);

  it('exits 2 with the usage text on bad flags', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', 'nope'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    expect(await exitOf(child)).toBe(2);
    expect(stderr).toMatch(/--port must be an integer/);
    expect(stderr).toMatch(/usage: pnpm emulator/);
  }, 20_000);
});
