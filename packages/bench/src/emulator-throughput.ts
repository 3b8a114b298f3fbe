/**
 * The emulator's ListSecretVersions against a bare node:http server returning the same JSON body to the same
 * signed request, both driven by autocannon (50 connections, loopback) from this process, each server in its
 * own child process. Both get the same warm-up run first (JIT, connection setup), then rounds alternate so
 * both see the same machine noise; the medians give the ratio. Target >= 0.5.
 *
 * Each server's CPU time per request (user + system, from /proc) is printed too: on a noisy machine it moves
 * far less than requests/s and shows where a change in the ratio comes from.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signRequest } from '@csms-console/csms-client/signing';
import { startEmulatorCli, type RunningProcess, type ReadySignal } from '@csms-console/process-kit';
import { startBareServer } from './lib/child.js';
import { cpuSeconds } from './lib/cpu.js';
import { load, type LoadOptions, type LoadResult } from './lib/load.js';
import { fmt, median, type Row } from './lib/report.js';

const SECRET = 'payments-db-password';
const TARGET = 0.5;

interface Measured extends LoadResult {
  /** The server's CPU microseconds per request answered, when /proc is there. */
  cpuMicrosPerRequest: number | undefined;
}

async function measure(server: { pid: number }, options: LoadOptions): Promise<Measured> {
  const before = cpuSeconds(server.pid);
  const result = await load(options);
  const after = cpuSeconds(server.pid);
  const cpuMicrosPerRequest =
    before === undefined || after === undefined || result.requests === 0
      ? undefined
      : ((after - before) * 1e6) / result.requests;
  return { ...result, cpuMicrosPerRequest };
}

const cpuText = (values: Array<number | undefined>): string => {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length === 0 ? '' : `, CPU ${fmt(median(known))} µs/request`;
};

export async function emulatorThroughput(opts: { rounds: number; durationSeconds: number }): Promise<Row[]> {
  const emulator = await startEmulatorCli({ args: ['--seed', 'demo', '--port', '0'] });
  let bare: RunningProcess<ReadySignal> | undefined;
  try {
    const { url, projectId, credentials } = emulator.ready;
    const path = `/v1/${projectId}/secrets/${SECRET}/versions`;
    // A signature has no nonce: signed once, it stays valid for the emulator's 15-minute date window.
    const { headers } = signRequest({
      method: 'GET',
      path,
      headers: { 'content-type': 'application/json', host: new URL(url).host, 'x-project-id': projectId },
      accessKey: credentials.accessKey,
      secretKey: credentials.secretKey,
      date: new Date(),
    });
    const probe = await fetch(`${url}${path}`, { headers });
    const body = await probe.text();
    if (probe.status !== 200) throw new Error(`ListSecretVersions answered ${probe.status}: ${body}`);
    const bodyFile = join(mkdtempSync(join(tmpdir(), 'csms-bench-')), 'body.json');
    writeFileSync(bodyFile, body);
    bare = await startBareServer(bodyFile);

    const base = { connections: 50, durationSeconds: opts.durationSeconds };
    // The same request, signed headers included, so the baseline prices exactly the same HTTP exchange.
    const bareLoad = { ...base, url: `${bare.url}${path}`, headers };
    const emuLoad = { ...base, url: `${url}${path}`, headers };
    const warmup = { durationSeconds: 1 };
    await measure(bare, { ...bareLoad, ...warmup });
    await measure(emulator, { ...emuLoad, ...warmup });

    const bareRuns: Measured[] = [];
    const emuRuns: Measured[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      bareRuns.push(await measure(bare, bareLoad));
      const result = await measure(emulator, emuLoad);
      if (result.non2xx > 0 || result.errors > 0)
        throw new Error(`emulator answered ${result.non2xx} non-2xx and ${result.errors} errors under load`);
      emuRuns.push(result);
    }
    const bareRps = bareRuns.map((r) => r.requestsPerSecond);
    const emuRps = emuRuns.map((r) => r.requestsPerSecond);
    const emuLatency = emuRuns.map((r) => r.latencyMedianMs);
    const ratio = median(emuRps) / median(bareRps);
    return [
      {
        name: 'bare node:http, fixed JSON (baseline)',
        value: `${fmt(median(bareRps))} req/s${cpuText(bareRuns.map((r) => r.cpuMicrosPerRequest))}`,
      },
      {
        name: 'emulator ListSecretVersions (signed)',
        value: `${fmt(median(emuRps))} req/s, p50 ${fmt(median(emuLatency), 1)} ms${cpuText(emuRuns.map((r) => r.cpuMicrosPerRequest))}`,
        ratio,
        target: `>= ${TARGET}`,
        met: ratio >= TARGET,
      },
      {
        name: 'rounds, req/s (bare / emulator)',
        value: bareRps.map((b, i) => `${fmt(b)} / ${fmt(emuRps[i]!)}`).join(', '),
      },
    ];
  } finally {
    await Promise.all([emulator.stop(), bare?.stop()]);
  }
}
