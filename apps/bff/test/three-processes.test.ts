/**
 * Replicas as one (issue 9 items 3, 4 and 6): three BFF processes (`src/main.ts`) on one PostgreSQL and one
 * CSMS (the emulator, configured like a real account), used through a round-robin client as a load balancer
 * would. Shared setup in `beforeAll`, one `it` per property: sign-in and request limits hold for the fleet,
 * not per process; every intent is settled exactly once; one audit chain verifies.
 *
 * Open intents are seeded as a crash leaves them (an intent older than the reconciler's 2 minutes, its
 * change applied in CSMS or not): some before the processes start, so all three reconcile them at once on
 * start-up, and more while they run, so their periodic runs (every 250 ms here) race for them.
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

const database = `bff_three_${randomBytes(4).toString('hex')}`;
const ORIGIN = 'http://console.test';
const PASSWORD = 'correct horse battery staple 42';
const DAY = 86_400_000;
const PROCESSES = 3;
/** Limits for this fleet, small enough to exhaust; the shared `cookie` below stays well inside them. */
const READS = 40;
const WRITES = 20;
const IP_CAP = 20;

/** The seeded intents' targets: secrets nobody else touches in this test, one intent list per version. */
const SEEDED = [
  ...['v1', 'v2', 'v3', 'v4', 'v5'].map((version) => ({ secret: 'payments-db-password', version })),
  ...['v1', 'v2'].map((version) => ({ secret: 'orders-api-key', version })),
  ...['v1', 'v2'].map((version) => ({ secret: 'sso-saml-signing-key', version })),
  ...['v1', 'v2', 'v3'].map((version) => ({ secret: 'analytics-warehouse-creds', version })),
];
const INTENTS_PER_VERSION = 3; // the first before the processes start, the others while they run
const SEEDED_SECRETS = new Set(SEEDED.map((t) => t.secret));

