/**
 * The fleet scan across replicas (issue 11 item 1): two BFF processes (`src/main.ts`) on one PostgreSQL and
 * one CSMS (the emulator, `scale:2000` with 5 ms per call so a scan takes a while), two accounts configured
 * on it. Both processes are asked for both accounts at once, repeatedly, while the scans run: one scan per
 * account runs (the emulator's request log counts the listings), and both processes answer from it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, startEmulator, type RunningEmulator } from '@csms-console/csms-emulator';
import { startBff, type BffProcess } from '@csms-console/process-kit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/features/auth/passwords.js';
import { openStores } from '../src/store/index.js';
import { storeBackends, TEST_DATABASE_URL } from '../src/store/testing.js';
import { bffProcessEnv } from './process-env.js';

const database = `bff_fleet_${randomBytes(4).toString('hex')}`;
const ORIGIN = 'http://console.test';
const PASSWORD = 'correct horse battery staple 42';
const SECRETS = 2000;
const ACCOUNTS = ['lab', 'lab2'] as const;

async function admin(text: string) {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

describe.skipIf(!storeBackends().includes('postgres'))(
  'fleet scan: two BFF processes on one PostgreSQL',
  () => {
    const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'bff-fleet-')));
    let csms: RunningEmulator;
    let bffs: BffProcess[] = [];
    let cookies: string[] = [];

    const get = async (i: number, path: string) => {
      const res = await fetch(bffs[i]!.url + path, {
        headers: { 'x-csrf': '1', origin: ORIGIN, cookie: cookies[i]! },
      });
      return {
        status: res.status,
        json: (await res.json()) as Record<string, unknown> & { items: unknown[] },
      };
    };

    beforeAll(async () => {
      await admin(`CREATE DATABASE ${database}`);
      csms = await startEmulator({ seed: `scale:${SECRETS}`, logger: silentLogger, requestLogSize: 100_000 });
      csms.faults.add({ type: 'latency', latency_ms: 5 });
      const url = new URL(TEST_DATABASE_URL);
      url.pathname = `/${database}`;
      const stores = await openStores({ databaseUrl: url.toString() });
      await stores.users.create({
        name: 'ada',
        role: 'auditor',
        passwordHash: await hashPassword(PASSWORD),
        now: Date.now(),
      });
      await stores.close();
      const env = (dataDir: string) =>
        bffProcessEnv(
          { dataDir, origin: ORIGIN, databaseUrl: url.toString(), accounts: ACCOUNTS, csms },
          { RATE_READS_PER_MIN: '100000' },
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
            body: JSON.stringify({ username: 'ada', password: PASSWORD }),
          });
          expect(res.status).toBe(200);
          return res.headers.getSetCookie()[0]!.split(';')[0]!;
        }),
      );
      csms.requestLog.clear();
    }, 180_000);

    afterAll(async () => {
      await Promise.all(bffs.map((p) => p.stop()));
      await csms?.close();
      await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }, 60_000);

    it('runs one scan per account, and both processes answer from it', async () => {
      const answers: Array<{
        process: number;
        account: string;
        json: Record<string, unknown> & { items: unknown[] };
      }> = [];
      const pending = new Set<string>(ACCOUNTS.flatMap((a) => [0, 1].map((i) => `${i}/${a}`)));
      for (let round = 0; pending.size > 0 && round < 600; round++) {
        // Every process asks for every account at once, again and again, until each has a complete answer.
        const results = await Promise.all(
          [0, 1].flatMap((i) =>
            ACCOUNTS.map(async (account) => ({
              process: i,
              account,
              ...(await get(i, `/api/accounts/${account}/expiry`)),
            })),
          ),
        );
        for (const r of results) {
          expect(r.status).toBe(200);
          if (r.json.complete === true) {
            pending.delete(`${r.process}/${r.account}`);
            answers.push(r);
          }
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(pending.size).toBe(0);

      // One scan per account: 20 pages of secrets and 2,000 version listings each, no more.
      expect(csms.requestLog.list({ operation: 'ListSecrets' })).toHaveLength(
        ACCOUNTS.length * (SECRETS / 100),
      );
      expect(csms.requestLog.list({ operation: 'ListSecretVersions' })).toHaveLength(
        ACCOUNTS.length * SECRETS,
      );
      const startedScans = bffs.flatMap((p) =>
        p.output
          .split('\n')
          .filter((line) => line.includes('"fleet_scan_started"'))
          .map((line) => (JSON.parse(line) as { account: string }).account),
      );
      expect(startedScans.sort()).toEqual([...ACCOUNTS].sort());

      // Both processes answer each account from the same scan.
      for (const account of ACCOUNTS) {
        const [a, b] = [0, 1].map((i) => answers.find((r) => r.process === i && r.account === account)!.json);
        expect(a!.scanned_at).toBe(b!.scanned_at);
        expect(a!.items).toHaveLength(SECRETS * 3);
        expect(b!.items).toEqual(a!.items);
      }
    }, 240_000);
  },
);
