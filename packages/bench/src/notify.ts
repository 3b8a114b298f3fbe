/**
 * The notify evaluation (issue 14 benchmarks): "an evaluation over a cached scale:2000 fleet (about 20,000
 * versions): time and memory, target <= 1 s". scale:N holds 3 versions a secret, so about 20,000 versions is
 * scale:6667 (20,001; `BENCH_NOTIFY_SECRETS` changes it). An emulator seeded so runs as a child process; the
 * BFF's own parts run in another (apps/bff/src/cli/bench-notify.ts: real scan into the store, then the
 * evaluations, timed in that process with its memory), once on PostgreSQL (a fresh schema on
 * `BENCH_DATABASE_URL`'s server, default 127.0.0.1:5432/test, dropped afterwards) and once on PGlite.
 * - baseline: reading the scan's rows from the store (fleet store `secrets`), what any first answer from the
 *   cache costs; FleetService.cached (the rows it keeps in memory) is printed beside it.
 * - first evaluation: every due crossing inserted (events, deliveries, jobs), the notify tables emptied
 *   between rounds; steady: the same evaluation again, nothing new (the common case every 15 minutes).
 *   Target on PostgreSQL: median <= 1 s each; PGlite reported beside it.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BFF_DIR, startEmulatorCli } from '@csms-console/process-kit';
import { fmt, median, type Row } from './lib/report.js';

const SECRETS = Number(process.env.BENCH_NOTIFY_SECRETS ?? 6667);
const TARGET_MS = 1000;
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Memory {
  rssDelta: number;
  heapDelta: number;
  heapPeakDelta: number;
  rssPeakDelta: number;
  retainedDelta: number;
}
interface Timed {
  ms: number;
  memory: Memory;
  events?: number;
  deliveries?: number;
}
interface Measured {
  store: string;
  secrets: number;
  versions: number;
  scanMs: number;
  storeRead: Timed[];
  cachedRead: Timed[];
  first: Timed[];
  steady: Timed[];
  tables: { events: number; deliveries: number; pairs: number; jobs: number };
}

/** `BENCH_NOTIFY_NODE_ARGS`: flags for the measuring process's node, e.g. `--cpu-prof --cpu-prof-dir=DIR`. */
const nodeArgs = (process.env.BENCH_NOTIFY_NODE_ARGS ?? '').split(' ').filter(Boolean);
const mb = (bytes: number) => `${fmt(bytes / 1048576, 1)} MB`;

/** Runs the measuring process with the BFF's settings for `csms`; resolves with its result line. */
function measure(env: Record<string, string>): Promise<Measured> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [...nodeArgs, '--expose-gc', '--import', 'tsx', join('src', 'cli', 'bench-notify.ts')],
      { cwd: BFF_DIR, env, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{"event":"result"'));
      if (code !== 0 || !line) reject(new Error(`bench-notify exited ${code}: ${out.slice(-500)}`));
      else resolvePromise(JSON.parse(line) as Measured);
    });
  });
}

function rowsOf(m: Measured, withTarget: boolean): Row[] {
  const base = median(m.storeRead.map((t) => t.ms));
  const cached = median(m.cachedRead.map((t) => t.ms));
  const memoryOf = (ts: Timed[]) => {
    const mid = [...ts].sort((a, b) => a.ms - b.ms)[Math.floor(ts.length / 2)]!.memory;
    return `heap +${mb(mid.heapDelta)} (peak +${mb(mid.heapPeakDelta)}, kept after GC ${mb(mid.retainedDelta)}), RSS +${mb(mid.rssDelta)} (peak +${mb(mid.rssPeakDelta)})`;
  };
  const evalRow = (label: string, ts: Timed[]): Row => {
    const ms = median(ts.map((t) => t.ms));
    const counts = `${ts[0]!.events} events, ${ts[0]!.deliveries} deliveries`;
    return {
      name: `${m.store}: ${label}, median of ${ts.length}`,
      value: `${fmt(ms, 1)} ms (${counts}; ${memoryOf(ts)})`,
      ratio: ms / base,
      ...(withTarget && { target: `<= ${fmt(TARGET_MS)} ms`, met: ms <= TARGET_MS }),
    };
  };
  return [
    {
      name: `${m.store}: read the cached scan from the store (${m.versions} versions, ${m.secrets} secrets) (baseline)`,
      value: `${fmt(base, 1)} ms (${memoryOf(m.storeRead)}); FleetService.cached ${fmt(cached, 2)} ms; the scan itself ${fmt(m.scanMs)} ms`,
    },
    evalRow('first evaluation (every due crossing inserted)', m.first),
    evalRow('steady evaluation (nothing new)', m.steady),
    {
      name: `${m.store}: rows after the runs`,
      value: `${m.tables.events} events, ${m.tables.deliveries} deliveries, ${m.tables.pairs} delivery-event pairs, ${m.tables.jobs} jobs`,
    },
  ];
}

export async function notifyBench(opts: { quick: boolean }): Promise<Row[]> {
  const emulator = await startEmulatorCli({ args: ['--seed', `scale:${SECRETS}`, '--port', '0'] });
  const csms = emulator.ready;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    BFF_PUBLIC_ORIGIN: 'http://bench.local',
    BFF_DATA_DIR: tmpdir(),
    CSMS_ACCOUNTS: 'bench',
    CSMS_BENCH_REGION: csms.region,
    CSMS_BENCH_PROJECT_ID: csms.projectId,
    CSMS_BENCH_ENDPOINT: csms.url,
    CSMS_BENCH_AK: csms.credentials.accessKey,
    CSMS_BENCH_SK: csms.credentials.secretKey,
    SCAN_CONCURRENCY: '8',
    BENCH_NOTIFY_FIRST_ROUNDS: opts.quick ? '1' : '3',
    BENCH_NOTIFY_STEADY_ROUNDS: opts.quick ? '3' : '7',
  };
  try {
    const postgres = await measure({
      ...env,
      DATABASE_URL,
      BENCH_NOTIFY_SCHEMA: `bench_notify_${randomBytes(4).toString('hex')}`,
    });
    const pglite = await measure(env);
    return [...rowsOf(postgres, true), ...rowsOf(pglite, false)];
  } finally {
    await emulator.stop();
  }
}