async function sql<R extends pg.QueryResultRow>(text: string, params: unknown[] = [], db = database) {
  const url = new URL(TEST_DATABASE_URL);
  if (db) url.pathname = `/${db}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** The load balancer: each request goes to the next process in turn. */
class RoundRobin {
  #next = 0;
  constructor(readonly processes: BffProcess[]) {}

  async call(method: string, path: string, init: { cookie?: string; body?: unknown; ip?: string } = {}) {
    const base = this.processes[this.#next++ % this.processes.length]!.url;
    const res = await fetch(base + path, {
      method,
      headers: {
        'x-csrf': '1',
        origin: ORIGIN,
        ...(init.ip && { 'x-forwarded-for': init.ip }), // one trusted proxy hop: the client's address
        ...(init.cookie && { cookie: init.cookie }),
        ...(init.body !== undefined && { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return {
      base,
      status: res.status,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      json: (await res.json().catch(() => undefined)) as any,
      cookies: res.headers.getSetCookie(),
    };
  }
}

describe.skipIf(!storeBackends().includes('postgres'))('three BFF processes on one PostgreSQL', () => {
  const dirs = Array.from({ length: PROCESSES }, () => mkdtempSync(join(tmpdir(), 'bff-three-')));
  let csms: RunningEmulator;
  let client: CsmsClient;
  let stores: Stores;
  let fleet: BffProcess[] = [];
  let lb: RoundRobin;
  let cookie: string;
  const start = Date.now();
  /** `requested[i][j]`: the expiry the j-th intent on SEEDED[i] asked for; what CSMS holds at the end. */
  const requested = SEEDED.map((_, i) =>
    Array.from(
      { length: INTENTS_PER_VERSION },
      (_, j) => Math.floor((start + (40 + 5 * i + j) * DAY) / 1000) * 1000,
    ),
  );
  const held: Array<number | null> = [];

  const seedIntent = (i: number, j: number) =>
    stores.audit.append({
      action: 'version.update',
      outcome: 'intent',
      at: Date.now() - 5 * 60_000,
      actor: { id: 'u-crashed', name: 'admin', role: 'admin', auth_method: 'password' },
      target: { account: 'lab', project_id: csms.projectId, ...SEEDED[i]! },
      after: { expire_time: requested[i]![j]! },
      request_id: `seed-${i}-${j}`,
    });

  beforeAll(async () => {
    await sql(`CREATE DATABASE ${database}`, [], '');
    csms = await startEmulator({ seed: 'demo', logger: silentLogger, requestLogSize: 100_000 });
    const { accessKey, secretKey } = csms.credentials;
    client = new CsmsClient({
      endpoint: csms.url,
      projectId: csms.projectId,
      credentials: { type: 'aksk', accessKey, secretKey },
    });
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${database}`;
    stores = await openStores({ databaseUrl: url.toString() });
    for (const role of ['admin', 'support', 'auditor'] as const) {
      await stores.users.create({
        name: role,
        role,
        passwordHash: await hashPassword(PASSWORD),
        now: Date.now(),
      });
    }

    // Every other version had its change applied before the crash (to its last intent's value).
    for (const [i, target] of SEEDED.entries()) {
      if (i % 2 === 0) await client.updateVersion(target.secret, target.version, requested[i]!.at(-1)!);
      const page = await client.listSecretVersions(target.secret, { limit: 100 });
      held.push(page.version_metadatas.find((v) => v.id === target.version)?.expire_time ?? null);
    }
    for (const i of SEEDED.keys()) await seedIntent(i, 0);
    csms.requestLog.clear();

    const env = (dataDir: string) =>
      bffProcessEnv(
        { dataDir, origin: ORIGIN, databaseUrl: url.toString(), accounts: ['lab'], csms },
        {
          RECONCILE_INTERVAL_MS: '250',
          BFF_TRUST_PROXY: '1',
          RATE_READS_PER_MIN: String(READS),
          RATE_WRITES_PER_MIN: String(WRITES),
          RATE_ANON_PER_MIN: '100000',
          LOGIN_IP_FAILURES_PER_DAY: String(IP_CAP),
        },
      );
    const started = await Promise.allSettled(dirs.map((dir) => startBff({ env: env(dir) })));
    fleet = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    lb = new RoundRobin(fleet);
    const login = await lb.call('POST', '/bff/login', { body: { username: 'admin', password: PASSWORD } });
    expect(login.status).toBe(200);
    cookie = login.cookies[0]!.split(';')[0]!;
  }, 180_000);

  afterAll(async () => {
    await Promise.all(fleet.map((p) => p.stop()));
    await stores?.close();
    await csms?.close();
    await sql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`, [], '');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }, 60_000);

  it('settles every intent exactly once, whichever process wrote or reconciled it', async () => {
    // More crashed intents while the fleet runs, and real edits through every process at once.
    for (let j = 1; j < INTENTS_PER_VERSION; j++) for (const i of SEEDED.keys()) await seedIntent(i, j);
    const page = await lb.call('GET', '/api/accounts/lab/secrets/ci-deploy-token', { cookie });
    expect(page.status).toBe(200);
    const current = new Map<string, number | null>(
      (page.json.versions as Array<{ id: string; expire_time: number | null }>).map((v) => [
        v.id,
        v.expire_time,
      ]),
    );
    const edits = await Promise.all(
      Array.from({ length: 12 }, (_, k) =>
        lb.call('PUT', `/api/accounts/lab/secrets/ci-deploy-token/versions/v${k + 1}`, {
          cookie,
          body: {
            expire_time: start + (30 + k) * DAY,
            expected_expire_time: current.get(`v${k + 1}`) ?? null,
            reason: 'CHG-1',
          },
        }),
      ),
    );
    expect(edits.map((e) => e.status)).toEqual(edits.map(() => 200));
    expect(new Set(edits.map((e) => e.base)).size).toBe(PROCESSES);

    const seededCount = SEEDED.length * INTENTS_PER_VERSION;
    const open = () =>
      sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log i
          WHERE outcome = 'intent' AND NOT EXISTS (SELECT 1 FROM audit_log o WHERE o.intent_id = i.id)`,
      );
    for (let waited = 0; (await open())[0]!.n > 0 && waited < 60_000; waited += 200) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await open())[0]!.n).toBe(0);

    // Exactly one outcome row per intent, and none without one.
    const perIntent = await sql<{ id: string; request_id: string; outcomes: string[] }>(
      `SELECT i.id, i.request_id, array_agg(o.outcome ORDER BY o.seq) AS outcomes
         FROM audit_log i JOIN audit_log o ON o.intent_id = i.id
        WHERE i.outcome = 'intent' GROUP BY i.id, i.request_id`,
    );
    expect(perIntent).toHaveLength(seededCount + edits.length);
    for (const row of perIntent) {
      expect(row.outcomes).toEqual([row.request_id.startsWith('seed-') ? 'reconciled' : 'success']);
    }
    const orphans = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log o WHERE o.intent_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM audit_log i WHERE i.id = o.intent_id AND i.outcome = 'intent')`,
    );
    expect(orphans[0]!.n).toBe(0);

    // Each reconciled row says what the one CSMS holds, and whether the crashed change had been applied.
    const reconciled = await sql<{
      secret: string;
      version: string;
      after: { expire_time: number | null };
      details: { applied: boolean; requested_expire_time: number };
    }>(`SELECT secret, version, after, details FROM audit_log WHERE outcome = 'reconciled'`);
    expect(reconciled).toHaveLength(seededCount);
    for (const row of reconciled) {
      const i = SEEDED.findIndex((t) => t.secret === row.secret && t.version === row.version);
      expect(row.after.expire_time).toBe(held[i]);
      expect(row.details.applied).toBe(row.details.requested_expire_time === held[i]);
    }
    expect(reconciled.filter((r) => r.details.applied)).toHaveLength(Math.ceil(SEEDED.length / 2));

    // No process settled an intent another one had: the reconcilers' counts add up, nobody failed one,
    // and CSMS was read once per crashed intent (the loser of a claim never reads).
    const settledBy = fleet.map((p) =>
      p.output
        .split('\n')
        .filter((line) => line.includes('"reconciled open audit intents"'))
        .reduce((sum, line) => sum + (JSON.parse(line) as { settled: number }).settled, 0),
    );
    expect(settledBy.reduce((a, b) => a + b, 0)).toBe(seededCount);
    for (const p of fleet) expect(p.output).not.toContain('could not settle');
    const reads = csms.requestLog
      .list({ operation: 'ListSecretVersions' })
      .filter((e) => SEEDED_SECRETS.has(decodeURIComponent(/\/secrets\/([^/]+)\//.exec(e.path)?.[1] ?? '')));
    expect(reads).toHaveLength(seededCount);
  }, 120_000);

  /** Passwords checked (argon2 run) for sign-ins from `ip`: a `bad_credentials` row follows each check. */
  const checked = async (ip: string) =>
    (
      await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log
          WHERE action = 'auth.login_failed' AND details->>'reason' = 'bad_credentials' AND client_ip = $1`,
        [ip],
      )
    )[0]!.n;
  const login = (username: string, password: string, ip: string) =>
    lb.call('POST', '/bff/login', { body: { username, password }, ip });
  const tally = (rs: { status: number }[]) => {
    const counts: Record<number, number> = {};
    for (const r of rs) counts[r.status] = (counts[r.status] ?? 0) + 1;
    return counts;
  };

  it('100 parallel wrong passwords for one user: 5 checked in all, whichever process answers', async () => {
    const ip = '198.51.100.21';
    const rs = await Promise.all(Array.from({ length: 100 }, () => login('support', 'wrong', ip)));
    expect(tally(rs)).toEqual({ 401: 5, 429: 95 });
    expect(new Set(rs.map((r) => r.base)).size).toBe(PROCESSES);
    expect(await checked(ip)).toBe(5);
  }, 60_000);

  it('49 parallel wrong guesses, then the right password: refused on every process', async () => {
    const ip = '198.51.100.22';
    const rs = await Promise.all(Array.from({ length: 49 }, () => login('auditor', 'guess', ip)));
    expect(tally(rs)).toEqual({ 401: 5, 429: 44 });
    for (let k = 0; k < PROCESSES; k++) {
      const right = await login('auditor', PASSWORD, ip);
      expect(right.status).toBe(429);
      expect(right.cookies).toEqual([]);
    }
    expect(await checked(ip)).toBe(5);
  }, 60_000);

  it(`the per-IP sign-in cap (${IP_CAP} here) holds exactly across processes`, async () => {
    const ip = '198.51.100.23';
    const rs = await Promise.all(Array.from({ length: 60 }, (_, k) => login(`ghost-${k}`, 'x', ip)));
    expect(tally(rs)).toEqual({ 401: IP_CAP, 429: 60 - IP_CAP });
    expect(await checked(ip)).toBe(IP_CAP);
  }, 60_000);

  it('request limits per session are one budget for all processes', async () => {
    const ip = '198.51.100.24';
    const signedIn = await login('support', PASSWORD, ip);
    expect(signedIn.status).toBe(200);
    const mine = signedIn.cookies[0]!.split(';')[0]!;
    const reads = await Promise.all(
      Array.from({ length: 3 * READS }, () => lb.call('GET', '/bff/user', { cookie: mine, ip })),
    );
    expect(tally(reads)).toEqual({ 200: READS, 429: 2 * READS });
    const writes = await Promise.all(
      Array.from({ length: 3 * WRITES }, () =>
        lb.call('PUT', '/api/accounts/lab/secrets/x/versions/v1', { cookie: mine, ip, body: {} }),
      ),
    );
    // Counted before validation: the first WRITES reach the handler (400), the rest are refused.
    expect(tally(writes)).toEqual({ 400: WRITES, 429: 2 * WRITES });
    expect(
      csms.requestLog.list({ operation: 'UpdateVersion' }).filter((e) => e.path.includes('/x/')),
    ).toEqual([]);
  }, 60_000);

  it('keeps one audit chain that verifies, from every process and in SQL', async () => {
    const verified = new Set<string>();
    for (let k = 0; k < PROCESSES; k++) {
      const verify = await lb.call('GET', '/api/audit/verify', { cookie });
      expect(verify.status).toBe(200);
      expect(verify.json).toMatchObject({ intact: true, first_broken: null });
      verified.add(verify.base);
    }
    expect(verified.size).toBe(PROCESSES); // round robin: each process verified the chain once
    const [range] = await sql<{ first: number; last: number; n: number }>(
      'SELECT min(seq)::int AS first, max(seq)::int AS last, count(*)::int AS n FROM audit_log',
    );
    expect(range).toMatchObject({ first: 1, n: range!.last });
    const [broken] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log a JOIN audit_log b ON b.seq = a.seq + 1
        WHERE b.prev_hash <> a.hash`,
    );
    expect(broken!.n).toBe(0);
    const [head] = await sql<{ same: boolean }>(
      `SELECT h.hash = l.hash AND h.seq = l.seq AS same
         FROM audit_head h, (SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1) l`,
    );
    expect(head!.same).toBe(true);
  }, 60_000);
});
