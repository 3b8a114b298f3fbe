/**
 * The SPA's precompressed files over real HTTP (issue 13): the build writes `.br` and `.gz` beside each text
 * file (apps/web/vite.config.ts); the BFF sends the one the client accepts, brotli first, with
 * `Vary: Accept-Encoding`, the original file's `Content-Type` and the usual cache headers, and the original
 * bytes to a client that accepts neither. The variants here are made the way the build makes them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPA_CSP } from '../src/http/headers.js';
import { errorShapeProblems, raw, type RawResponse } from './checks.js';
import { Harness, ORIGIN } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'bff-spa-br-'));
const JS = `export const rows = [${Array.from({ length: 200 }, (_, i) => `{id:${i},name:"secret-${i}"}`).join(',')}];\n`;
const CSS = `.row { padding: 4px 8px; }\n`.repeat(100);
const HTML = `<!doctype html><html lang="en"><title>CSMS Version Console</title>${'<!-- shell -->'.repeat(50)}</html>`;
const SVG = `<svg xmlns="http://www.w3.org/2000/svg">${'<rect width="1" height="1"/>'.repeat(40)}</svg>`;

/** A file with both variants beside it, as the build writes it. */
function precompressed(path: string, text: string): void {
  writeFileSync(path, text);
  writeFileSync(`${path}.br`, brotliCompressSync(text));
  writeFileSync(`${path}.gz`, gzipSync(text, { level: 9 }));
}

mkdirSync(join(dir, 'assets'));
precompressed(join(dir, 'index.html'), HTML);
precompressed(join(dir, 'favicon.svg'), SVG);
precompressed(join(dir, 'assets', 'index-abc123.js'), JS);
precompressed(join(dir, 'assets', 'index-abc123.css'), CSS);
// The build skips a variant that is not smaller than the original: here only gzip, and nothing at all.
writeFileSync(join(dir, 'assets', 'gzip-only-abc123.js'), JS);
writeFileSync(join(dir, 'assets', 'gzip-only-abc123.js.gz'), gzipSync(JS));
writeFileSync(join(dir, 'assets', 'tiny-abc123.js'), 'export{}');

let h: Harness;
beforeAll(async () => {
  h = await Harness.start({ config: { staticDir: dir } });
}, 60_000);
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => raw(h.url, 'GET', path, headers);
const CHROME = 'gzip, deflate, br, zstd';
// Charset names are case-insensitive; the two middlewares spell UTF-8 differently.
const JS_TYPE = /^text\/javascript; charset=utf-8$/i;
const CSS_TYPE = /^text\/css; charset=utf-8$/i;
const HTML_TYPE = /^text\/html; charset=utf-8$/i;

/** The body as the client reads it, decoded by the answer's own `Content-Encoding`. */
function decoded(res: RawResponse): string {
  const encoding = res.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(res.body).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(res.body).toString('utf8');
  expect(encoding).toBeUndefined();
  return res.body.toString('utf8');
}

function varies(res: RawResponse): boolean {
  return /(^|,)\s*accept-encoding\s*(,|$)/i.test(String(res.headers.vary ?? ''));
}

