/**
 * Bytes on the wire in a real browser (issue 13): the built SPA served by the real BFF (emulator, PGlite),
 * driven by Chromium, every response counted by its encoded size (wire/recorder.ts). Four journeys:
 * - to the secrets list, cold: the first request (`/`, which shows the sign-in page), signing in, until the
 *   list shows its first row; a fresh browser context, so an empty HTTP cache;
 * - the same, warm: signed out (cookies cleared), the same context, so the HTTP cache is kept;
 * - a secret page by deep link, cold and warm: signed in already (over the context's API client, not counted),
 *   from the first request for `/accounts/:a/secrets/:s` until the versions table shows a row.
 * Against the budget (150,000 bytes to the secrets list, cold) and the floor: a Vite + React hello page
 * (fixtures/hello) built in the same run with the same compression, served by the same BFF code and measured
 * by the same browser code. Then the same cold journeys on an emulated 1.6 Mbps / 150 ms link, timed.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { startEmulatorCli, type EmulatorProcess } from '@csms-console/process-kit';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { freePort } from './lib/free-port.js';
import { ORIGIN, startBff, type RunningBff } from './lib/bff-process.js';
import { fmt, type Row } from './lib/report.js';
import { bytesByKind, kindOf, recordWire, type LinkConditions, type WireReport } from './wire/recorder.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The built SPA to serve; `BENCH_WEB_DIST` names another build (say, the previous commit's) to compare. */
const WEB_DIST = process.env.BENCH_WEB_DIST ?? resolve(HERE, '../../../apps/web/dist');
const HELLO_DIR = resolve(HERE, '../fixtures/hello');
/** Issue 13: "at most 150 KB on the wire from the first request to the secrets list after sign-in". */
export const WIRE_BUDGET_BYTES = 150_000;
const SECRET = 'payments-db-password';
/** 1.6 Mbps down and up, 150 ms round trip: the slow link. */
const SLOW_LINK: LinkConditions = { latency: 150, downloadThroughput: 200_000, uploadThroughput: 200_000 };

interface Journey {
  report: WireReport;
  ms: number;
}

/** Debian's Chromium when present (as the e2e config), else Playwright's own. */
function launch(): Promise<Browser> {
  const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));
  return chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-dev-shm-usage', '--no-first-run'],
  });
}

/** The hello page: Vite's React template, with the console's compression options (apps/web/vite.config.ts). */
async function buildHello(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: HELLO_DIR,
    logLevel: 'warn',
    plugins: [
      react(),
      compression({ include: /\.(js|mjs|css|html|svg|json)$/, algorithms: ['brotliCompress', 'gzip'] }),
    ],
    build: { outDir, emptyOutDir: true, target: 'es2022' },
  });
}

/** A BFF serving `staticDir`, reachable from the browser's origin and from the bench's API client. */
async function serve(emulator: EmulatorProcess, staticDir: string): Promise<RunningBff> {
  const port = await freePort();
  return startBff(emulator.ready, {
    BFF_PORT: String(port),
    BFF_PUBLIC_ORIGIN: `${ORIGIN},http://127.0.0.1:${port}`,
    BFF_STATIC_DIR: staticDir,
  });
}

/** Runs `steps` on a new page of `context`, counting every response from its first request on. */
async function journey(
  context: BrowserContext,
  steps: (page: Page) => Promise<void>,
  link?: LinkConditions,
): Promise<Journey> {
  const page = await context.newPage();
  const wire = await recordWire(page, link);
  const started = performance.now();
  await steps(page);
  const ms = performance.now() - started;
  const report = await wire.stop();
  await page.close();
  return { report, ms };
}

