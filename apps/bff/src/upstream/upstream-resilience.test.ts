/**
 * docs/security.md §2 tests 3, 5, 6, 7 and 8 at the upstream layer, against the real emulator over HTTP: flaky
 * reads, throttling, a hanging upstream, the breaker and the bulkhead. No mock of CSMS anywhere.
 */
import type { CsmsClient } from '@csms-console/csms-client';
import type { RunningEmulator } from '@csms-console/csms-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppError } from '../errors.js';
import {
  akskAccount,
  appErrorOf,
  FAST_TRANSPORT,
  makeUpstream,
  seededRandom,
  sleep,
  startCsms,
} from './test-support.js';

let csms: RunningEmulator;
beforeAll(async () => {
  csms = await startCsms({ random: seededRandom(7) });
});
afterAll(() => csms.close());
beforeEach(() => {
  csms.faults.clear();
  csms.requestLog.clear();
  csms.requestLog.resetStats();
});

const list = (c: CsmsClient, signal: AbortSignal) => c.listSecrets({ signal, limit: 5 });
const calls = (operation = 'ListSecrets') => csms.requestLog.list({ operation }).length;

describe('upstream resilience', () => {
  it('30% 502 on a read: retried, and almost every call succeeds (test 3)', async () => {
    const { upstream } = makeUpstream([akskAccount(csms)], { settings: { queue: 100, queueWaitMs: 10_000 } });
    csms.faults.add({ type: 'error', operation: 'ListSecretVersions', status: 502, rate: 0.3 });
    const n = 60;
    const results = await Promise.allSettled(
      Array.from({ length: n }, () =>
        upstream.call('demo', 'ListSecretVersions', (c, signal) =>
          c.listSecretVersions('payments-db-password', { signal }),
        ),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok.length).toBeGreaterThanOrEqual(n * 0.9);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ status: 503, code: 'upstream_error' });
    }
    const sent = calls('ListSecretVersions');
    expect(sent).toBeGreaterThan(n);
    expect(sent).toBeLessThanOrEqual(3 * n);
    expect(ok.some((r) => r.status === 'fulfilled' && r.value.$metadata.attempts > 1)).toBe(true);
    await upstream.close();
  });

  it('429 with Retry-After 30: upstream_throttled within 100 ms, header passed through (test 5)', async () => {
    const { upstream } = makeUpstream([akskAccount(csms)]);
    csms.faults.add({ type: 'throttle', operation: 'ListSecrets', retry_after: 30, error_code: 'APIG.0308' });
    const started = performance.now();
    const error = await appErrorOf(upstream.call('demo', 'ListSecrets', list));
    expect(performance.now() - started).toBeLessThan(100);
    expect(error).toMatchObject({
      status: 503,
      code: 'upstream_throttled',
      headers: { 'Retry-After': '30' },
    });
    expect(calls()).toBe(1);
    expect(upstream.breakers()).toEqual({ demo: 'closed' });
    await upstream.close();
  });

  it('a hanging upstream ends within its deadline + 0.5 s as upstream_timeout (test 6)', async () => {
    const transport = {
      readAttemptTimeoutMs: 300,
      readDeadlineMs: 1000,
      minAttemptBudgetMs: 100,
      backoffCapMs: 20,
    };
    const { upstream } = makeUpstream([akskAccount(csms)], { transport });
    csms.faults.add({ type: 'hang', operation: 'ListSecrets' });
    const started = performance.now();
    const errors = await Promise.all(
      [1, 2, 3].map(() => appErrorOf(upstream.call('demo', 'ListSecrets', list))),
    );
    expect(performance.now() - started).toBeLessThan(1500);
    for (const error of errors) expect(error).toMatchObject({ status: 504, code: 'upstream_timeout' });
    await upstream.close();
  });

  it('100% 503: the breaker opens after 5 failed attempts, then only one probe attempt per openMs reaches CSMS (test 7)', async () => {
    const { upstream, metrics, lines } = makeUpstream([akskAccount(csms)], {
      settings: { breakerThreshold: 5, breakerOpenMs: 200 },
    });
    const gauge = async () => (await metrics.breakerOpen.get()).values[0]?.value;
    csms.faults.add({ type: 'error', operation: 'ListSecrets', status: 503 });
    // Attempts count, not calls after retries: 3 attempts of the first call, then 2 of the second; the 5th
    // failed attempt opens the breaker and the second call does not start its last retry.
    for (let i = 0; i < 2; i++) {
      expect(await appErrorOf(upstream.call('demo', 'ListSecrets', list))).toMatchObject({
        code: 'upstream_error',
      });
    }
    expect(calls()).toBe(5);
    expect(csms.requestLog.list({ operation: 'ListSecrets' }).map((e) => e.status)).toEqual([
      503, 503, 503, 503, 503,
    ]);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ attempts: 2, retry_stopped_by_breaker: true });
    expect(upstream.breakers()).toEqual({ demo: 'open' });
    expect(await gauge()).toBe(1);

    const started = performance.now();
    const rejected = await appErrorOf(upstream.call('demo', 'ListSecrets', list));
    expect(performance.now() - started).toBeLessThan(50);
    expect(rejected).toMatchObject({
      status: 503,
      code: 'upstream_unavailable',
      details: { breaker: 'open' },
    });
    expect(calls()).toBe(5);

    await sleep(220);
    const probes = await Promise.allSettled([1, 2, 3].map(() => upstream.call('demo', 'ListSecrets', list)));
    const reasons = probes.map((p) => (p.status === 'rejected' ? (p.reason as AppError).code : 'ok'));
    expect(reasons.filter((r) => r === 'upstream_error')).toHaveLength(1); // the probe
    expect(reasons.filter((r) => r === 'upstream_unavailable')).toHaveLength(2); // rejected at once
    expect(calls()).toBe(6); // one probe attempt: its failure re-opened the breaker, so no retry
    expect(upstream.breakers()).toEqual({ demo: 'open' });

    csms.faults.clear();
    expect(await appErrorOf(upstream.call('demo', 'ListSecrets', list))).toMatchObject({
      details: { breaker: 'open' },
    });
    await sleep(220);
    const healed = await upstream.call('demo', 'ListSecrets', list);
    expect(healed.secrets.length).toBeGreaterThan(0);
    expect(upstream.breakers()).toEqual({ demo: 'closed' });
    expect(await gauge()).toBe(0);
    await upstream.close();
  });

  it('a CSMS answering 502 always: threshold 5 opens after 5 attempts (2 calls), not 5 calls x 3', async () => {
    const { upstream } = makeUpstream([akskAccount(csms)], { settings: { breakerThreshold: 5 } });
    csms.faults.add({ type: 'error', operation: 'ListSecrets', status: 502 });
    const codes = [];
    for (let i = 0; i < 5; i++)
      codes.push((await appErrorOf(upstream.call('demo', 'ListSecrets', list))).code);
    expect(codes).toEqual([
      'upstream_error',
      'upstream_error',
      'upstream_unavailable',
      'upstream_unavailable',
      'upstream_unavailable',
    ]);
    const log = csms.requestLog.list({ operation: 'ListSecrets' });
    expect(log.map((e) => e.status)).toEqual([502, 502, 502, 502, 502]);
    expect(upstream.breakers()).toEqual({ demo: 'open' });
    await upstream.close();
  });

  it('a successful retry resets the count: failures spread over calls that recover never open it', async () => {
    const { upstream } = makeUpstream([akskAccount(csms)], { settings: { breakerThreshold: 3 } });
    for (let i = 0; i < 4; i++) {
      csms.faults.add({ type: 'error', operation: 'ListSecrets', status: 502, times: 2 });
      const ok = await upstream.call('demo', 'ListSecrets', list);
      expect(ok.$metadata.attempts).toBe(3);
    }
    expect(calls()).toBe(12); // 8 failed attempts in all, never 3 in a row
    expect(upstream.breakers()).toEqual({ demo: 'closed' });
    // 3 failed attempts in a row, all inside one call, do open it.
    csms.faults.add({ type: 'error', operation: 'ListSecrets', status: 502, times: 3 });
    expect(await appErrorOf(upstream.call('demo', 'ListSecrets', list))).toMatchObject({
      code: 'upstream_error',
    });
    expect(upstream.breakers()).toEqual({ demo: 'open' });
    await upstream.close();
  });

  it('bulkhead: 30 calls at 200 ms latency, 4 in flight + 5 queued; the rest get upstream_busy (test 8)', async () => {
    const { upstream, metrics } = makeUpstream([akskAccount(csms)], {
      settings: { concurrency: 4, queue: 5, queueWaitMs: 2000 },
      // What is counted here is the bulkhead, not timeouts: an attempt timeout well above the 200 ms latency
      // keeps a busy CI machine from turning a slow answer into a retry (one more CSMS call).
      transport: { ...FAST_TRANSPORT, readAttemptTimeoutMs: 1500, readDeadlineMs: 3000 },
    });
    csms.faults.add({ type: 'latency', operation: 'ListSecrets', latency_ms: 200 });
    let running = 0;
    let peak = 0;
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () =>
        upstream.call('demo', 'ListSecrets', async (client, signal) => {
          peak = Math.max(peak, ++running);
          try {
            return await list(client, signal);
          } finally {
            running--;
          }
        }),
      ),
    );
    const busy = results.filter(
      (r) => r.status === 'rejected' && (r.reason as AppError).code === 'upstream_busy',
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(9);
    expect(busy).toHaveLength(21);
    for (const r of busy) expect(r.status === 'rejected' && (r.reason as AppError).status).toBe(503);
    expect(peak).toBe(4);
    expect(csms.requestLog.stats().max_in_flight).toBeLessThanOrEqual(4);
    expect(calls()).toBe(9);
    expect((await metrics.upstreamInFlight.get()).values.every((v) => v.value === 0)).toBe(true);
    await upstream.close();
  });

  it('the scan pool has its own bulkhead: a busy scan does not block an interactive call', async () => {
    const { upstream } = makeUpstream([akskAccount(csms)], {
      settings: { concurrency: 1, queue: 0, scanConcurrency: 2 },
    });
    csms.faults.add({ type: 'latency', operation: 'ListSecretVersions', latency_ms: 150 });
    const versions = (c: CsmsClient, signal: AbortSignal) =>
      c.listSecretVersions('payments-db-password', { signal });
    const scans = [1, 2].map(() => upstream.call('demo', 'ListSecretVersions', versions, { pool: 'scan' }));
    const third = await appErrorOf(upstream.call('demo', 'ListSecretVersions', versions, { pool: 'scan' }));
    expect(third.details).toMatchObject({ pool: 'scan' });
    const interactive = await upstream.call('demo', 'ListSecrets', list);
    expect(interactive.$metadata.attempts).toBe(1);
    await Promise.all(scans);
    await upstream.close();
  });

  it('the retry budget stops retries once spent (docs/security.md §1.11)', async () => {
    const { upstream, lines } = makeUpstream([akskAccount(csms)], {
      settings: { breakerThreshold: 1000 },
      retryBudget: { capacity: 10 },
    });
    csms.faults.add({ type: 'error', operation: 'ListSecrets', status: 503 });
    await appErrorOf(upstream.call('demo', 'ListSecrets', list)); // 2 retries: 10 tokens
    expect(calls()).toBe(3);
    const error = await appErrorOf(upstream.call('demo', 'ListSecrets', list));
    expect(error).toMatchObject({
      status: 503,
      code: 'upstream_error',
      details: { csms_error_code: 'APIGW.0202' },
    });
    expect(calls()).toBe(4);
    const last = JSON.parse(lines.at(-1)!);
    expect(last).toMatchObject({ retry_budget_exhausted: true, attempts: 1, upstream_status: 503 });
    await upstream.close();
  });
});
