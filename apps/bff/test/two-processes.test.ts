/**
 * Two BFF processes on one PostgreSQL (issue 3): a session made on one is valid on the other, and both
 * append to one audit hash chain that still verifies. Real processes (`src/main.ts`), a real database.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBff, type BffProcess } from '@csms-console/process-kit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeBackends, TEST_DATABASE_URL } from '../src/store/testing.js';

const database = `bff_two_${randomBytes(4).toString('hex')}`;
const ORIGIN = 'http://console.test';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function start(dataDir: string): Promise<BffProcess> {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${database}`;
  return startBff({
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      BFF_PORT: '0',
      BFF_PUBLIC_ORIGIN: ORIGIN,
      BFF_DATA_DIR: dataDir,
      DATABASE_URL: url.toString(),
    },
  });
}

async function call(
  base: string,
  method: string,
  path: string,
  init: { cookie?: string; body?: unknown } = {},
) {
  const res = await fetch(base + path, {
    method,
    headers: {
      'x-csrf': '1',
      origin: ORIGIN,
      ...(init.cookie && { cookie: init.cookie }),
      ...(init.body !== undefined && { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return {
    status: res.status,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    json: (await res.json().catch(() => undefined)) as any,
    cookies: res.headers.getSetCookie(),
  };
}

describe.skipIf(!storeBackends().includes('postgres'))('two BFF processes on one PostgreSQL', () => {
  let a: BffProcess;
  let b: BffProcess;
  const dirs = [mkdtempSync(join(tmpdir(), 'bff-a-')), mkdtempSync(join(tmpdir(), 'bff-b-'))];

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${database}`);
    a = await start(dirs[0]!);
    b = await start(dirs[1]!);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a, b].map((p) => p?.stop()));
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }, 60_000);

  it('shares sessions and one audit chain', async () => {
    // The first process created the demo users and printed their passwords once (banner and ready line);
    // the second did not.
    const password = a.ready.signIns?.find((u) => u.name === 'admin')?.password;
    expect(password).toBeDefined();
    expect(/\n\s+admin\s+(\S+)/.exec(a.output)?.[1]).toBe(password);
    expect(b.ready.signIns).toBeUndefined();
    expect(b.output).not.toMatch(/\n\s+admin\s+\S{20}/);
    const login = await call(a.url, 'POST', '/bff/login', { body: { username: 'admin', password } });
    expect(login.status).toBe(200);
    const cookie = login.cookies[0]!.split(';')[0]!;
    const onB = await call(b.url, 'GET', '/bff/user', { cookie });
    expect(onB.status).toBe(200);
    expect(onB.json.name).toBe('admin');

    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(i % 2 ? a.url : b.url, 'GET', '/api/audit?limit=1', { cookie }),
      ),
    );
    const verify = await call(a.url, 'GET', '/api/audit/verify', { cookie });
    expect(verify.status).toBe(200);
    expect(verify.json).toMatchObject({ intact: true, first_broken: null });
    expect(verify.json.rows_checked).toBeGreaterThanOrEqual(22);
    const logout = await call(b.url, 'POST', '/bff/logout', { cookie });
    expect(logout.status).toBe(204);
    expect((await call(a.url, 'GET', '/bff/user', { cookie })).status).toBe(401);
  }, 60_000);
});