const toSecretsList = (bff: RunningBff) => async (page: Page) => {
  await page.goto(`${bff.url}/`);
  await page.getByLabel('Username', { exact: true }).fill(bff.admin.name);
  await page.getByLabel('Password', { exact: true }).fill(bff.admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('table', { name: 'Secrets' }).getByRole('row').nth(1).waitFor();
};

const toSecretPage = (bff: RunningBff) => async (page: Page) => {
  await page.goto(`${bff.url}/accounts/bench/secrets/${SECRET}`);
  await page.getByRole('table', { name: 'Versions' }).getByRole('row').nth(1).waitFor();
};

const toHello = (url: string) => async (page: Page) => {
  await page.goto(`${url}/`);
  await page.getByRole('button', { name: 'count is 0' }).waitFor();
};

/** Signs the context in over its own API client (shares the browser's cookies; no page, no HTTP cache). */
async function signIn(context: BrowserContext, bff: RunningBff): Promise<void> {
  const res = await context.request.post(`${bff.url}/bff/login`, {
    headers: { 'x-csrf': '1', origin: bff.url, 'content-type': 'application/json' },
    data: { username: bff.admin.name, password: bff.admin.password },
  });
  if (res.status() !== 200) throw new Error(`sign-in answered ${res.status()}`);
}

function describe(j: Journey, floor?: Journey): string {
  const kinds = Object.entries(bytesByKind(j.report))
    .map(([kind, n]) => `${kind} ${fmt(n)}`)
    .join(', ');
  const versus = floor ? `; ${(j.report.total / floor.report.total).toFixed(2)}x the floor` : '';
  return `${fmt(j.report.total)} B in ${j.report.responses.length} responses (${kinds})${versus}`;
}

/** Every response of a journey, for the record: path, kind, status, encoding, bytes. */
function printResponses(title: string, j: Journey): void {
  console.log(`\n  ${title}:`);
  for (const r of j.report.responses) {
    const path = new URL(r.url).pathname;
    const encoding = r.fromCache ? 'cache' : (r.headers['content-encoding'] ?? 'identity');
    console.log(
      `    ${fmt(r.bytes).padStart(7)} B  ${kindOf(r).padEnd(5)} ${String(r.status)} ${encoding.padEnd(8)} ${path}`,
    );
  }
}

export async function webWire(opts: { slowLink: boolean }): Promise<Row[]> {
  const helloDist = mkdtempSync(join(tmpdir(), 'bench-hello-'));
  const emulator = await startEmulatorCli({ args: ['--seed', 'demo', '--port', '0'] });
  const browser = await launch();
  const running: RunningBff[] = [];
  try {
    await buildHello(helloDist);
    const hello = await serve(emulator, helloDist);
    running.push(hello);
    const helloContext = await browser.newContext();
    const helloCold = await journey(helloContext, toHello(hello.url));
    const helloWarm = await journey(helloContext, toHello(hello.url));
    await helloContext.close();

    const bff = await serve(emulator, WEB_DIST);
    running.push(bff);
    const listContext = await browser.newContext();
    const listCold = await journey(listContext, toSecretsList(bff));
    await listContext.clearCookies();
    const listWarm = await journey(listContext, toSecretsList(bff));
    await listContext.close();

    const deepContext = await browser.newContext();
    await signIn(deepContext, bff);
    const deepCold = await journey(deepContext, toSecretPage(bff));
    const deepWarm = await journey(deepContext, toSecretPage(bff));
    await deepContext.close();

    printResponses('to the secrets list, cold', listCold);
    printResponses('a secret page by deep link, cold', deepCold);
    const budget = (j: Journey) => j.report.total / WIRE_BUDGET_BYTES;
    const rows: Row[] = [
      { name: 'floor: Vite + React hello page, cold', value: describe(helloCold) },
      { name: 'floor: the same, warm', value: describe(helloWarm) },
      {
        name: 'to the secrets list (sign-in page, sign in, list), cold',
        value: describe(listCold, helloCold),
        ratio: budget(listCold),
        target: '<= 1.00 of 150,000 B',
        met: listCold.report.total <= WIRE_BUDGET_BYTES,
      },
      { name: 'to the secrets list, warm', value: describe(listWarm, helloWarm), ratio: budget(listWarm) },
      {
        name: 'a secret page by deep link, cold',
        value: describe(deepCold, helloCold),
        ratio: budget(deepCold),
      },
      {
        name: 'a secret page by deep link, warm',
        value: describe(deepWarm, helloWarm),
        ratio: budget(deepWarm),
      },
    ];
    if (opts.slowLink) {
      const timed = async (steps: (page: Page) => Promise<void>, signedIn = false) => {
        const context = await browser.newContext();
        if (signedIn) await signIn(context, bff);
        const j = await journey(context, steps, SLOW_LINK);
        await context.close();
        return j;
      };
      const helloSlow = await timed(toHello(hello.url));
      const listSlow = await timed(toSecretsList(bff));
      const deepSlow = await timed(toSecretPage(bff), true);
      const vs = (j: Journey) => `${fmt(j.ms)} ms (${fmt(j.report.total)} B)`;
      rows.push(
        { name: '1.6 Mbps / 150 ms: hello page shown, cold', value: vs(helloSlow) },
        {
          name: '1.6 Mbps / 150 ms: secrets list shown, cold (sign-in included)',
          value: vs(listSlow),
          ratio: listSlow.ms / helloSlow.ms,
        },
        {
          name: '1.6 Mbps / 150 ms: secret page by deep link, cold',
          value: vs(deepSlow),
          ratio: deepSlow.ms / helloSlow.ms,
        },
      );
    }
    return rows;
  } finally {
    await browser.close();
    for (const bff of running) await bff.stop();
    await emulator.stop();
    rmSync(helloDist, { recursive: true, force: true });
  }
}
