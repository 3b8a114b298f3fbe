/**
 * Limits across replicas (issue 9 items 3 and 4): three BFF processes (`src/main.ts`) on one PostgreSQL,
 * requests dealt round-robin. Sign-in limits and request limits hold globally, not per process. Each test
 * signs in from its own client IP (one trusted proxy hop, `X-Forwarded-For`). The argon2 checks are counted
 * from the shared audit chain: a `bad_credentials` row is written only after a password was checked.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeBackends, TEST_DATABASE_URL } from '../src/store/testing.js';
import { spawnBff, type BffProcess } from './bff-process.js';

const database = `bff_limits_${randomBytes(4).toString('hex')}`;
const ORIGIN = 'http://console.test';
const READS = 30;
const WRITES = 5;
const IP_CAP = 20;

const dbUrl = () => {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${database}`;
  return url.toString();
};

async function sql<R>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as R[];
  } finally {
    await client.end();
  }
}

function start(dataDir: string): Promise<BffProcess> {
  return spawnBff({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    BFF_PORT: '0',
    BFF_PUBLIC_ORIGIN: ORIGIN,
    BFF_DATA_DIR: dataDir,
    BFF_TRUST_PROXY: '1',
    DATABASE_URL: dbUrl(),
    RATE_READS_PER_MIN: String(READS),
    RATE_WRITES_PER_MIN: String(WRITES),
    LOGIN_IP_FAILURES_PER_DAY: String(IP_CAP),
  });
}

async function call(
  base: string,
  method: string,
  path: string,
  init: { cookie?: string; body?: unknown; ip: string },
) {
  const res = await fetch(base + path, {
    method,
    headers: {
      'x-csrf': '1',
      origin: ORIGIN,
      'x-forwarded-for': init.ip,
      ...(init.cookie && { cookie: init.cookie }),
      ...(init.body !== undefined && { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  await res.arrayBuffer();
  return { status: res.status, cookies: res.headers.getSetCookie() };
}

const tally = (rs: { status: number }[]) => {
  const counts: Record<number, number> = {};
  for (const r of rs) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
};

describe.skipIf(!storeBackends().includes('postgres'))('limits across three BFF processes', () => {
  const bffs: BffProcess[] = [];
  const dirs = [0, 1, 2].map((i) => mkdtempSync(join(tmpdir(), `bff-limits-${i}-`)));
  const passwords: Record<string, string> = {};
  /** The i-th request goes to process i mod 3. */
  const at = (i: number) => bffs[i % bffs.length]!.url;
  const login = (i: number, username: string, password: string, ip: string) =>
    call(at(i), 'POST', '/bff/login', { body: { username, password }, ip });
  const checked = async (ip: string) => {
    const rows = await sql<{ n: number }>(
      dbUrl(),
      `SELECT count(*)::int AS n FROM audit_log
       WHERE action = 'auth.login_failed' AND details->>'reason' = 'bad_credentials' AND client_ip = $1`,
      [ip],
    );
    return rows[0]!.n;
  };

  beforeAll(async () => {
    await sql(TEST_DATABASE_URL, `CREATE DATABASE ${database}`);
    // One after another: the first creates the demo users and prints their passwords once.
    for (const dir of dirs) bffs.push(await start(dir));
    for (const role of ['admin', 'support', 'auditor']) {
      passwords[role] = new RegExp(`\\n\\s+${role}\\s+(\\S+)`).exec(bffs[0]!.output)![1]!;
    }
  }, 180_000);

  afterAll(async () => {
    for (const p of bffs) p.child.kill('SIGTERM');
    await Promise.all(bffs.map((p) => p.exited));
    await sql(TEST_DATABASE_URL, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }, 60_000);

  it('100 parallel wrong passwords for one user: 5 checked in all, whichever process answers', async () => {
    const ip = '198.51.100.21';
    const rs = await Promise.all(Array.from({ length: 100 }, (_, i) => login(i, 'support', 'wrong', ip)));
    expect(tally(rs)).toEqual({ 401: 5, 429: 95 });
    expect(await checked(ip)).toBe(5);
  }, 60_000);

  it('49 parallel wrong guesses, then the right password: refused', async () => {
    const ip = '198.51.100.22';
    const rs = await Promise.all(Array.from({ length: 49 }, (_, i) => login(i, 'auditor', 'guess', ip)));
    expect(tally(rs)).toEqual({ 401: 5, 429: 44 });
    for (let i = 0; i < 3; i++) {
      const right = await login(i, 'auditor', passwords.auditor!, ip);
      expect(right.status).toBe(429);
      expect(right.cookies).toEqual([]);
    }
    expect(await checked(ip)).toBe(5);
  }, 60_000);

  it(`the per-IP cap (${IP_CAP} here) holds exactly across processes`, async () => {
    const ip = '198.51.100.23';
    const rs = await Promise.all(Array.from({ length: 60 }, (_, i) => login(i, `ghost-${i}`, 'x', ip)));
    expect(tally(rs)).toEqual({ 401: IP_CAP, 429: 60 - IP_CAP });
    expect(await checked(ip)).toBe(IP_CAP);
  }, 60_000);

  it('request limits per session are one budget for all processes', async () => {
    const ip = '198.51.100.24';
    const signedIn = await login(0, 'admin', passwords.admin!, ip);
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.cookies[0]!.split(';')[0]!;
    const reads = await Promise.all(
      Array.from({ length: 3 * READS }, (_, i) => call(at(i), 'GET', '/bff/user', { cookie, ip })),
    );
    expect(tally(reads)).toEqual({ 200: READS, 429: 2 * READS });
    const writes = await Promise.all(
      Array.from({ length: 4 * WRITES }, (_, i) =>
        call(at(i), 'PUT', '/api/accounts/demo/secrets/x/versions/v1', { cookie, ip, body: {} }),
      ),
    );
    // Counted before validation: the first WRITES reach the handler (400), the rest are refused.
    expect(tally(writes)).toEqual({ 400: WRITES, 429: 3 * WRITES });
  }, 60_000);
});
