/**
 * `createUpstream` against the real emulator: accounts, the unknown-account guard, request ids and attempt
 * counts per call under concurrency, IAM accounts, metrics, the failure log line, and shutdown.
 */
import { CsmsHttpError, type CsmsClient } from '@csms-console/csms-client';
import type { RunningEmulator } from '@csms-console/csms-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { akskAccount, appErrorOf, iamAccount, makeUpstream, sleep, startCsms } from './test-support.js';

let csms: RunningEmulator;
beforeAll(async () => {
  csms = await startCsms();
});
afterAll(() => csms.close());
beforeEach(() => {
  csms.faults.clear();
  csms.requestLog.clear();
});

const list = (c: CsmsClient, signal: AbortSignal) => c.listSecrets({ signal, limit: 50 });

describe('createUpstream', () => {
  it('lists the configured accounts without anything secret', async () => {
    const { upstream } = makeUpstream([akskAccount(csms), { ...iamAccount(csms), emulated: false }]);
    expect(upstream.accounts()).toEqual([
      { name: 'demo', region: csms.region, project_id: csms.projectId, emulated: true },
      { name: 'iam', region: csms.region, project_id: csms.projectId, emulated: false },
    ]);
    expect(JSON.stringify(upstream.accounts())).not.toContain(csms.credentials.secretKey);
    expect(upstream.breakers()).toEqual({ demo: 'closed', iam: 'closed' });
    expect(() => upstream.assertAccount('demo')).not.toThrow();
    expect(() => upstream.assertAccount('nope')).toThrow(expect.objectContaining({ status: 404 }));
    await upstream.close();
  });

  it('an unknown account gets 404 account_not_found, and nothing is sent', async () => {
    const { upstream } = makeUpstream([akskAccount(csms)]);
    let called = false;
    const error = await appErrorOf(
      upstream.call('other', 'ListSecrets', (c, signal) => {
        called = true;
        return list(c, signal);
      }),
    );
    expect(error).toMatchObject({ status: 404, code: 'account_not_found' });
    expect(called).toBe(false);
    expect(csms.requestLog.list()).toHaveLength(0);
    await upstream.close();
  });

  it('captures each call’s own CSMS request id and attempt count under concurrency', async () => {
    const { upstream } = makeUpstream([akskAccount(csms)], { settings: { concurrency: 8, queue: 50 } });
    const names = (await upstream.call('demo', 'ListSecrets', list)).secrets.map((s) => s.name).slice(0, 24);
    csms.requestLog.clear();
    csms.faults.add({ type: 'latency', operation: 'ListSecretVersions', latency_ms: 30, rate: 0.5 });
    csms.faults.add({ type: 'error', operation: 'ListSecretVersions', status: 502, rate: 0.2 });
    const results = await Promise.allSettled(
      names.map((name) =>
        upstream.call('demo', 'ListSecretVersions', (c, signal) => c.listSecretVersions(name, { signal })),
      ),
    );
    const log = csms.requestLog.list({ operation: 'ListSecretVersions' });
    let checked = 0;
    results.forEach((result, i) => {
      if (result.status !== 'fulfilled') return;
      const mine = log.filter((e) => e.path.endsWith(`/secrets/${names[i]}/versions`));
      expect(result.value.$metadata.attempts).toBe(mine.length);
      expect(result.value.$metadata.requestId).toBe(mine.at(-1)?.request_id);
      checked++;
    });
    expect(checked).toBeGreaterThan(names.length / 2);
    await upstream.close();
  });

  it('returns the client’s $metadata: the emulator’s X-Request-Id, and every attempt (injected 502s)', async () => {
    const { upstream } = makeUpstream([akskAccount(csms)]);
    csms.faults.add({ type: 'error', operation: 'ListSecrets', status: 502, times: 2 });
    const out = await upstream.call('demo', 'ListSecrets', list);
    const log = csms.requestLog.list({ operation: 'ListSecrets' });
    expect(log.map((e) => e.status)).toEqual([502, 502, 200]);
    expect(out.$metadata).toMatchObject({ attempts: 3, requestId: log[2]?.request_id, httpStatusCode: 200 });
    expect(out.$metadata.totalRetryDelayMs).toBeGreaterThanOrEqual(0);
    expect(out.secrets.length).toBeGreaterThan(0);

    // A failure carries the same facts, on the client error the AppError wraps.
    csms.faults.add({ type: 'error', operation: 'ShowSecret', status: 502 });
    const error = await appErrorOf(
      upstream.call('demo', 'ShowSecret', (c, signal) => c.showSecret('payments-db-password', { signal })),
    );
    const shown = csms.requestLog.list({ operation: 'ShowSecret' });
    expect(shown.map((e) => e.status)).toEqual([502, 502, 502]);
    expect(error.cause).toBeInstanceOf(CsmsHttpError);
    expect((error.cause as CsmsHttpError).$metadata).toMatchObject({
      attempts: 3,
      requestId: shown[2]?.request_id,
      httpStatusCode: 502,
    });
    expect(error.details).toMatchObject({ csms_request_id: shown[2]?.request_id });
    await upstream.close();
  });

  it('works with an IAM account; the token request is neither the request id nor an attempt', async () => {
    const { upstream } = makeUpstream([iamAccount(csms)]);
    const result = await upstream.call('iam', 'ListSecrets', list);
    const [token, call] = csms.requestLog.list();
    expect(token?.operation).toBe('KeystoneCreateUserTokenByPassword');
    expect(result.$metadata).toMatchObject({ attempts: 1, requestId: call?.request_id });
    await upstream.close();
  });

  it('counts calls by outcome, times them, and logs one line per failure without secrets', async () => {
    const { upstream, metrics, lines } = makeUpstream([akskAccount(csms)]);
    await upstream.call('demo', 'ListSecrets', list);
    await appErrorOf(
      upstream.call('demo', 'ShowSecret', (c, signal) => c.showSecret('missing-one', { signal })),
    );
    const counts = (await metrics.upstreamCalls.get()).values.map((v) => [
      v.labels.operation,
      v.labels.outcome,
      v.value,
    ]);
    expect(counts).toEqual([
      ['ListSecrets', 'ok', 1],
      ['ShowSecret', 'secret_not_found', 1],
    ]);
    const durations = await metrics.upstreamDuration.get();
    expect(durations.values.find((v) => v.metricName?.endsWith('_count'))?.value).toBeGreaterThan(0);
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    const id = csms.requestLog.list({ operation: 'ShowSecret' })[0]?.request_id;
    expect(line).toMatchObject({
      level: 40,
      account: 'demo',
      operation: 'ShowSecret',
      outcome: 'secret_not_found',
      status: 404,
      upstream_status: 404,
      csms_error_code: 'CSMS.0106',
      csms_request_id: id,
      attempts: 1,
    });
    expect(lines[0]).not.toContain(csms.credentials.accessKey);
    await upstream.close();
  });

  it('logs an authentication failure at error level with alert: true', async () => {
    const { upstream, lines } = makeUpstream([akskAccount(csms, 'demo', { secretKey: 'wrong' })]);
    await appErrorOf(upstream.call('demo', 'ListSecrets', list));
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 50, alert: true, outcome: 'upstream_auth' });
    await upstream.close();
  });

  it('close() aborts calls in flight and queued with shutting_down, and refuses new ones', async () => {
    const { upstream } = makeUpstream([akskAccount(csms)], { settings: { concurrency: 1, queue: 5 } });
    csms.faults.add({ type: 'hang', operation: 'ListSecrets' });
    const hung = appErrorOf(upstream.call('demo', 'ListSecrets', list));
    const queued = appErrorOf(upstream.call('demo', 'ListSecrets', list));
    await sleep(50);
    const started = performance.now();
    await upstream.close();
    expect(performance.now() - started).toBeLessThan(200);
    for (const error of [await hung, await queued]) {
      expect(error).toMatchObject({ status: 503, code: 'shutting_down' });
    }
    expect(await appErrorOf(upstream.call('demo', 'ListSecrets', list))).toMatchObject({
      code: 'shutting_down',
    });
    expect(csms.requestLog.list({ operation: 'ListSecrets' })).toHaveLength(1);
  });
});
