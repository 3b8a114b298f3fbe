/**
 * The notify evaluation benchmark's measuring process (issue 14; driven by packages/bench/src/notify.ts,
 * which never imports from apps/): the BFF's own parts (config, store, upstream, FleetService,
 * EvaluationService, pg-boss on the store) in one process, so time and memory are this process's alone.
 *
 *   node --expose-gc --import tsx src/cli/bench-notify.ts   (env: the BFF's, plus BENCH_NOTIFY_*)
 *
 * 1. A real fleet scan of the configured account (an emulator seeded scale:N) through FleetService into the
 *    store: the cache holds exactly what the product's scan writes.
 * 2. Two channels (en, zh) and two rules (one per language, every account, all versions, leads 30/7/1 and
 *    on expiry), read from memory: only the evaluation is timed, no delivery worker runs.
 * 3. Baseline: reading the scan's rows from the store (what a replica's first answer from the cache costs)
 *    and FleetService.cached (what the evaluation itself calls).
 * 4. First evaluations (every due crossing inserted; the notify tables emptied between rounds) and steady
 *    ones (nothing new), each timed, with RSS/heap deltas and the heap's peak sampled every 5 ms.
 * Prints one JSON line `{ "event": "result", ... }`. PostgreSQL runs in a fresh schema, dropped afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Rule } from '@csms-console/api-contract';
import { loadConfig } from '../config/config.js';
import { FleetService } from '../features/fleet/fleet.service.js';
import { EvaluationService, type EvaluationResult } from '../features/notify/evaluation.service.js';
import { DELIVER_QUEUE } from '../features/notify/notify-engine.js';
import { bossSchema, createBoss, txBossDb } from '../features/notify/queue.js';
import type { NotifyConfigReader } from '../features/notify/types.js';
import { createLogger } from '../logger.js';
import { createMetrics } from '../metrics.js';
import { openStores } from '../store/index.js';
import { createUpstream } from '../upstream/upstream.js';

const DAY = 86_400_000;
const env = process.env;
const firstRounds = Number(env.BENCH_NOTIFY_FIRST_ROUNDS ?? 3);
const steadyRounds = Number(env.BENCH_NOTIFY_STEADY_ROUNDS ?? 5);
/** How far past the scan the evaluation's clock is: 61 days makes scale:N's 30-day versions expired and its
 * 90-day ones 29 days out, so two versions in three are due (a lead and the expiry both fire). */
const shiftDays = Number(env.BENCH_NOTIFY_SHIFT_DAYS ?? 61);
const schema = env.BENCH_NOTIFY_SCHEMA;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const result = loadConfig({ env });
if (!result.ok) {
  console.error(`bench-notify: bad settings: ${result.problems.join('; ')}`);
  process.exit(2);
}
const config = result.config;
const account = config.accounts[0]!.name;
const logger = createLogger('warn');
const dataDir = config.databaseUrl ? undefined : mkdtempSync(join(tmpdir(), 'bench-notify-'));
const stores = await openStores({
  databaseUrl: config.databaseUrl?.reveal(),
  ...(schema && { schema }),
  ...(dataDir && { dataDir: join(dataDir, 'pglite') }),
});
const { db } = stores;
const boss = createBoss(db, { schedule: false, supervise: false });

interface Memory {
  rssDelta: number;
  heapDelta: number;
  heapPeakDelta: number;
  rssPeakDelta: number;
  /** Heap still held after a full GC once it finished (what the evaluation keeps). */
  retainedDelta: number;
}

/** Runs `fn` once after a full GC, timing it and sampling memory every 5 ms while it runs. */
async function measured<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T; memory: Memory }> {
  gc();
  const before = process.memoryUsage();
  let heapPeak = before.heapUsed;
  let rssPeak = before.rss;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    heapPeak = Math.max(heapPeak, m.heapUsed);
    rssPeak = Math.max(rssPeak, m.rss);
  }, 5);
  const started = performance.now();
  const value = await fn();
  const ms = performance.now() - started;
  clearInterval(sampler);
  const after = process.memoryUsage();
  heapPeak = Math.max(heapPeak, after.heapUsed);
  rssPeak = Math.max(rssPeak, after.rss);
  gc();
  const retained = process.memoryUsage().heapUsed - before.heapUsed;
  return {
    ms,
    value,
    memory: {
      rssDelta: after.rss - before.rss,
      heapDelta: after.heapUsed - before.heapUsed,
      heapPeakDelta: heapPeak - before.heapUsed,
      rssPeakDelta: rssPeak - before.rss,
      retainedDelta: retained,
    },
  };
}

