/**
 * The web console's initial JavaScript: build the SPA as `pnpm start` serves it, then read `dist/index.html`
 * the way a browser does (the entry script and every modulepreload) and gzip each file. Checked against the
 * issue's budget of 200 kB; independent of the build's own report (apps/web/build/initial-js-budget.ts).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
  for (const file of files) {
    const body = readFileSync(join(dist, file.replace(/^\//, '')));
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return [
    {
      name: `initial JS (${files.length} file${files.length === 1 ? '' : 's'}), gzip -9`,
      value: `${(gzip / 1000).toFixed(1)} kB (raw ${(raw / 1000).toFixed(1)} kB)`,
      ratio: gzip / BUDGET_BYTES,
      target: '<= 1.00 of the 200 kB budget',
      met: gzip <= BUDGET_BYTES,
    },
  ];
}
