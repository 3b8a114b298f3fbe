/**
 * Bulk extend (issue 11 benchmarks): one batch of 500 version expiries through the real BFF (a child process)
 * against the emulator (a child process, `scale:167`: 167 secrets x 3 versions) with 20 ms latency on every
 * CSMS call, once on each store. Reported per store:
 * - upstream calls per item, from the emulator's request log: target 1 PUT and at most 1 read per item with
 *   no faults (the batch reads each secret once, ShowSecret + ListSecretVersions at once, for all its items);
 * - calls in flight, from the same log: no window shorter than one latency receives more than
 *   BATCH_CONCURRENCY=4 (every call a batch makes, read or PUT, holds one of the runner's slots,
 *   apps/bff/src/features/batches/batch-runner.ts);
 * - the time from POST to `done` (polled every POLL_MS, 100 ms: the SPA polls every second; a finer poll
 *   would load the BFF it measures, a coarser one overshoot more; the time can overshoot by one poll, so it
 *   errs against us) against the bound ceil(calls / 4) x 20 ms. Target <= 1.3x on PostgreSQL, the store that
 *   replicas share and a fleet runs on (a fresh database on BENCH_DATABASE_URL's server, default
 *   127.0.0.1:5432; skipped when there is none). On PGlite, the embedded single-process store, the same
 *   figure is reported without a target: the database runs in the BFF's own thread, so the BFF is CPU-bound
 *   (its CPU per item, reported, is about what the bound allows per item).
 * The BFF's CPU time over the batch is reported too (no target): on a busy machine wall time varies run to
 * run, its CPU time much less (it includes answering the polls). `BENCH_BATCH_LATENCY_MS` changes the latency
 * (at 1 ms the time is the BFF's own work per item: two audit appends on the one hash chain, the item's
 * result, the checks).
 */
import { CsmsClient } from '@csms-console/csms-client';
import pg from 'pg';
import { startEmulatorCli } from '@csms-console/process-kit';
import { startBff, type CsmsAccount } from './lib/bff-process.js';
import { fmt, type Row } from './lib/report.js';

/** How often the bench reads the batch's status while it runs. */
const POLL_MS = 100;

const ITEMS = 500;
const LATENCY_MS = Number(process.env.BENCH_BATCH_LATENCY_MS ?? 20);
const CONCURRENCY = 4;
const TIME_TARGET = 1.3;
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DAY = 86_400_000;

export async function batchBench(): Promise<Row[]> {
  const rows: Row[] = [];
  const admin = new pg.Client({ connectionString: PG_URL });
  const database = `bench_batches_${process.pid}`;
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
  } catch {
    rows.push({ name: 'PostgreSQL', value: `skipped: no PostgreSQL at ${new URL(PG_URL).host}` });
    await admin.end().catch(() => undefined);
    return [...rows, ...(await runBatch('PGlite', undefined))];
  }
  try {
    const url = new URL(PG_URL);
    url.pathname = `/${database}`;
    rows.push(...(await runBatch('PostgreSQL', url.toString())));
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
  return [...rows, ...(await runBatch('PGlite', undefined))];
}

