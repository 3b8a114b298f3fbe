import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CsmsAbortedError,
  CsmsHttpError,
  CsmsNetworkError,
  CsmsResponseError,
  CsmsTimeoutError,
} from './errors.js';
import type { HttpMethod } from './retry-policy.js';
import { HttpTransport, type TransportRequest } from './transport.js';
import type { AttemptEvent, TransportOptions } from './transport-options.js';
import { catchError } from '../test/support/secrets.js';
import { fastRuntime, sendJson, startServer, type Handler, type TestServer } from '../test/support/server.js';

let server: TestServer | undefined;
let transport: HttpTransport | undefined;

afterEach(async () => {
  transport?.close();
  await server?.close();
  server = transport = undefined;
});

async function setup(handler: Handler, options: TransportOptions = {}) {
  server = await startServer(handler);
  const fast = fastRuntime();
  const events: AttemptEvent[] = [];
  transport = new HttpTransport({
    ...options,
    runtime: { ...fast.runtime, ...options.runtime },
    onAttempt: (event) => events.push(event),
  });
  const request = (method: HttpMethod = 'GET', extra: Partial<TransportRequest> = {}): TransportRequest => ({
    operation: 'TestOp',
    method,
    endpoint: new URL(server!.url),
    path: '/v1/test',
    query: [],
    body: method === 'GET' ? undefined : '{}',
    headers: () => ({ 'content-type': 'application/json' }),
    ...extra,
  });
  return { server, transport, sleeps: fast.sleeps, events, request };
}

const status =
  (code: number, headers: Record<string, string> = {}): Handler =>
  (_req, res) =>
    sendJson(res, code, { error_code: `TEST.${code}`, error_msg: `status ${code}` }, headers);

describe('retries', () => {
  it('makes 3 attempts on 502 with full-jitter 5xx backoff, then fails with the last answer', async () => {
    const { server, transport, sleeps, events, request } = await setup(status(502));
    const error = await catchError(transport.send(request('GET')), CsmsHttpError);
    expect(server.requests).toHaveLength(3);
    expect(error).toMatchObject({ status: 502, attempts: 3, errorCode: 'TEST.502', operation: 'TestOp' });
    expect(sleeps).toEqual([100, 200]); // random 0.5 * min(2000, 200 * 2^n)
    expect(events.map((e) => [e.attempt, e.outcome, e.status, e.willRetry])).toEqual([
      [1, 'http_error', 502, true],
      [2, 'http_error', 502, true],
      [3, 'http_error', 502, false],
    ]);
  });

  it.each([500, 503, 504])('retries a PUT on %i', async (code) => {
    const { server, transport, request } = await setup(status(code));
    await catchError(transport.send(request('PUT')), CsmsHttpError);
    expect(server.requests).toHaveLength(3);
  });

  it.each([400, 401, 403, 404, 409])('never retries %i', async (code) => {
    const { server, transport, request } = await setup(status(code));
    const error = await catchError(transport.send(request('GET')), CsmsHttpError);
    expect(error.status).toBe(code);
    expect(server.requests).toHaveLength(1);
  });

  it.each(['POST', 'DELETE'] as const)('never retries a %s, even on 502', async (method) => {
    const { server, transport, request } = await setup(status(502));
    await catchError(transport.send(request(method)), CsmsHttpError);
    expect(server.requests).toHaveLength(1);
  });

  it('succeeds on the attempt after a transient failure', async () => {
    let calls = 0;
    const { transport, request } = await setup((_req, res) =>
      ++calls < 3 ? sendJson(res, 503, {}) : sendJson(res, 200, { ok: true }, { 'x-request-id': 'req-1' }),
    );
    const response = await transport.send(request('GET'));
    expect(response).toMatchObject({ status: 200, attempts: 3, requestId: 'req-1' });
  });

  it('honours Retry-After: 1 on 429', async () => {
    let calls = 0;
    const { server, transport, sleeps, request } = await setup((_req, res) =>
      ++calls === 1 ? sendJson(res, 429, {}, { 'retry-after': '1' }) : sendJson(res, 200, {}),
    );
    await transport.send(request('GET'));
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([1000]);
  });

  it('honours an HTTP-date Retry-After on 503', async () => {
    let calls = 0;
    const now = Date.UTC(2030, 0, 1, 0, 0, 0);
    const { transport, sleeps, request } = await setup(
      (_req, res) =>
        ++calls === 1
          ? sendJson(res, 503, {}, { 'retry-after': new Date(now + 3000).toUTCString() })
          : sendJson(res, 200, {}),
      { runtime: { now: () => now } },
    );
    await transport.send(request('GET'));
    expect(sleeps).toEqual([3000]);
  });

  it('fails at once when Retry-After exceeds 5 s, carrying retryAfterMs', async () => {
    const { server, transport, request } = await setup(status(429, { 'retry-after': '30' }));
    const error = await catchError(transport.send(request('GET')), CsmsHttpError);
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 30_000, attempts: 1 });
  });

  it('backs off 429 without Retry-After with the throttling base (1 s, cap 5 s)', async () => {
    const { sleeps, transport, request } = await setup(status(429));
    await catchError(transport.send(request('GET')), CsmsHttpError);
    expect(sleeps).toEqual([500, 1000]);
  });

  it('does not start a retry with less than 2 s left before the deadline', async () => {
    const { server, transport, request } = await setup(status(502));
    // 1st retry: 100 ms wait + 2000 ms budget fits in 2150 ms; the 2nd (200 + 2000) does not.
    const error = await catchError(
      transport.send(request('GET', { deadlineAt: transport.now() + 2150 })),
      CsmsHttpError,
    );
    expect(server.requests).toHaveLength(2);
    expect(error.attempts).toBe(2);
  });
});

