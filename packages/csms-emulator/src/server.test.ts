import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from './server.js';
import { T0, projectFixture } from './testing/fixtures.js';
import { startTestEmulator, type TestEmulator } from './testing/harness.js';

let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator({ clock: () => T0 });
  t.emu.store.replaceProject(t.emu.projectId, projectFixture([{ name: 'db', versions: 2 }]));
});
afterAll(() => t.close());

function rawHttp(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    let out = '';
    socket.on('data', (d: Buffer) => (out += d.toString('latin1')));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('startEmulator', () => {
  it('binds loopback on a free port and returns what a caller needs', () => {
    expect(t.emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(t.emu.projectId).toMatch(/^[0-9a-f]{32}$/);
    expect(t.emu.credentials.accessKey).toMatch(/^[A-Z0-9]{20}$/);
    expect(t.emu.credentials.secretKey).toHaveLength(40);
    expect(t.emu.iam).toMatchObject({ url: t.emu.url, domain: 'csms-emulator', user: 'csms-emulator-user' });
    expect(t.emu.region).toBe('cn-north-4');
  });

  it('refuses a non-loopback host unless allowed, and rejects bad options', async () => {
    await expect(startEmulator({ host: '0.0.0.0' })).rejects.toThrow(/refusing to bind 0.0.0.0/);
    await expect(startEmulator({ port: -1 })).rejects.toThrow(/port/);
    await expect(startEmulator({ seed: 'nope' })).rejects.toThrow(/unknown seed/);
  });

  it('resets in-process to its start seed', async () => {
    const emu = await startTestEmulator({ seed: 'demo' });
    try {
      emu.emu.store.replaceProject(emu.emu.projectId, projectFixture([]));
      emu.emu.reset();
      expect((await emu.csms('GET', '/secrets')).json.page_info.current_count).toBe(50);
    } finally {
      await emu.close();
    }
  });
});

describe('gateway answers', () => {
  it('answers an unknown path and an unsupported method with 404 APIGW.0101, before authentication', async () => {
    const unknown = await t.raw({ method: 'GET', target: '/v2/whatever' });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({
      error_code: 'APIGW.0101',
      error_msg: 'The API does not exist or has not been published in the environment',
      request_id: unknown.headers['x-request-id'],
    });
    const method = await t.csms('PATCH', '/secrets/db');
    expect(method.status).toBe(404);
    expect(method.json.error_msg).toBe('The API does not exist');
    for (const target of [`/v1/${t.emu.projectId}/secrets/`, `/v1/${t.emu.projectId}//secrets`, '/']) {
      expect((await t.raw({ method: 'GET', target })).status).toBe(404);
    }
  });

  it('puts X-Request-Id and a JSON content type on every response', async () => {
    const responses = [
      await t.csms('GET', '/secrets/db'),
      await t.csms('GET', '/secrets/nope'),
      await t.raw({ method: 'GET', target: '/nope' }),
      await t.raw({ method: 'GET', target: `/v1/${t.emu.projectId}/secrets` }),
      await t.raw({ method: 'POST', target: '/v3/auth/tokens', body: '{}' }),
    ];
    const ids = new Set<string>();
    for (const res of responses) {
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
      expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
      ids.add(res.headers['x-request-id'] as string);
    }
    expect(ids.size).toBe(responses.length);
  });

  it('keeps an idle connection 65 s, as a gateway would, and says so', async () => {
    const res = await t.csms('GET', '/secrets/db');
    expect(res.headers['keep-alive']).toBe('timeout=65');
  });

  it('accepts an absolute-form request target', async () => {
    const res = await t.csms('GET', '/secrets/db', {
      tamper: (req) => (req.target = `${t.emu.url}${req.target}`),
    });
    expect(res.status).toBe(200);
  });

  it('answers 413 APIGW.0201 for a body over 12 MB', async () => {
    const res = await t
      .raw({
        method: 'PUT',
        target: `/v1/${t.emu.projectId}/secrets/db/versions/v1`,
        headers: { 'content-length': String(13 * 1024 * 1024) },
      })
      .catch((error: unknown) => error);
    if (res instanceof Error) expect(res.message).toMatch(/socket hang up|ECONNRESET|EPIPE/);
    else expect(res).toMatchObject({ status: 413, json: { error_code: 'APIGW.0201' } });
  });
});

describe('malformed requests never get a 500', () => {
  it('answers broken HTTP with a JSON 400 and closes', async () => {
    const out = await rawHttp(t.emu.port, 'GARBAGE / HTTP/1.1\r\n\r\n');
    expect(out).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(out).toContain('"error_code":"APIGW.0201"');
    const header = await rawHttp(t.emu.port, 'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n');
    expect(header).toMatch(/^HTTP\/1\.1 400/);
    expect(header).toMatch(/x-request-id: [0-9a-f]{32}/);
  });

  it('answers percent-encoding that does not decode, and odd names, with 4xx', async () => {
    for (const path of ['/secrets/%E0%A4%A/versions', '/secrets/%/versions', '/secrets/db/stages/%FF']) {
      const res = await t.csms('GET', path);
      expect(res.status).toBe(400);
      expect(res.json.error_code).toBe('CSMS.0002');
    }
  });

  it('answers odd SignedHeaders (prototype names, repeats) with 401', async () => {
    for (const names of [
      'host;x-sdk-date;__proto__',
      'host;x-sdk-date;constructor',
      'host;host;x-sdk-date',
      'host;x-sdk-date;set-cookie',
    ]) {
      const res = await t.csms('GET', '/secrets/db', {
        tamper: (r) =>
          (r.headers!.authorization = r.headers!.authorization!.replace(
            /SignedHeaders=[^,]+/,
            `SignedHeaders=${names}`,
          )),
      });
      expect(res.status).toBe(401);
    }
  });

  it('never answers 5xx to random paths, methods, queries and bodies (signed and unsigned)', async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        'v1',
        t.emu.projectId,
        'secrets',
        'db',
        'versions',
        'v1',
        'stages',
        'SYSCURRENT',
        'csms',
        'events',
        'latest',
        '%',
        '%00',
        '..',
        '',
      ),
      fc.string({ maxLength: 12 }).map(encodeURIComponent),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(segment, { minLength: 1, maxLength: 7 }),
        fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'OPTIONS'),
        fc.array(
          fc.tuple(fc.constantFrom('limit', 'marker', 'event_name', 'x'), fc.string({ maxLength: 6 })),
          { maxLength: 3 },
        ),
        fc.option(fc.oneof(fc.json(), fc.string({ maxLength: 40 })), { nil: undefined }),
        fc.boolean(),
        async (segments, method, query, body, signed) => {
          const path = `/${segments.join('/')}`;
          const res = signed
            ? await t.call(method, path, {
                query,
                ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body } : {}),
              })
            : await t.raw({
                method,
                target: path,
                ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body } : {}),
              });
          expect(res.status).toBeGreaterThanOrEqual(200);
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it('never answers 5xx to random JSON bodies on every mutating operation', async () => {
    const targets: Array<[string, string]> = [
      ['POST', '/secrets'],
      ['PUT', '/secrets/db'],
      ['POST', '/secrets/db/versions'],
      ['PUT', '/secrets/db/versions/v1'],
      ['PUT', '/secrets/db/stages/X'],
      ['POST', '/secrets/db/scheduled-deleted-tasks/create'],
      ['POST', '/csms/events'],
      ['PUT', '/csms/events/x'],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), fc.jsonValue(), async ([method, path], body) => {
        const res = await t.csms(method, path, { body: JSON.stringify(body) });
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
    t.emu.store.replaceProject(t.emu.projectId, projectFixture([{ name: 'db', versions: 2 }]));
  });
});
