/**
 * The BFF's read path and audited writes (issue 3 benchmarks), each against a baseline measured in the same
 * run on the same emulator (a child process):
 * - read: `GET /api/accounts/:a/secrets/:s` through the BFF vs the same four CSMS calls (ShowSecret,
 *   ListSecretVersions and ListNotificationRecords at once, ShowSecretEvent once ShowSecret names the event)
 *   made directly with our client. Targets: throughput >= 0.4 of direct; added median latency <= 2 ms.
 * - writes: expiry changes per second through the BFF (audit intent + re-read + UpdateVersion + outcome),
 *   on PGlite and on PostgreSQL, vs UpdateVersion sent directly.
 * Both sides run 4 loops (closed-loop load). The BFF runs with UPSTREAM_CONCURRENCY=16 so that its bulkhead
 * (4 by default, a product choice) does not make this a measurement of the bulkhead.
 * The BFF reuses an account's notification event and records for 5 s (NOTIFICATION_CACHE_MS), so in this
 * loop it makes two CSMS calls per page; a second BFF with the cache off is reported beside it (no target).
 */
import { CsmsClient } from '@csms-console/csms-client';
import { startEmulatorCli } from '@csms-console/process-kit';
import pg from 'pg';
import { closedLoop, httpCall, startBff, type CsmsAccount, type RunningBff } from './lib/bff-process.js';
import { fmt, median, type Row } from './lib/report.js';

const SECRET = 'payments-db-password';
const READ_TARGET = 0.4;
const LATENCY_TARGET_MS = 2;
const LOOPS = 4;
const DAY = 86_400_000;
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function bffBench(opts: {
  rounds: number;
  millis: number;
}): Promise<{ read: Row[]; write: Row[] }> {
  const emulator = await startEmulatorCli({ args: ['--seed', 'demo', '--port', '0'] });
  const csms: CsmsAccount = emulator.ready;
  let bff: Awaited<ReturnType<typeof startBff>> | undefined;
  let uncached: Awaited<ReturnType<typeof startBff>> | undefined;
  try {
    const client = new CsmsClient({
      endpoint: csms.url,
      projectId: csms.projectId,
      credentials: { type: 'aksk', ...csms.credentials },
    });
    bff = await startBff(csms, { UPSTREAM_CONCURRENCY: '16', UPSTREAM_QUEUE: '100' });
    uncached = await startBff(csms, {
      UPSTREAM_CONCURRENCY: '16',
      UPSTREAM_QUEUE: '100',
      NOTIFICATION_CACHE_MS: '0',
    });
    // The BFF's own call pattern: three at once, ShowSecretEvent as soon as ShowSecret names the event.
    const direct = async () => {
      const secret = client.showSecret(SECRET);
      await Promise.all([
        secret,
        client.listSecretVersions(SECRET, { limit: 100 }),
        client.listNotificationRecords(),
        secret.then((s) =>
          s.event_subscriptions[0] ? client.showSecretEvent(s.event_subscriptions[0]) : undefined,
        ),
      ]);
    };
    const served = bff;
    const page = (target: RunningBff) => async () => {
      const res = await httpCall(`${target.url}/api/accounts/bench/secrets/${SECRET}`, {
        headers: target.headers,
      });
      if (res.status !== 200) throw new Error(`BFF answered ${res.status}`);
    };
    const viaBff = page(served);
    const viaUncached = page(uncached);
    const d: number[] = [];
    const b: number[] = [];
    const u: number[] = [];
    const dLat: number[] = [];
    const bLat: number[] = [];
    await closedLoop(LOOPS, 500, direct);
    await closedLoop(LOOPS, 500, viaBff);
    await closedLoop(LOOPS, 500, viaUncached);
    for (let r = 0; r < opts.rounds; r++) {
      const x = await closedLoop(LOOPS, opts.millis, direct);
      const y = await closedLoop(LOOPS, opts.millis, viaBff);
      const z = await closedLoop(LOOPS, opts.millis, viaUncached);
      d.push(x.perSecond);
      b.push(y.perSecond);
      u.push(z.perSecond);
      dLat.push(median(x.latencies));
      bLat.push(median(y.latencies));
    }
    // Latency added at low load: one loop each.
    const lowDirect = await closedLoop(1, opts.millis, direct);
    const lowBff = await closedLoop(1, opts.millis, viaBff);
    const lowUncached = await closedLoop(1, opts.millis, viaUncached);
    const added = median(lowBff.latencies) - median(lowDirect.latencies);
    const addedUncached = median(lowUncached.latencies) - median(lowDirect.latencies);
    const ratio = median(b) / median(d);
    const read: Row[] = [
      {
        name: 'direct: the same 4 CSMS calls (baseline)',
        value: `${fmt(median(d))} pages/s, p50 ${fmt(median(dLat), 1)} ms`,
      },
      {
        name: 'through the BFF',
        value: `${fmt(median(b))} pages/s, p50 ${fmt(median(bLat), 1)} ms`,
        ratio,
        target: `>= ${READ_TARGET}`,
        met: ratio >= READ_TARGET,
      },
      {
        name: 'added median latency, one client',
        value: `${fmt(added, 2)} ms (${fmt(median(lowDirect.latencies), 2)} -> ${fmt(median(lowBff.latencies), 2)} ms)`,
        target: `<= ${LATENCY_TARGET_MS} ms`,
        met: added <= LATENCY_TARGET_MS,
      },
      {
        name: 'notification cache off (all 4 calls): pages/s',
        value: `${fmt(median(u))} pages/s`,
        ratio: median(u) / median(d),
      },
      {
        name: 'notification cache off: added median latency',
        value: `${fmt(addedUncached, 2)} ms`,
      },
    ];
    const write = await writes(client, csms, served, opts);
    return { read, write };
  } finally {
    await bff?.stop();
    await uncached?.stop();
    await emulator.stop();
  }
}

