/**
 * Advance warnings across replicas (issue 14): two BFF processes (`src/main.ts`) on one PostgreSQL and one
 * CSMS (the emulator, its demo project cut to versions that have crossed a threshold at real time). Both are
 * asked to evaluate at once, again and again: each crossing is one event, one delivery per channel, one
 * request at the receiver.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, startEmulator, type RunningEmulator } from '@csms-console/csms-emulator';
import { startBff, type BffProcess } from '@csms-console/process-kit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../src/features/notify/channels/testing.js';
import { hashPassword } from '../src/features/auth/passwords.js';
import { openStores } from '../src/store/index.js';
import { storeBackends, TEST_DATABASE_URL } from '../src/store/testing.js';
import { DAY, keepSecrets, until } from './notify-support.js';
import { bffProcessEnv } from './process-env.js';

const database = `bff_notify_${randomBytes(4).toString('hex')}`;
const ORIGIN = 'http://console.test';
const PASSWORD = 'correct horse battery staple 42';

async function sql<T extends pg.QueryResultRow>(dbUrl: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(!storeBackends().includes('postgres'))('advance warnings: two BFF processes', () => {
  const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'bff-notify-')));
  let csms: RunningEmulator;
  let bffs: BffProcess[] = [];
  let cookies: string[] = [];
  let receiver: Receiver;
  let dbUrl = '';

  const call = async (i: number, method: string, path: string, body?: unknown) => {
    const res = await fetch(bffs[i]!.url + path, {
      method,
      headers: {
        'x-csrf': '1',
        origin: ORIGIN,
        cookie: cookies[i]!,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    await sql(TEST_DATABASE_URL, `CREATE DATABASE ${database}`);
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${database}`;
    dbUrl = url.toString();
    csms = await startEmulator({ seed: 'demo', admin: true, logger: silentLogger });
    // Two versions 5 days from expiry now: their 7-day threshold is crossed at real time.
    await keepSecrets(csms, [Date.now() + 5 * DAY, Date.now() + 5 * DAY]);
    receiver = await startReceiver((_req, res) => res.writeHead(204).end());
    const stores = await openStores({ databaseUrl: dbUrl });
    await stores.users.create({
      name: 'alice',
      role: 'admin',
      passwordHash: await hashPassword(PASSWORD),
      now: Date.now(),
    });
    await stores.close();
    const key = randomBytes(32).toString('base64');
    const env = (dataDir: string) =>
      bffProcessEnv(
        { dataDir, origin: ORIGIN, databaseUrl: dbUrl, accounts: ['demo'], csms },
        {
          RATE_READS_PER_MIN: '100000',
          RATE_WRITES_PER_MIN: '100000',
          NOTIFY_KEY: key,
          NOTIFY_ALLOW_HOSTS: '127.0.0.1',
          NOTIFY_RETRY_DELAY_S: '1',
          NOTIFY_SEND_TIMEOUT_MS: '3000',
          NOTIFY_DELIVERY_EXPIRE_S: '10',
          FLEET_SCAN_MAX_AGE_S: '1',
        },
      );
    const started = await Promise.allSettled(dirs.map((dir) => startBff({ env: env(dir) })));
    bffs = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    cookies = await Promise.all(
      bffs.map(async (p) => {
        const res = await fetch(`${p.url}/bff/login`, {
          method: 'POST',
          headers: { 'x-csrf': '1', origin: ORIGIN, 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'alice', password: PASSWORD }),
        });
        expect(res.status).toBe(200);
        return res.headers.getSetCookie()[0]!.split(';')[0]!;
      }),
    );
  }, 180_000);

  afterAll(async () => {
    await Promise.all(bffs.map((p) => p.stop()));
    await receiver?.close();
    await csms?.close();
    await sql(TEST_DATABASE_URL, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }, 60_000);

  it('both evaluating at once, repeatedly: one event per crossing, one delivery and one request per channel', async () => {
    const channel = await call(0, 'POST', '/api/notifications/channels', {
      kind: 'webhook',
      name: 'hook',
      url: `${receiver.origin}/hook`,
      signing_key: 'processes-signing-key-0a1b2c3d',
    });
    expect(channel.status).toBe(201);
    const rule = await call(1, 'POST', '/api/notifications/rules', {
      name: 'all',
      accounts: '*',
      versions: 'current',
      channels: [channel.json.id],
      language: 'en',
    });
    expect(rule.status).toBe(201);
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all(
        [0, 1, 0, 1].map((i) => call(i, 'POST', '/api/notifications/evaluate')),
      );
      expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202]);
    }
    await until(
      'the delivery to be sent',
      async () => {
        const rows = await sql<{ status: string }>(dbUrl, 'SELECT status FROM notify_deliveries');
        return rows.length > 0 && rows.every((r) => r.status === 'sent') ? rows : undefined;
      },
      60_000,
    );
    // Both processes keep evaluating on request; nothing new may come of it.
    await Promise.all([0, 1].map((i) => call(i, 'POST', '/api/notifications/evaluate')));
    await until(
      'both processes to have evaluated again',
      async () => {
        const [row] = await sql<{ n: string }>(dbUrl, 'SELECT count(*) AS n FROM notify_evaluations');
        return Number(row!.n) >= 2 ? row : undefined;
      },
      60_000,
    );
    const events = await sql<{ lead_days: number }>(dbUrl, 'SELECT lead_days FROM notify_events');
    expect(events.map((e) => e.lead_days)).toEqual([7, 7]);
    const deliveries = await sql(dbUrl, 'SELECT id, status FROM notify_deliveries');
    expect(deliveries).toHaveLength(1);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.headers['x-console-delivery']).toBe(deliveries[0]!.id);
  }, 120_000);
});