async function scanFleet(fleet: FleetService): Promise<number> {
  const started = performance.now();
  await fleet.expiry(account, 'all');
  for (;;) {
    const cached = await fleet.cached(account);
    if (cached?.complete) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const CHANNELS = [
  { id: '01JBENCHCHANNEL00000000000E', name: 'bench en', language: 'en' as const },
  { id: '01JBENCHCHANNEL00000000000Z', name: 'bench zh', language: 'zh-CN' as const },
];

const rules: Rule[] = CHANNELS.map((c, i) => ({
  id: `01JBENCHRULE00000000000000${i}`,
  name: `every version (${c.language})`,
  enabled: true,
  accounts: '*',
  versions: 'all',
  lead_days: [30, 7, 1],
  on_expiry: true,
  language: c.language,
  time_zone: 'UTC',
  channels: [c.id],
  source: 'console',
  created_at: 1,
  updated_at: 1,
  updated_by: 'bench',
}));

const reader: NotifyConfigReader = {
  rules: () => Promise.resolve(rules),
  resolveChannel: () => Promise.resolve(undefined),
};

async function emptyNotifyTables(): Promise<void> {
  await db.exec(`DELETE FROM notify_delivery_events; DELETE FROM notify_deliveries;
    DELETE FROM notify_events; DELETE FROM notify_evaluations;
    DELETE FROM ${bossSchema(db)}.job WHERE name = '${DELIVER_QUEUE}'`);
}

try {
  const fleet = new FleetService({
    upstream: createUpstream({
      accounts: config.accounts.map((a) => ({ ...a, emulated: false })),
      settings: config.upstream,
      metrics: createMetrics(),
      logger,
    }),
    store: stores.fleet,
    notifyHealth: stores.notifyHealth,
    now: Date.now,
    logger,
    settings: { maxAgeMs: 3_600_000, concurrency: config.upstream.scanConcurrency },
  });
  const scanMs = await scanFleet(fleet);
  const scans = await stores.fleet.scans(account, Date.now());
  const scanId = scans.find((s) => s.finishedAt !== null)!.scanId;
  const rows = await stores.fleet.secrets(scanId);
  const versions = rows.reduce((n, r) => n + (r.versions?.length ?? 0), 0);

  for (const c of CHANNELS)
    await db.query(
      `INSERT INTO notify_channels (id, kind, name, target, settings, created_at, updated_at, updated_by)
       VALUES ($1, 'webhook', $2, '127.0.0.1', '{}', 1, 1, 'bench')`,
      [c.id, c.name],
    );
  await boss.start();
  await boss.createQueue(DELIVER_QUEUE, { retryLimit: 5, retryBackoff: true, expireInSeconds: 300 });
  await boss.insert(DELIVER_QUEUE, []).catch(() => undefined);

  const evalNow = Date.now() + shiftDays * DAY;
  const evaluation = new EvaluationService({
    db,
    fleet: {
      current: (a) => fleet.current(a),
      cached: (a) => fleet.cached(a),
      running: async (a) => (await stores.fleet.scans(a, Date.now())).some((s) => s.running),
    },
    accounts: () => config.accounts.map((a) => a.name),
    config: reader,
    now: () => evalNow,
    logger,
    enqueue: async (tx, ids) => {
      await boss.insert(
        DELIVER_QUEUE,
        ids.map((deliveryId) => ({ data: { deliveryId } })),
        { db: txBossDb(tx) },
      );
    },
  });

  // Warm-up (JIT, the pool's connections, FleetService's in-memory rows), then the baselines.
  const warm = await evaluation.run();
  const storeRead: Array<Awaited<ReturnType<typeof measured<unknown>>>> = [];
  const cachedRead: Array<Awaited<ReturnType<typeof measured<unknown>>>> = [];
  for (let i = 0; i < Math.max(3, steadyRounds); i++) {
    storeRead.push(await measured(() => stores.fleet.secrets(scanId)));
    cachedRead.push(await measured(() => fleet.cached(account)));
  }

  const first: Array<Awaited<ReturnType<typeof measured<EvaluationResult>>>> = [];
  for (let i = 0; i < firstRounds; i++) {
    await emptyNotifyTables();
    first.push(await measured(() => evaluation.run()));
  }
  const steady: Array<Awaited<ReturnType<typeof measured<EvaluationResult>>>> = [];
  for (let i = 0; i < steadyRounds; i++) steady.push(await measured(() => evaluation.run()));

  const { rows: counts } = await db.query<{
    events: string;
    deliveries: string;
    pairs: string;
    jobs: string;
  }>(
    `SELECT (SELECT count(*) FROM notify_events) AS events,
       (SELECT count(*) FROM notify_deliveries) AS deliveries,
       (SELECT count(*) FROM notify_delivery_events) AS pairs,
       (SELECT count(*) FROM ${bossSchema(db)}.job WHERE name = '${DELIVER_QUEUE}') AS jobs`,
  );
  const strip = (m: { ms: number; memory: Memory; value: EvaluationResult }) => ({
    ms: m.ms,
    memory: m.memory,
    events: m.value.events,
    deliveries: m.value.deliveries,
  });
  console.log(
    JSON.stringify({
      event: 'result',
      store: db.kind,
      secrets: rows.length,
      versions,
      scanMs,
      warmUp: { events: warm.events, deliveries: warm.deliveries },
      storeRead: storeRead.map((m) => ({ ms: m.ms, memory: m.memory })),
      cachedRead: cachedRead.map((m) => ({ ms: m.ms, memory: m.memory })),
      first: first.map(strip),
      steady: steady.map(strip),
      tables: Object.fromEntries(Object.entries(counts[0]!).map(([k, v]) => [k, Number(v)])),
      heapUsed: process.memoryUsage().heapUsed,
      rss: process.memoryUsage().rss,
    }),
  );
  await fleet.close();
} finally {
  await boss.stop({ graceful: false, close: false }).catch(() => undefined);
  if (schema && db.kind === 'postgres') {
    await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_pgboss CASCADE`);
  }
  await stores.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
