/**
 * The BFF serves the built SPA (hashed assets cached for a year, index.html never cached, the tightened
 * CSP) and exposes Prometheus metrics by route, upstream operation and audit write failures.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPA_CSP } from '../src/http/headers.js';
import { Harness } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'bff-spa-'));
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>CSMS Version Console</title>');
writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');

let h: Harness;
beforeAll(async () => {
  h = await Harness.start({ config: { staticDir: dir } });
  await h.user('alice', 'admin');
}, 60_000);
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the SPA', () => {
  it('serves index.html for app routes, never cached, with the SPA CSP', async () => {
    for (const path of ['/', '/accounts/demo/secrets/payments-db-password']) {
      const res = await h.request('GET', path, { bare: true, headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(res.text).toContain('CSMS Version Console');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toBe(SPA_CSP);
    }
  });

  it('caches hashed assets for a year and 404s a missing one', async () => {
    const res = await h.request('GET', '/assets/index-abc123.js', { bare: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await h.request('GET', '/assets/nope.js', { bare: true })).status).toBe(404);
  });

  it('never answers an unknown API path with the SPA', async () => {
    const res = await h.request('GET', '/api/nope', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
  });
});

describe('/metrics', () => {
  it('counts requests by route and status, upstream calls by operation and outcome, and audit failures', async () => {
    const cookie = await h.login('alice');
    await h.request('GET', '/api/accounts/demo/secrets/orders-api-key', { cookie });
    await h.request('GET', '/api/accounts/demo/secrets/no-such-secret', { cookie });
    const text = (await h.request('GET', '/metrics', { bare: true })).text;
    expect(text).toMatch(
      /bff_http_requests_total\{route="\/api\/accounts\/:account\/secrets\/:secret",method="GET",status="200"\} 1/,
    );
    expect(text).toMatch(
      /bff_http_requests_total\{route="\/api\/accounts\/:account\/secrets\/:secret",method="GET",status="404"\} 1/,
    );
    expect(text).toMatch(
      /bff_http_request_duration_seconds_count\{route="\/bff\/login",method="POST",status="200"\} 1/,
    );
    expect(text).toMatch(/bff_upstream_calls_total\{account="demo",operation="ShowSecret",outcome="ok"\} 1/);
    expect(text).toMatch(
      /bff_upstream_calls_total\{account="demo",operation="ShowSecret",outcome="secret_not_found"\} 1/,
    );
    expect(text).toContain('bff_audit_write_failures_total 0');
  });
});