describe('a hashed asset', () => {
  const path = '/assets/index-abc123.js';

  it('goes as brotli to a browser that accepts it, cached for a year, typed as the original', async () => {
    const plain = await get(path);
    const res = await get(path, { 'accept-encoding': CHROME });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(decoded(res)).toBe(JS);
    expect(res.body.length).toBeLessThan(JS.length / 3);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(varies(res)).toBe(true);
    expect(res.headers['content-type']).toMatch(JS_TYPE);
    // The same type as the original's (the middleware spells the charset `UTF-8`, serve-static `utf-8`).
    expect(res.headers['content-type']?.toLowerCase()).toBe(plain.headers['content-type']?.toLowerCase());
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // A script is not a document: the page's CSP governs it; its own copy would only cost bytes.
    expect(res.headers['content-security-policy']).toBeUndefined();
    expect(res.headers['reporting-endpoints']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('goes as gzip where brotli is not accepted, and as the original bytes where neither is', async () => {
    const gz = await get(path, { 'accept-encoding': 'gzip, deflate' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(decoded(gz)).toBe(JS);
    expect(varies(gz)).toBe(true);
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const clients: Record<string, string>[] = [
      {},
      { 'accept-encoding': 'identity' },
      { 'accept-encoding': 'deflate' },
    ];
    for (const headers of clients) {
      const res = await get(path, headers);
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.body.toString('utf8')).toBe(JS);
      // A cache must still key on the header: the next client may accept brotli.
      expect(varies(res)).toBe(true);
      expect(res.headers['content-type']).toMatch(JS_TYPE);
    }
  });

  it.each([
    ['br;q=0, gzip', 'gzip'],
    ['gzip, br;q=0', 'gzip'],
    ['br;q=0, gzip;q=0', undefined],
    ['br;q=0, *', 'gzip'],
    ['*;q=0, identity', undefined],
    ['*', 'br'],
    ['gzip;q=0.9, br;q=0.1', 'br'],
    ['BR', 'br'],
  ])('Accept-Encoding %j is answered with %s', async (accept, encoding) => {
    const res = await get(path, { 'accept-encoding': accept });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(decoded(res)).toBe(JS);
    expect(varies(res)).toBe(true);
  });

  it('a stylesheet is typed text/css in every encoding', async () => {
    for (const [accept, encoding] of [
      [CHROME, 'br'],
      ['gzip', 'gzip'],
      ['', undefined],
    ] as const) {
      const res = await get('/assets/index-abc123.css', { 'accept-encoding': accept });
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers['content-type']).toMatch(CSS_TYPE);
      expect(decoded(res)).toBe(CSS);
    }
  });

  it('falls back to the variants there are: gzip only, or the original alone', async () => {
    const gz = await get('/assets/gzip-only-abc123.js', { 'accept-encoding': CHROME });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(decoded(gz)).toBe(JS);
    const tiny = await get('/assets/tiny-abc123.js', { 'accept-encoding': CHROME });
    expect(tiny.status).toBe(200);
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.text).toBe('export{}');
  });

  it('a revalidation of the brotli variant is a 304 without a body', async () => {
    const first = await get(path, { 'accept-encoding': CHROME });
    const etag = String(first.headers.etag);
    expect(etag).not.toBe('undefined');
    const again = await get(path, { 'accept-encoding': CHROME, 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // The identity bytes are another representation: their validator is not the brotli one.
    expect((await get(path)).headers.etag).not.toBe(etag);
  });
});

describe('a missing asset', () => {
  it.each([CHROME, ''])('is still a 404 in the one error shape (Accept-Encoding %j)', async (accept) => {
    for (const path of ['/assets/nope.js', '/assets/nope.js.br', '/assets/index-abc123.js.zz']) {
      const res = await get(path, { 'accept-encoding': accept, accept: 'text/html' });
      expect(res.status).toBe(404);
      expect(errorShapeProblems(res)).toEqual([]);
      expect(res.json.error.code).toBe('not_found');
      expect(res.headers['content-encoding']).toBeUndefined();
    }
  });

  it('a malformed escape under /assets is a 400 in the error shape, not the middleware own text', async () => {
    const res = await get('/assets/%E0%A4%A.js', { 'accept-encoding': CHROME });
    expect(res.status).toBe(400);
    expect(errorShapeProblems(res)).toEqual([]);
    expect(res.json.error.code).toBe('invalid_input');
  });
});

describe('index.html', () => {
  it('every app route gets it compressed, never cached, with the SPA CSP', async () => {
    for (const path of ['/', '/login', '/accounts/demo/secrets/payments-db-password', '/index.html']) {
      const res = await get(path, { accept: 'text/html', 'accept-encoding': CHROME });
      expect(res.status, path).toBe(200);
      expect(res.headers['content-encoding']).toBe('br');
      expect(decoded(res)).toBe(HTML);
      expect(varies(res)).toBe(true);
      expect(res.headers['content-type']).toMatch(HTML_TYPE);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toBe(SPA_CSP);
    }
  });

  it('goes as gzip or as it is to clients that take no brotli', async () => {
    const gz = await get('/accounts/demo/secrets', { accept: 'text/html', 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(decoded(gz)).toBe(HTML);
    const plain = await get('/accounts/demo/secrets', { accept: 'text/html' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(HTML);
    expect(plain.headers['cache-control']).toBe('no-cache');
  });

  it('a top-level file (the icon) is compressed too, and cached a day (its name does not change)', async () => {
    for (const [accept, encoding] of [
      [CHROME, 'br'],
      ['', undefined],
    ] as const) {
      const res = await get('/favicon.svg', { 'accept-encoding': accept });
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers['content-type']).toBe('image/svg+xml');
      expect(res.headers['cache-control']).toBe('public, max-age=86400');
      expect(decoded(res)).toBe(SVG);
    }
  });

  it('is never the answer to an API path, whatever the client accepts', async () => {
    const res = await get('/api/nope', {
      accept: 'text/html',
      'accept-encoding': CHROME,
      'x-csrf': '1',
      origin: ORIGIN,
    });
    expect(res.status).toBe(404);
    expect(errorShapeProblems(res)).toEqual([]);
    expect(res.headers['content-encoding']).toBeUndefined();
  });
});
