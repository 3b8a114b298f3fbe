/**
 * `$metadata` on outputs and errors, and the caller's policies (retry quota, circuit breaker) as the transport
 * consults them: over real HTTP on 127.0.0.1, with a fake sleep that records its delays.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CsmsHttpError, CsmsNetworkError } from './errors.js';
import { CsmsClient } from './operations.js';
import type { BreakerPermit, CircuitBreakerPolicy, RetryQuota } from './policies.js';
import type { AttemptEvent, TransportOptions } from './transport-options.js';
import { CANARY, catchError, PROJECT_ID } from '../test/support/secrets.js';
import { fastRuntime, sendJson, startServer, type Handler, type TestServer } from '../test/support/server.js';

let server: TestServer | undefined;
let client: CsmsClient | undefined;

afterEach(async () => {
  client?.transport.close();
  await server?.close();
  server = client = undefined;
});

async function setup(handler: Handler, transport: TransportOptions = {}) {
  server = await startServer(handler);
  const fast = fastRuntime();
  client = new CsmsClient({
    endpoint: server.url,
    projectId: PROJECT_ID,
    credentials: { type: 'aksk', accessKey: CANARY.accessKey, secretKey: CANARY.secretKey },
    transport: { ...transport, runtime: fast.runtime },
  });
  return { server, client, sleeps: fast.sleeps };
}

const page = { secrets: [], page_info: {} };

/** Answers `failures` 502s (each with its own request id), then 200. */
function flaky(failures: number): Handler {
  let n = 0;
  return (_req, res) => {
    n++;
    if (n <= failures)
      sendJson(res, 502, { error_code: 'TEST.502', error_msg: 'x' }, { 'x-request-id': `rid-${n}` });
    else sendJson(res, 200, page, { 'x-request-id': `rid-${n}` });
  };
}

describe('$metadata', () => {
  it('an output carries the last request id, the attempts, the status and the backoff spent', async () => {
    const { client, sleeps } = await setup(flaky(2));
    const out = await client.listSecrets();
    expect(out.secrets).toEqual([]);
    expect(out.$metadata).toEqual({
      requestId: 'rid-3',
      attempts: 3,
      httpStatusCode: 200,
      totalRetryDelayMs: sleeps.reduce((a, b) => a + b, 0),
    });
    expect(sleeps).toHaveLength(2);
  });

  it('an error carries the same metadata as an output would', async () => {
    const { client, sleeps } = await setup(flaky(5));
    const error = await catchError(client.listSecrets(), CsmsHttpError);
    expect(error.$metadata).toEqual({
      requestId: 'rid-3',
      attempts: 3,
      httpStatusCode: 502,
      totalRetryDelayMs: sleeps[0]! + sleeps[1]!,
    });
  });

  it('a failure without an answer keeps the last request id CSMS gave', async () => {
    let n = 0;
    const { client } = await setup((_req, res) => {
      if (++n === 1) sendJson(res, 503, {}, { 'x-request-id': 'rid-first' });
      else res.socket?.destroy();
    });
    const error = await catchError(client.showSecret('db-pass'), CsmsNetworkError);
    expect(error.$metadata).toMatchObject({ requestId: 'rid-first', attempts: 3, httpStatusCode: 503 });
  });
});

/** A quota with `tokens` that a retry costs 1 of; records what it was told. */
function quota(tokens: number) {
  const told: string[] = [];
  const policy: RetryQuota = {
    tryAcquire: (failed: AttemptEvent) => {
      told.push(`retry after ${failed.outcome} ${failed.status ?? ''}`.trim());
      if (tokens < 1) return false;
      tokens--;
      return true;
    },
    recordSuccess: (event: AttemptEvent) => void told.push(`success ${event.status}`),
  };
  return { policy, told };
}

describe('retry quota', () => {
  it('pays for each retry and hears each success', async () => {
    const q = quota(5);
    const { server, client } = await setup(flaky(2), { retryQuota: q.policy });
    await client.listSecrets();
    expect(server.requests).toHaveLength(3);
    expect(q.told).toEqual(['retry after http_error 502', 'retry after http_error 502', 'success 200']);
  });

  it('a refused retry ends the call with its last failure, marked retry-quota', async () => {
    const q = quota(1);
    const { server, client } = await setup(flaky(5), { retryQuota: q.policy });
    const error = await catchError(client.listSecrets(), CsmsHttpError);
    expect(server.requests).toHaveLength(2);
    expect(error).toMatchObject({ status: 502, errorCode: 'TEST.502', attempts: 2 });
    expect(error.$metadata).toMatchObject({ attempts: 2, requestId: 'rid-2', retryRefusedBy: 'retry-quota' });
  });

  it('is not asked about failures that are not retried', async () => {
    const q = quota(5);
    const { client } = await setup((_req, res) => sendJson(res, 404, { error_code: 'CSMS.0005' }), {
      retryQuota: q.policy,
    });
    await catchError(client.showSecret('db-pass'), CsmsHttpError);
    expect(q.told).toEqual([]);
  });
});

/** A breaker that opens after `threshold` failed attempts (any call), and may refuse admission. */
function breaker(threshold: number) {
  const log: string[] = [];
  let failures = 0;
  let open = false;
  const policy: CircuitBreakerPolicy = {
    admit: (operation) => {
      if (open) throw new Error(`open: ${operation} refused`);
      log.push(`admit ${operation}`);
      let ended = false;
      const permit: BreakerPermit = {
        attempt: (event) => {
          log.push(`attempt ${event.attempt} ${event.outcome}`);
          if (event.outcome === 'success') failures = 0;
          else if (++failures >= threshold) open = true;
        },
        mayRetry: () => !ended && !open,
        done: () => {
          ended = true;
          log.push('done');
        },
      };
      return permit;
    },
  };
  return { policy, log };
}

describe('circuit breaker', () => {
  it('admits each call, hears every attempt, and is told when the call ends', async () => {
    const b = breaker(10);
    const { client } = await setup(flaky(1), { breaker: b.policy });
    const out = await client.listSecrets();
    expect(out.$metadata.attempts).toBe(2);
    expect(b.log).toEqual(['admit ListSecrets', 'attempt 1 http_error', 'attempt 2 success', 'done']);
  });

  it('an attempt that opens it stops its own call: no retry starts, the last failure is thrown', async () => {
    const b = breaker(2);
    const { server, client } = await setup(flaky(5), { breaker: b.policy });
    const error = await catchError(client.listSecrets(), CsmsHttpError);
    expect(server.requests).toHaveLength(2);
    expect(error.$metadata).toMatchObject({ attempts: 2, retryRefusedBy: 'breaker' });
    expect(b.log.at(-1)).toBe('done');
  });

  it('a refusal at admission reaches the caller as it is, and nothing is sent', async () => {
    const b = breaker(1);
    const { server, client } = await setup(flaky(5), { breaker: b.policy, maxAttempts: 1 });
    await catchError(client.listSecrets(), CsmsHttpError);
    await expect(client.listSecrets()).rejects.toThrow('open: ListSecrets refused');
    expect(server.requests).toHaveLength(1);
  });
});
