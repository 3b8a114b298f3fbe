/**
 * The BFF's own answers over real HTTP (issue 13): a JSON answer of 1 kB or more goes brotli to a client that
 * accepts it, else gzip, else as it is, always with `Vary: Accept-Encoding` and its JSON type; a small one and
 * an error keep the one error shape either way; the audit CSV streams compressed.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorShapeProblems, raw, type RawResponse } from './checks.js';
import { Harness, ORIGIN } from './harness.js';

const LIST = '/api/accounts/demo/secrets?limit=50';
const CHROME = 'gzip, deflate, br, zstd';

let h: Harness;
let cookie: string;
beforeAll(async () => {
  h = await Harness.start();
  await h.user('alice', 'admin');
  cookie = await h.login('alice');
}, 60_000);
afterAll(async () => {
  await h.close();
});

const get = (path: string, accept?: string, withCookie = true) =>
  raw(h.url, 'GET', path, {
    'x-csrf': '1',
    origin: ORIGIN,
    ...(withCookie ? { cookie } : {}),
    ...(accept === undefined ? {} : { 'accept-encoding': accept }),
  });

function decoded(res: RawResponse): string {
  const encoding = res.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(res.body).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(res.body).toString('utf8');
  expect(encoding).toBeUndefined();
  return res.body.toString('utf8');
}

const varies = (res: RawResponse) => /(^|,)\s*accept-encoding\s*(,|$)/i.test(String(res.headers.vary ?? ''));

describe('JSON answers', () => {
  it('a list page goes brotli, gzip or plain as accepted, the same JSON each time', async () => {
    const plain = await get(LIST);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);
    const br = await get(LIST, CHROME);
    const gz = await get(LIST, 'gzip');
    const refused = await get(LIST, 'br;q=0, gzip;q=0');
    expect([br, gz, refused].map((r) => r.headers['content-encoding'])).toEqual(['br', 'gzip', undefined]);
    for (const res of [plain, br, gz, refused]) {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(varies(res)).toBe(true);
      expect(JSON.parse(decoded(res))).toEqual(plain.json);
    }
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
  });

  it('an answer under 1 kB and an error go as they are, in the one error shape', async () => {
    const accounts = await get('/api/accounts', CHROME);
    expect(accounts.status).toBe(200);
    expect(accounts.body.length).toBeLessThan(1024);
    expect(accounts.headers['content-encoding']).toBeUndefined();
    const refused = await get(LIST, CHROME, false);
    expect(refused.status).toBe(401);
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(errorShapeProblems(refused)).toEqual([]);
  });

  it('the audit CSV streams compressed and reads back whole', async () => {
    // Each export is a row of the log: fifteen make a file of a few kB.
    for (let i = 0; i < 15; i++) expect((await get('/api/audit/events.csv?limit=1')).status).toBe(200);
    const plain = await get('/api/audit/events.csv?limit=200');
    const br = await get('/api/audit/events.csv?limit=200', CHROME);
    expect(br.status).toBe(200);
    expect(plain.body.length).toBeGreaterThan(1024);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toBe('text/csv; charset=utf-8');
    // The second file holds one row more, newest first: the first file's own export.
    const [header, , ...older] = decoded(br).split('\n');
    expect([header, ...older]).toEqual(plain.text.split('\n'));
  });
});
