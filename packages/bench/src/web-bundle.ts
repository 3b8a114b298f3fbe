/**
 * The web console's initial JavaScript: build the SPA as `pnpm start` serves it, then read `dist/index.html`
 * the way a browser does (the entry script and every modulepreload) and gzip each file; also the brotli
 * variants the build wrote beside them, which is what the BFF sends a browser. Checked against the budget of
 * 200 kB gzip; independent of the build's own report (apps/web/build/initial-js-budget.ts). What actually
 * crosses the wire, in a browser, is web-wire.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Row } from './lib/report.js';

const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../apps/web');
const BUDGET_BYTES = 200_000;

export function initialScripts(html: string): string[] {
  const scripts = [...html.matchAll(/<script[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!);
  const preloads = [...html.matchAll(/<link[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map(
    (m) => m[1]!,
  );
  return [...new Set([...scripts, ...preloads])];
}

export function webBundle(): Row[] {
  execFileSync(join(WEB_DIR, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    cwd: WEB_DIR,
    stdio: 'inherit',
  });
  const dist = join(WEB_DIR, 'dist');
  const files = initialScripts(readFileSync(join(dist, 'index.html'), 'utf8'));
  if (files.length === 0) throw new Error('dist/index.html loads no module script');
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const file of files) {
    const path = join(dist, file.replace(/^\//, ''));
    const body = readFileSync(path);
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
    if (!existsSync(`${path}.br`)) throw new Error(`the build wrote no brotli variant of ${file}`);
    brotli += readFileSync(`${path}.br`).length;
  }
  return [
    {
      name: `initial JS (${files.length} file${files.length === 1 ? '' : 's'}), gzip -9`,
      value: `${(gzip / 1000).toFixed(1)} kB (raw ${(raw / 1000).toFixed(1)} kB; brotli as built ${(brotli / 1000).toFixed(1)} kB)`,
      ratio: gzip / BUDGET_BYTES,
      target: '<= 1.00 of the 200 kB budget',
      met: gzip <= BUDGET_BYTES,
    },
  ];
}
