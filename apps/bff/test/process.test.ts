/**
 * The real process (`src/main.ts`) against a real CSMS account (the emulator, configured like a real one):
 * the users CLI creates the first admin, the BFF serves it, and SIGTERM drains gracefully (docs/security.md G1):
 * readiness turns 503 at once, a request in flight completes, and the process exits 0.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '@csms-console/csms-emulator';
import { BFF_DIR, BFF_TSX as TSX, startBff } from '@csms-console/process-kit';
import { afterAll, beforeAll, expect, it } from 'vitest';

const ORIGIN = 'http://console.test';
let emulator: RunningEmulator;
let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 'demo', logger: { info: () => {}, error: () => {} } });
  dataDir = mkdtempSync(join(tmpdir(), 'bff-proc-'));
  env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    BFF_PORT: '0',
    BFF_PUBLIC_ORIGIN: ORIGIN,
    BFF_DATA_DIR: dataDir,
    BFF_SHUTDOWN_DELAY_MS: '1000',
    CSMS_ACCOUNTS: 'lab',
    CSMS_LAB_REGION: emulator.region,
    CSMS_LAB_PROJECT_ID: emulator.projectId,
    CSMS_LAB_ENDPOINT: emulator.url,
    CSMS_LAB_AK: emulator.credentials.accessKey,
    CSMS_LAB_SK: emulator.credentials.secretKey,
  };
}, 30_000);

afterAll(async () => {
  await emulator.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('creates the first admin with the CLI, serves a real account, and drains on SIGTERM', async () => {
  const bad = spawnSync(TSX, ['src/main.ts'], {
    cwd: BFF_DIR,
    env: { ...env, CSMS_LAB_SK: '', CSMS_LAB_PROJECT_ID: 'x' },
    encoding: 'utf8',
  });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('CSMS_LAB_PROJECT_ID');
  expect(bad.stderr).not.toContain(emulator.credentials.secretKey);

  const add = spawnSync(TSX, ['src/cli/users.ts', 'add', 'root-admin', '--role', 'admin'], {
    cwd: BFF_DIR,
    env,
    encoding: 'utf8',
  });
  expect(add.status).toBe(0);
  const password = /Password \(shown once\): (\S+)/.exec(add.stdout)?.[1];
  expect(password).toBeDefined();

  const { child, url, exited } = await startBff({ env });
  const headers = { 'x-csrf': '1', origin: ORIGIN, 'content-type': 'application/json' };
  const login = await fetch(`${url}/bff/login`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ username: 'root-admin', password }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const accounts = await fetch(`${url}/api/accounts`, { headers: { ...headers, cookie } });
  expect(await accounts.json()).toEqual({
    accounts: [{ name: 'lab', region: emulator.region, project_id: emulator.projectId, emulated: false }],
  });

  // Node's parser refuses 20 kB of headers before Express runs; the answer still has the error shape.
  const huge = await fetch(`${url}/api/accounts`, {
    headers: { ...headers, cookie, 'x-big': 'a'.repeat(20_000) },
  });
  expect(huge.status).toBe(431);
  expect(((await huge.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
  expect(huge.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");

  // A request in flight when SIGTERM arrives completes; readiness says 503 meanwhile.
  emulator.faults.add({ type: 'latency', operation: 'ShowSecret', latency_ms: 1_500 });
  const slow = fetch(`${url}/api/accounts/lab/secrets/orders-api-key`, { headers: { ...headers, cookie } });
  await new Promise((r) => setTimeout(r, 200));
  child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  expect((await fetch(`${url}/readyz`)).status).toBe(503);
  expect((await slow).status).toBe(200);
  expect(await exited).toEqual({ code: 0, signal: null });
}, 90_000);
