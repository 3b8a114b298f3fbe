/**
 * The fleet scan (issue 11 benchmarks): the real BFF (a child process, PGlite) scans an emulator seeded
 * `scale:2000` with 20 ms added to every CSMS call (the emulator's latency fault). Before the clock starts,
 * three events are created and three secrets in four subscribed to one of them (through CSMS's own API),
 * so the scan also reads each subscribed event once (3 ShowSecretEvent) and answers every `notify` reason
 * but `event_missing` (CSMS's API cannot make one); the answer's notify values are checked.
 * - cold scan: from the first `GET /api/accounts/:a/expiry` until an answer says `complete`, against the
 *   bound ceil(calls / concurrency) x 20 ms, where `calls` is what the emulator received (its stats: the
 *   listing pages, one version listing per secret and one read per event) and `concurrency` is the scan
 *   pool (SCAN_CONCURRENCY, 8). Target: <= 1.3x the bound.
 * - warm answer: the whole fleet (`within=all`, 6,000 versions) from the store's cache, one client.
 *   Target: p50 <= 50 ms.
 */
import { CsmsClient } from '@csms-console/csms-client';
import { signRequest } from '@csms-console/csms-client/signing';
import { startEmulatorCli } from '@csms-console/process-kit';
import { httpCall, startBff } from './lib/bff-process.js';
import { fmt, median, type Row } from './lib/report.js';

const SECRETS = 2000;
const LATENCY_MS = 20;
const CONCURRENCY = 8;
const SCAN_TARGET = 1.3;
const WARM_TARGET_MS = 50;
/** How often the bench asks whether the scan is complete (each answer reads the scan's rows so far). */
const POLL_MS = 50;
/** The emulator's `scale:N` secret names (packages/csms-emulator/src/seed/scale.ts). */
const scaleSecret = (i: number) => `scale-secret-${String(i).padStart(6, '0')}`;

/** The events made for the bench, each with the notify answer its subscribers get (secret page's rule). */
const EVENTS = [
  { name: 'bench-expiry-alerts', state: 'ENABLED', types: ['SECRET_VERSION_EXPIRED'], notify: 'ok' },
  {
    name: 'bench-muted-alerts',
    state: 'DISABLED',
    types: ['SECRET_VERSION_EXPIRED'],
    notify: 'event_disabled',
  },
  { name: 'bench-rotation-audit', state: 'ENABLED', types: ['SECRET_ROTATED'], notify: 'event_type_missing' },
] as const;
/** Secret i subscribes to EVENTS[i % 4], or to none when that is past the end. */
const eventOf = (i: number) => EVENTS[i % 4];

