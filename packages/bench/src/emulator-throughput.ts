/**
 * The emulator's ListSecretVersions against a bare node:http server returning the same JSON body to the same
 * signed request, both driven by autocannon (50 connections, loopback), each server in its own child process. Rounds alternate
 * so both see the same machine noise; the medians give the ratio. Target >= 0.5.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signRequest } from '@csms-console/csms-client/signing';
import { serveInChild } from './lib/child.js';
import { load } from './lib/load.js';
import { fmt, median, type Row } from './lib/report.js';

interface EmulatorInfo {
  url: string;
  projectId: string;
  credentials: { accessKey: string; secretKey: string };
}

const SECRET = 'payments-db-password';
const TARGET = 0.5;

export async function emulatorThroughput(opts: { rounds: number; durationSeconds: number }): Promise<Row[]> {
  const emulator = await serveInChild<EmulatorInfo>(['emulator', 'demo']);
  let bare: Awaited<ReturnType<typeof serveInChild<{ url: string }>>> | undefined;
  try {
    const { url, projectId, credentials } = emulator.info;
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
    bare = await serveInChild<{ url: string }>(['bare', bodyFile]);

    const base = { connections: 50, durationSeconds: opts.durationSeconds };
    const bareRps: number[] = [];
    const emuRps: number[] = [];
    const emuLatency: number[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      // The same request, signed headers included, so the baseline prices exactly the same HTTP exchange.
      bareRps.push((await load({ ...base, url: `${bare.info.url}${path}`, headers })).requestsPerSecond);
      const result = await load({ ...base, url: `${url}${path}`, headers });
      if (result.non2xx > 0 || result.errors > 0)
        throw new Error(`emulator answered ${result.non2xx} non-2xx and ${result.errors} errors under load`);
      emuRps.push(result.requestsPerSecond);
      emuLatency.push(result.latencyMedianMs);
    }
    const ratio = median(emuRps) / median(bareRps);
    return [
      { name: 'bare node:http, fixed JSON (baseline)', value: `${fmt(median(bareRps))} req/s` },
      {
        name: 'emulator ListSecretVersions (signed)',
        value: `${fmt(median(emuRps))} req/s, p50 ${fmt(median(emuLatency), 1)} ms`,
        ratio,
        target: `>= ${TARGET}`,
        met: ratio >= TARGET,
      },
    ];
  } finally {
    await Promise.all([emulator.stop(), bare?.stop()]);
  }
}