async function writes(
  client: CsmsClient,
  csms: CsmsAccount,
  pglite: Awaited<ReturnType<typeof startBff>>,
  opts: { millis: number },
): Promise<Row[]> {
  const secret = 'ci-deploy-token';
  const versions = (await client.listSecretVersions(secret, { limit: 100 })).version_metadatas.map(
    (v) => v.id,
  );
  const directRate = (
    await closedLoop(LOOPS, opts.millis, async (loop, i) => {
      await client.updateVersion(secret, versions[loop]!, Date.now() + (30 + (i % 300)) * DAY);
    })
  ).perSecond;
  const viaBff = async (bff: Awaited<ReturnType<typeof startBff>>) => {
    const known = new Map<string, number | null>();
    for (const v of (await client.listSecretVersions(secret, { limit: 100 })).version_metadatas)
      known.set(v.id, v.expire_time ?? null);
    return (
      await closedLoop(LOOPS, opts.millis, async (loop, i) => {
        const version = versions[LOOPS + loop]!;
        const res = await httpCall(`${bff.url}/api/accounts/bench/secrets/${secret}/versions/${version}`, {
          method: 'PUT',
          headers: bff.headers,
          body: JSON.stringify({
            expire_time: Date.now() + (30 + (i % 300)) * DAY,
            expected_expire_time: known.get(version),
            reason: 'bench', // REQUIRE_REASON is on by default
          }),
        });
        const body = JSON.parse(res.body) as { version?: { expire_time: number } };
        if (res.status !== 200 || !body.version) throw new Error(`BFF write answered ${res.status}`);
        known.set(version, body.version.expire_time);
      })
    ).perSecond;
  };
  const rows: Row[] = [{ name: 'direct UpdateVersion (baseline)', value: `${fmt(directRate)} writes/s` }];
  const onPglite = await viaBff(pglite);
  rows.push({
    name: 'through the BFF, audited, PGlite',
    value: `${fmt(onPglite)} writes/s`,
    ratio: onPglite / directRate,
  });
  const database = `bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
  } catch {
    rows.push({
      name: 'through the BFF, audited, PostgreSQL',
      value: `skipped: no PostgreSQL at ${new URL(PG_URL).host}`,
    });
    await admin.end().catch(() => undefined);
    return rows;
  }
  const url = new URL(PG_URL);
  url.pathname = `/${database}`;
  const onPg = await startBff(csms, {
    UPSTREAM_CONCURRENCY: '16',
    UPSTREAM_QUEUE: '100',
    DATABASE_URL: url.toString(),
  });
  try {
    const rate = await viaBff(onPg);
    rows.push({
      name: 'through the BFF, audited, PostgreSQL',
      value: `${fmt(rate)} writes/s`,
      ratio: rate / directRate,
    });
  } finally {
    await onPg.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
  return rows;
}