describe('timeouts, deadline and abort', () => {
  const hang: Handler = () => undefined;

  it('retries an attempt that times out, then reports an attempt timeout', async () => {
    const { server, transport, request } = await setup(hang, { readAttemptTimeoutMs: 60 });
    const error = await catchError(transport.send(request('GET')), CsmsTimeoutError);
    expect(error).toMatchObject({ kind: 'attempt', phase: 'response', timeoutMs: 60, attempts: 3 });
    expect(server.requests).toHaveLength(3);
  });

  it('ends the whole call at its deadline', async () => {
    const { transport, request } = await setup(hang);
    const started = Date.now();
    const error = await catchError(
      transport.send(request('PUT', { deadlineAt: transport.now() + 150 })),
      CsmsTimeoutError,
    );
    expect(error).toMatchObject({ kind: 'deadline', attempts: 1 });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops when the caller aborts, during an attempt', async () => {
    const { transport, request } = await setup(hang);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await catchError(
      transport.send(request('GET', { signal: controller.signal })),
      CsmsAbortedError,
    );
    expect(error.attempts).toBe(1);
  });

  it('stops when the caller aborts, during a backoff wait', async () => {
    const { server, transport, request } = await setup(status(502), {
      backoffBaseMs: 10_000,
      backoffCapMs: 10_000,
      runtime: { random: () => 1, sleep: undefined },
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await catchError(transport.send(request('GET', { signal: controller.signal })), CsmsAbortedError);
    expect(server.requests).toHaveLength(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const { server, transport, request } = await setup(status(200));
    await catchError(transport.send(request('GET', { signal: AbortSignal.abort() })), CsmsAbortedError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('network errors', () => {
  it('retries a reset connection on GET, 3 attempts, then reports ECONNRESET', async () => {
    const { server, transport, request } = await setup((_req, res) => res.socket?.destroy());
    const error = await catchError(transport.send(request('GET')), CsmsNetworkError);
    expect(error).toMatchObject({ networkCode: 'ECONNRESET', attempts: 3 });
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a reset POST', async () => {
    const { server, transport, request } = await setup((_req, res) => res.socket?.destroy());
    await catchError(transport.send(request('POST')), CsmsNetworkError);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a refused connection', async () => {
    const { server, transport, request, events } = await setup(status(200));
    const req = request('GET');
    await server.close();
    const error = await catchError(transport.send(req), CsmsNetworkError);
    expect(error).toMatchObject({ networkCode: 'ECONNREFUSED', attempts: 3 });
    expect(events.map((e) => e.outcome)).toEqual(['network_error', 'network_error', 'network_error']);
  });

  it('rejects a body cut short mid-way', async () => {
    const { transport, request } = await setup((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    await catchError(transport.send(request('POST')), CsmsNetworkError);
  });
});

describe('response size cap', () => {
  it('rejects a body over the cap announced by Content-Length', async () => {
    const { transport, request } = await setup((_req, res) => sendJson(res, 200, { pad: 'x'.repeat(2048) }), {
      maxResponseBytes: 1024,
    });
    const error = await catchError(transport.send(request('GET')), CsmsResponseError);
    expect(error).toMatchObject({ reason: 'too-large', status: 200, attempts: 1 });
  });

  it('rejects a chunked body once it grows past the cap', async () => {
    const { transport, request } = await setup(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        for (let i = 0; i < 8; i++) res.write('y'.repeat(512));
        res.end();
      },
      { maxResponseBytes: 1024 },
    );
    const error = await catchError(transport.send(request('GET')), CsmsResponseError);
    expect(error.reason).toBe('too-large');
  });

  it('defaults to 4 MiB', async () => {
    const { transport } = await setup(status(200));
    expect(transport.settings.maxResponseBytes).toBe(4 * 1024 * 1024);
  });
});

describe('attempt hook', () => {
  it('reports every attempt with outcome, status, latency and retry delay', async () => {
    let calls = 0;
    const { transport, events, request } = await setup((_req, res) =>
      ++calls === 1 ? sendJson(res, 504, {}) : sendJson(res, 200, {}, { 'x-request-id': 'r2' }),
    );
    await transport.send(request('GET'));
    expect(events).toEqual([
      expect.objectContaining({
        operation: 'TestOp',
        method: 'GET',
        attempt: 1,
        outcome: 'http_error',
        status: 504,
        willRetry: true,
        retryDelayMs: 100,
      }),
      expect.objectContaining({
        attempt: 2,
        outcome: 'success',
        status: 200,
        requestId: 'r2',
        willRetry: false,
      }),
    ]);
    for (const event of events) expect(event.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('never lets a throwing hook break the call', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, {}));
    transport = new HttpTransport({
      onAttempt: () => {
        throw new Error('metrics down');
      },
    });
    const response = await transport.send({
      operation: 'TestOp',
      method: 'GET',
      endpoint: new URL(server.url),
      path: '/',
      query: [],
      headers: () => ({}),
    });
    expect(response.status).toBe(200);
  });
});

describe('what goes on the wire', () => {
  it('adds User-Agent, Accept and Content-Length after the per-attempt headers, with the query encoded', async () => {
    const { server, transport, request } = await setup(status(200));
    await transport.send(
      request('PUT', {
        query: [
          ['a b', 'é/&'],
          ['limit', '10'],
        ],
        body: '{"x":1}',
      }),
    );
    const [recorded] = server.requests;
    expect(recorded).toMatchObject({
      method: 'PUT',
      url: '/v1/test?a%20b=%C3%A9%2F%26&limit=10',
      body: '{"x":1}',
    });
    expect(recorded!.headers).toMatchObject({
      'content-type': 'application/json',
      'content-length': '7',
      accept: 'application/json',
      'user-agent': 'csms-console-client/0.1',
    });
  });
});

describe('idle keep-alive sockets', () => {
  /** A server that announces `Keep-Alive: timeout=2` and counts the connections it accepts. */
  async function keepAliveServer() {
    const server = http.createServer((_req, res) => sendJson(res, 200, {}));
    server.keepAliveTimeout = 2_000;
    let connections = 0;
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const close = () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    return { url: `http://127.0.0.1:${port}`, connections: () => connections, close };
  }

  // Reusing a socket just as the server closes it fails with ECONNRESET (e.g. the e2e helper, one attempt).
  it("reuses a socket at once but drops it before the server's announced idle timeout", async () => {
    const ka = await keepAliveServer();
    const own = new HttpTransport({ maxAttempts: 1 });
    try {
      const get = async () => {
        const res = await own.send({
          operation: 'TestOp',
          method: 'GET',
          endpoint: new URL(ka.url),
          path: '/v1/test',
          query: [],
          headers: () => ({}),
        });
        expect(res.headers['keep-alive']).toBe('timeout=2');
      };
      await get();
      await get();
      expect(ka.connections()).toBe(1);
      // Node closes an idle socket 1 s before the hint; the server would keep it until 2 s (+ its buffer).
      await sleep(1_400);
      await get();
      expect(ka.connections()).toBe(2);
    } finally {
      own.close();
      await ka.close();
    }
  });
});