export async function fleetBench(opts: { warmRequests: number }): Promise<Row[]> {
  const emulator = await startEmulatorCli({
    args: ['--seed', `scale:${SECRETS}`, '--port', '0', '--admin'],
  });
  const csms = emulator.ready;
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${csms.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`emulator admin ${method} ${path} answered ${res.status}`);
    return res.status === 204 ? undefined : ((await res.json()) as Record<string, unknown>);
  };
  // CSMS calls the console's client does not make (it never writes events or subscriptions), signed here.
  const csmsWrite = async (method: string, path: string, body: unknown) => {
    const text = JSON.stringify(body);
    const wirePath = `/v1/${csms.projectId}${path}`;
    const { headers } = signRequest({
      method,
      path: wirePath,
      headers: {
        'content-type': 'application/json',
        host: new URL(csms.url).host,
        'x-project-id': csms.projectId,
      },
      body: text,
      accessKey: csms.credentials.accessKey,
      secretKey: csms.credentials.secretKey,
      date: new Date(),
    });
    const res = await fetch(`${csms.url}${wirePath}`, { method, headers, body: text });
    if (res.status >= 300)
      throw new Error(`CSMS ${method} ${path} answered ${res.status}: ${await res.text()}`);
  };
  for (const event of EVENTS)
    await csmsWrite('POST', '/csms/events', {
      name: event.name,
      event_types: event.types,
      state: event.state,
      notification: { target_type: 'SMN', target_id: `urn:smn:bench:${event.name}`, target_name: event.name },
    });
  const subscribers = Array.from({ length: SECRETS }, (_, i) => i + 1).filter((i) => eventOf(i));
  for (let next = 0; next < subscribers.length;) {
    const chunk = subscribers.slice(next, (next += 16));
    await Promise.all(
      chunk.map((i) =>
        csmsWrite('PUT', `/secrets/${scaleSecret(i)}`, { event_subscriptions: [eventOf(i)!.name] }),
      ),
    );
  }
  let bff: Awaited<ReturnType<typeof startBff>> | undefined;
  try {
    bff = await startBff(csms, {
      SCAN_CONCURRENCY: String(CONCURRENCY),
      FLEET_SCAN_MAX_AGE_S: '3600',
    });
    const base = `${bff.url}/api/accounts/bench/expiry`;
    const get = async (within = 'all') => {
      const res = await httpCall(`${base}?within=${within}`, { headers: bff!.headers });
      if (res.status !== 200) throw new Error(`BFF answered ${res.status}`);
      return JSON.parse(res.body) as {
        complete: boolean;
        items: { secret: string; notify: string }[];
        failed: unknown[];
      };
    };
    await admin('POST', '/__admin/faults', { type: 'latency', latency_ms: LATENCY_MS });
    const { fault: eventCounter } = (await admin('POST', '/__admin/faults', {
      type: 'latency',
      operation: 'ShowSecretEvent',
      latency_ms: 0,
    })) as { fault: { id: string } };
    await admin('DELETE', '/__admin/stats');

    const started = performance.now();
    // Polled with within=0 (no version of scale:N is expired): a small answer while the scan runs.
    let answer = await get('0');
    while (!answer.complete) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      answer = await get('0');
    }
    const scanMs = performance.now() - started;
    answer = await get();
    const stats = (await admin('GET', '/__admin/stats')) as { received: number; max_in_flight: number };
    if (answer.items.length !== SECRETS * 3 || answer.failed.length > 0)
      throw new Error(`the scan found ${answer.items.length} versions and ${answer.failed.length} failures`);
    const wrongNotify = answer.items.filter(
      (item) => item.notify !== (eventOf(Number(item.secret.slice(-6)))?.notify ?? 'not_subscribed'),
    );
    if (wrongNotify.length > 0)
      throw new Error(
        `${wrongNotify.length} versions answer the wrong notify, e.g. ${JSON.stringify(wrongNotify[0])}`,
      );
    const calls = stats.received;
    // The scan's event reads, counted by a 0 ms latency fault on ShowSecretEvent (the request log is a
    // ring of 1,000 that the version listings overrun).
    const { faults } = (await admin('GET', '/__admin/faults')) as { faults: { id: string; fired: number }[] };
    const eventReads = faults.find((f) => f.id === eventCounter.id)?.fired ?? 0;
    if (eventReads !== EVENTS.length)
      throw new Error(`the scan read ${eventReads} events, not each of the ${EVENTS.length} once`);
    const bound = Math.ceil(calls / CONCURRENCY) * LATENCY_MS;

    // What the same number of calls takes sent directly with our client, 8 at a time (no target): the
    // part of the ratio that is the emulator's timers and HTTP on this machine rather than the scan.
    const client = new CsmsClient({
      endpoint: csms.url,
      projectId: csms.projectId,
      credentials: { type: 'aksk', ...csms.credentials },
    });
    let next = 0;
    const directStarted = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < calls) {
          next++;
          await client.listSecretVersions(scaleSecret((next % SECRETS) + 1), { limit: 100 });
        }
      }),
    );
    const directMs = performance.now() - directStarted;

    const warm: number[] = [];
    for (let i = 0; i < 5; i++) await get();
    for (let i = 0; i < opts.warmRequests; i++) {
      const t = performance.now();
      await get();
      warm.push(performance.now() - t);
    }
    const p50 = median(warm);
    return [
      {
        name: `bound: ceil(${calls} calls (${eventReads} ShowSecretEvent) / ${CONCURRENCY}) x ${LATENCY_MS} ms (baseline)`,
        value: `${fmt(bound)} ms (max in flight seen by CSMS: ${stats.max_in_flight})`,
      },
      {
        name: `the same number of calls sent directly, ${CONCURRENCY} at a time`,
        value: `${fmt(directMs)} ms`,
        ratio: directMs / bound,
      },
      {
        name: `cold scan of scale:${SECRETS}, ${LATENCY_MS} ms per CSMS call`,
        value: `${fmt(scanMs)} ms`,
        ratio: scanMs / bound,
        target: `<= ${SCAN_TARGET}`,
        met: scanMs / bound <= SCAN_TARGET,
      },
      {
        name: `warm answer from the cache (${SECRETS * 3} versions), p50 of ${opts.warmRequests}`,
        value: `${fmt(p50, 1)} ms (p90 ${fmt(warm.sort((a, b) => a - b)[Math.floor(warm.length * 0.9)]!, 1)} ms)`,
        target: `<= ${WARM_TARGET_MS} ms`,
        met: p50 <= WARM_TARGET_MS,
      },
    ];
  } finally {
    await bff?.stop();
    await emulator.stop();
  }
}