/** One batch on one store (`databaseUrl` undefined: PGlite); the time target only where `databaseUrl` is set. */
async function runBatch(store: string, databaseUrl: string | undefined): Promise<Row[]> {
  const emulator = await startEmulatorCli({ args: ['--seed', 'scale:167', '--port', '0', '--admin'] });
  const csms: CsmsAccount = emulator.ready;
  let bff: Awaited<ReturnType<typeof startBff>> | undefined;
  try {
    const client = new CsmsClient({
      endpoint: csms.url,
      projectId: csms.projectId,
      credentials: { type: 'aksk', ...csms.credentials },
    });
    const items: Array<{
      secret: string;
      version: string;
      expire_time: number;
      expected_expire_time: number | null;
    }> = [];
    const base = Date.now() + 60 * DAY;
    let marker: string | undefined;
    while (items.length < ITEMS) {
      const page = await client.listSecrets({ limit: 100, ...(marker && { marker }) });
      for (const s of page.secrets) {
        const versions = await client.listSecretVersions(s.name, { limit: 100 });
        for (const v of versions.version_metadatas) {
          if (items.length < ITEMS) {
            items.push({ secret: s.name, version: v.id, expire_time: base + items.length * 60_000, expected_expire_time: v.expire_time ?? null });
          }
        }
      }
      marker = page.page_info.next_marker;
      if (!marker) break;
    } // prettier-ignore
    bff = await startBff(csms, {
      BATCH_CONCURRENCY: String(CONCURRENCY),
      ...(databaseUrl && { DATABASE_URL: databaseUrl }),
    });
    const admin = (method: string, path: string, body?: unknown) =>
      fetch(`${csms.url}/__admin${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    await admin('POST', '/faults', { type: 'latency', operation: '*', latency_ms: LATENCY_MS });
    await admin('DELETE', '/requests');

    const started = performance.now();
    const cpuBefore = bff.cpuMs();
    const created = await fetch(`${bff.url}/api/accounts/bench/expiry-batches`, {
      method: 'POST',
      headers: bff.headers,
      body: JSON.stringify({ reason: 'bench: bulk extend of 500 versions', items }),
    });
    if (created.status !== 202) throw new Error(`batch answered ${created.status}: ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    let batch: { state: string; items: Array<{ status: string }> };
    for (;;) {
      const res = await fetch(`${bff.url}/api/accounts/bench/expiry-batches/${id}`, { headers: bff.headers });
      batch = (await res.json()) as typeof batch;
      if (batch.state === 'done') break;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const elapsed = performance.now() - started;
    const cpu = bff.cpuMs() - cpuBefore;
    const log = (await (await admin('GET', '/requests?limit=100000')).json()) as {
      requests: Array<{ operation: string; time: number }>;
    };
    // Calls in flight, as the emulator saw them: a slot's next call comes at least one latency after its
    // last, so no window shorter than that receives more calls than the runner has slots.
    const times = log.requests.map((r) => r.time).sort((a, b) => a - b);
    let inFlight = 0;
    for (let i = 0, j = 0; j < times.length; j++) {
      while (times[j]! - times[i]! >= LATENCY_MS) i++;
      inFlight = Math.max(inFlight, j - i + 1);
    }
    const count = (op: string) => log.requests.filter((r) => r.operation === op).length;
    const puts = count('UpdateVersion');
    const reads = log.requests.length - puts;
    const applied = batch.items.filter((i) => i.status === 'applied').length;
    const bound = Math.ceil(log.requests.length / CONCURRENCY) * LATENCY_MS;
    const ratio = elapsed / bound;
    const timed = databaseUrl !== undefined;
    const rows: Row[] = [
      { name: 'items applied', value: `${applied} of ${ITEMS}`, met: applied === ITEMS },
      {
        name: 'PUTs per item',
        value: fmt(puts / ITEMS, 2),
        target: '= 1',
        met: puts === ITEMS,
      },
      {
        name: 'reads per item',
        value: `${fmt(reads / ITEMS, 2)} (${count('ShowSecret')} ShowSecret + ${count('ListSecretVersions')} ListSecretVersions)`,
        target: '<= 1',
        met: reads <= ITEMS,
      },
      {
        name: `calls received within ${LATENCY_MS} ms (calls in flight)`,
        value: `at most ${inFlight}`,
        target: `<= ${CONCURRENCY}`,
        met: inFlight <= CONCURRENCY,
      },
      {
        name: `time vs ceil(${log.requests.length} calls / ${CONCURRENCY}) x ${LATENCY_MS} ms`,
        value: `${fmt(elapsed)} ms vs ${fmt(bound)} ms`,
        ratio,
        ...(timed ? { target: `<= ${TIME_TARGET}`, met: ratio <= TIME_TARGET } : {}),
      },
      // No target: the BFF's own work (the batch, and answering the polls), steady under machine load.
      { name: 'BFF CPU (user + system)', value: `${fmt(cpu)} ms, ${fmt(cpu / ITEMS, 2)} ms per item` },
    ];
    return rows.map((row) => ({ ...row, name: `${store}: ${row.name}` }));
  } finally {
    await bff?.stop();
    await emulator.stop();
  }
}
