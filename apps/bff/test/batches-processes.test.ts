/**
 * Batches across real processes (issue 11 item 2; docs/security.md B2): two BFF processes (`src/main.ts`) on one
 * PostgreSQL and one CSMS (the emulator, configured like a real account). Both answer a batch's status; a
 * process killed with SIGKILL mid-batch leaves leased items and maybe intents without outcomes, and after a
 * restart every item is settled (the other process and the restarted one take over expired leases, and an
 * intent left open is settled through the reconciler's path), each audited once, CSMS holding what the
 * batch says.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsmsClient } from '@csms-console/csms-client';
import { silentLogger, startEmulator, type RunningEmulator } from '@csms-console/csms-emulator';
import { startBff, type BffProcess } from '@csms-console/process-kit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/features/auth/passwords.js';
import { openStores } from '../src/store/index.js';
import { storeBackends, TEST_DATABASE_URL } from '../src/store/testing.js';
import type { Stores } from '../src/store/types.js';
import { bffProcessEnv } from './process-env.js';
import {
  BATCH_AUDIT_SQL,
  enabledVersions,
  heldNow,
  untilDone,
  type BatchAnswer,
  type BatchAuditRow,
  type HeldVersion,
} from './batch-support.js';

const database = `bff_batches_${randomBytes(4).toString('hex')}`;
const ORIGIN = 'http://console.test';
const PASSWORD = 'correct horse battery staple 42';
const DAY = 86_400_000;
const LEASE_MS = 2_000;

const sameSecond = (a: number | null | undefined, b: number | null | undefined) =>
  a == null || b == null ? a === b : Math.floor(a / 1000) === Math.floor(b / 1000);

function dbUrl(db: string): string {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${db}`;
  return url.toString();
}

async function admin(text: string) {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function call(p: BffProcess, method: string, path: string, cookie?: string, body?: unknown) {
  const res = await fetch(p.url + path, {
    method,
    headers: {
      'x-csrf': '1',
      origin: ORIGIN,
      ...(cookie && { cookie }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, json: (await res.json().catch(() => undefined)) as any, cookies: res.headers.getSetCookie() };
} // prettier-ignore

describe.skipIf(!storeBackends().includes('postgres'))(
  'batches across BFF processes on one PostgreSQL',
  () => {
    const dirs = [0, 1, 2].map(() => mkdtempSync(join(tmpdir(), 'bff-batches-')));
    let csms: RunningEmulator;
    let client: CsmsClient;
    let stores: Stores;
    let env: (dir: string) => NodeJS.ProcessEnv;
    const fleet: BffProcess[] = [];
    let cookie: string;
    let versions: HeldVersion[];

    beforeAll(async () => {
    await admin(`CREATE DATABASE ${database}`);
    csms = await startEmulator({ seed: 'demo', logger: silentLogger, requestLogSize: 100_000 });
    const { accessKey, secretKey } = csms.credentials;
    client = new CsmsClient({
      endpoint: csms.url,
      projectId: csms.projectId,
      credentials: { type: 'aksk', accessKey, secretKey },
    });
    stores = await openStores({ databaseUrl: dbUrl(database) });
    await stores.users.create({ name: 'admin', role: 'admin', passwordHash: await hashPassword(PASSWORD), now: Date.now() });
    versions = await enabledVersions(client);
    env = (dir) =>
      bffProcessEnv(
        { dataDir: dir, origin: ORIGIN, databaseUrl: dbUrl(database), accounts: ['lab'], csms },
        {
          RECONCILE_INTERVAL_MS: '250', BATCH_LEASE_MS: String(LEASE_MS), BATCH_CONCURRENCY: '4',
          RATE_WRITES_PER_MIN: '100000', RATE_READS_PER_MIN: '100000',
        },
      );
    fleet.push(...(await Promise.all([startBff({ env: env(dirs[0]!) }), startBff({ env: env(dirs[1]!) })])));
    const login = await call(fleet[0]!, 'POST', '/bff/login', undefined, { username: 'admin', password: PASSWORD });
    expect(login.status).toBe(200);
    cookie = login.cookies[0]!.split(';')[0]!;
  }, 180_000); // prettier-ignore

    afterAll(async () => {
      await Promise.all(fleet.map((p) => p.stop()));
      await stores?.close();
      await csms?.close();
      await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }, 60_000);

    const batchOf = (chosen: HeldVersion[], days: number) => {
      const base = Math.floor((Date.now() + days * DAY) / 1000) * 1000;
      return chosen.map((v, k) => ({
        secret: v.secret,
        version: v.version,
        expire_time: base + k * 60_000,
        expected_expire_time: v.expire_time,
      }));
    };

    it('both processes answer a batch created on one of them', async () => {
      const items = batchOf(versions.slice(0, 30), 50);
      const created = await call(fleet[0]!, 'POST', '/api/accounts/lab/expiry-batches', cookie, {
        reason: 'CHG-1',
        items,
      });
      expect(created.status).toBe(202);
      const path = `/api/accounts/lab/expiry-batches/${created.json.id as string}`;
      const fromB = await call(fleet[1]!, 'GET', path, cookie);
      expect(fromB.status).toBe(200);
      expect(fromB.json).toMatchObject({ id: created.json.id, total: 30 });
      const [a, b] = await Promise.all(fleet.map((p) => untilDone(() => call(p, 'GET', path, cookie))));
      expect(b).toEqual(a);
      expect(a!.items.map((i) => i.status)).toEqual(items.map(() => 'applied'));
      // Versions are now as in CSMS for the next test.
      versions = await enabledVersions(client);
    }, 60_000);

    it('kill -9 mid-batch, restart: every item settled, audited once, CSMS as the batch says', async () => {
    const items = batchOf(versions.slice(30, 180), 70);
    const victim = fleet[0]!;
    const created = await call(victim, 'POST', '/api/accounts/lab/expiry-batches', cookie, { reason: 'CHG-1', items });
    expect(created.status).toBe(202);
    const id = created.json.id as string;
    const path = `/api/accounts/lab/expiry-batches/${id}`;
    for (;;) {
      const res = await call(fleet[1]!, 'GET', path, cookie);
      if ((res.json as BatchAnswer).done >= 20) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    // From here CSMS never answers a PUT (nor applies it): the workers stop with intents written, then the kill.
    csms.faults.add({ type: 'hang', operation: 'UpdateVersion' });
    await new Promise((r) => setTimeout(r, 500));
    victim.child.kill('SIGKILL');
    const exit = await victim.stop();
    expect(exit.signal).toBe('SIGKILL');
    csms.faults.clear();
    const mid = (await call(fleet[1]!, 'GET', path, cookie)).json as BatchAnswer;
    expect(mid.state).toBe('running');
    fleet[0] = await startBff({ env: env(dirs[2]!) }); // the restart

    const batch = await untilDone(() => call(fleet[0]!, 'GET', path, cookie), 90_000);
    expect(batch.done).toBe(items.length);
    // One intent per item, each with exactly one outcome, all carrying the batch id.
    const rows = (await stores.db.query<BatchAuditRow>(BATCH_AUDIT_SQL, [id])).rows;
    expect(rows.map((r) => r.item).sort((a, b) => a - b)).toEqual(items.map((_, k) => k));
    for (const r of rows) {
      expect(r.outcomes).toHaveLength(1);
      expect(['success', 'reconciled']).toContain(r.outcomes[0]);
      expect(r.outcome_has_batch).toBe(true);
    }
    // The killed process's PUTs in flight: their intents were settled through the reconciler's path (not
    // applied: CSMS never handled them) and those items failed. The other process worked on the batch too
    // (it picks up unclaimed secrets); its hung PUTs kept their lease by heartbeat, timed out and were read
    // back: `failure` rows, never taken over while it lived.
    const reconciled = new Set(rows.filter((r) => r.outcomes[0] === 'reconciled').map((r) => r.item));
    expect(reconciled.size).toBeGreaterThanOrEqual(1);
    expect(reconciled.size).toBeLessThanOrEqual(4); // BATCH_CONCURRENCY of the killed process
    const held = await heldNow(client, items);
    for (const [k, item] of batch.items.entries()) {
      const now = held.get(`${item.secret}/${item.version}`);
      if (reconciled.has(k)) {
        expect(item).toMatchObject({ status: 'failed', code: 'not_applied' });
        expect(sameSecond(now, items[k]!.expected_expire_time), `item ${k}`).toBe(true);
      } else if (item.status === 'failed') {
        expect(rows.find((r) => r.item === k)!.outcomes).toEqual(['failure']);
        expect(sameSecond(now, items[k]!.expected_expire_time), `item ${k}`).toBe(true);
      } else {
        expect(item.status, `item ${k}`).toBe('applied');
        expect(sameSecond(now, items[k]!.expire_time), `item ${k}`).toBe(true);
      }
    }
    console.info(
      `kill -9 mid-batch: ${mid.done}/${items.length} settled at the kill; ${reconciled.size} reconciled`,
    );

    // A retry of the failed ones, through the restarted process, applies them.
    const retry = await call(fleet[0], 'POST', `${path}/retry`, cookie, {});
    expect(retry.status).toBe(202);
    const again = await untilDone(() => call(fleet[1]!, 'GET', `/api/accounts/lab/expiry-batches/${retry.json.id as string}`, cookie));
    const failed = batch.items.filter((i) => i.status === 'failed');
    expect(again.items.map((i) => `${i.secret}/${i.version} ${i.status}`)).toEqual(
      failed.map((i) => `${i.secret}/${i.version} applied`),
    );
    // No item left leased or pending, and the audit chain still verifies.
    const verify = await call(fleet[1]!, 'GET', '/api/audit/verify', cookie);
    expect(verify.json).toMatchObject({ intact: true });
  }, 180_000); // prettier-ignore
  },
);
