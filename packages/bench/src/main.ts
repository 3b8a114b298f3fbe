/**
 * `pnpm bench [--only signer,emulator,bff,fleet,batches,audit,notify,web] [--quick]`: prints each benchmark's figures as ratios against a
 * baseline measured in the same run. Exits 1 when a target is not met, so a regression is visible.
 */
import { parseArgs } from 'node:util';
import { auditBench } from './audit.js';
import { batchBench } from './batches.js';
import { bffBench } from './bff.js';
import { emulatorThroughput } from './emulator-throughput.js';
import { fleetBench } from './fleet.js';
import { notifyBench } from './notify.js';
import { printReport, type Row } from './lib/report.js';
import { signerThroughput } from './signer.js';
import { webBundle } from './web-bundle.js';
import { webWire } from './web-wire.js';

const BENCHES = ['signer', 'emulator', 'bff', 'fleet', 'batches', 'audit', 'notify', 'web'] as const;

const { values } = parseArgs({
  options: { only: { type: 'string' }, quick: { type: 'boolean', default: false } },
});
const only = values.only ? values.only.split(',') : [...BENCHES];
const unknown = only.filter((b) => !(BENCHES as readonly string[]).includes(b));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHES.join(', ')}`);
  process.exit(2);
}
const quick = values.quick;
console.log(`csms-console benchmarks on ${process.version}, ${quick ? 'quick' : 'full'} run`);

const all: Row[] = [];
if (only.includes('signer')) {
  const rows = signerThroughput({ rounds: quick ? 1 : 3, millis: quick ? 500 : 1500 });
  printReport('Signer: SDK-HMAC-SHA256 signatures per second', rows);
  all.push(...rows);
}
if (only.includes('emulator')) {
  const rows = await emulatorThroughput({ rounds: quick ? 1 : 5, durationSeconds: quick ? 2 : 4 });
  printReport('Emulator: ListSecretVersions requests/s vs bare node:http (autocannon, 50 connections)', rows);
  all.push(...rows);
}
if (only.includes('bff')) {
  const { read, write } = await bffBench({ rounds: quick ? 1 : 3, millis: quick ? 1500 : 4000 });
  printReport(
    'BFF read path: GET /api/accounts/:a/secrets/:s vs the same CSMS calls made directly (4 clients)',
    read,
  );
  printReport('BFF audited writes: expiry changes/s (4 clients) vs UpdateVersion sent directly', write);
  all.push(...read, ...write);
}
if (only.includes('fleet')) {
  const rows = await fleetBench({ warmRequests: quick ? 20 : 100 });
  printReport('Fleet scan: scale:2000 with 20 ms per CSMS call, and the warm answer from the store', rows);
  all.push(...rows);
}
if (only.includes('batches')) {
  const rows = await batchBench();
  printReport('Bulk extend: a batch of 500 expiries, 20 ms CSMS latency per call, BATCH_CONCURRENCY=4', rows);
  all.push(...rows);
}
if (only.includes('audit')) {
  const rows = await auditBench({ requests: quick ? 30 : 100 });
  printReport('Audit page: GET /api/audit/events over 10,000 audit rows, one client', rows);
  all.push(...rows);
}
if (only.includes('notify')) {
  const rows = await notifyBench({ quick });
  printReport(
    'Notify evaluation over a cached fleet (scale:6667, 20,001 versions), 2 rules (en, zh-CN), leads 30/7/1 + expiry',
    rows,
  );
  all.push(...rows);
}
if (only.includes('web')) {
  const rows = webBundle();
  printReport('Web console: initial JavaScript the browser loads before the first screen', rows);
  all.push(...rows);
  const wire = await webWire({ slowLink: !quick });
  printReport('Web console: bytes on the wire in Chromium (encoded response sizes), real BFF', wire);
  all.push(...wire);
}
const missed = all.filter((r) => r.met === false);
console.log(
  missed.length === 0 ? '\nall targets met' : `\ntargets not met: ${missed.map((r) => r.name).join('; ')}`,
);
process.exitCode = missed.length === 0 ? 0 : 1;
