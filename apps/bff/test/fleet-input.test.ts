/**
 * The fleet view's input and failures (issue 11 item 1, "Bad input"): each malformed request is a 4xx in
 * the one error shape and reaches nothing (no CSMS call, no scan); with 5% of CSMS calls failing (a seeded
 * fault roll, no client retries), every secret whose read failed is listed in `failed` with its reason,
 * and the others are exactly what the emulator holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../src/config/config.js';
import { expectError } from './checks.js';
import { bucketsOf, heldVersions, key, untilComplete } from './fleet-support.js';
import { Harness } from './harness.js';

const PATH = '/api/accounts/demo/expiry';

/** mulberry32: a small seeded generator, so the fault rolls are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('fleet view: bad input reaches nothing', () => {
  let h: Harness;
  let cookie: string;
  beforeAll(async () => {
    h = await Harness.start();
    await h.user('sam', 'support');
    cookie = await h.login('sam');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it.each([
    ['within=abc', 'query.within'],
    ['within=', 'query.within'],
    ['within=-1', 'query.within'],
    ['within=1.5', 'query.within'],
    ['within=3651', 'query.within'],
    ['within=99999', 'query.within'],
    ['within=007', 'query.within'],
    ['within=%207', 'query.within'],
    ['within=ALL', 'query.within'],
    ['within=1&within=2', 'query.within'],
    ['within=7&bucket=expired', 'query'],
    ['limit=10', 'query'],
  ])('refuses ?%s', async (query, where) => {
    const res = await h.request('GET', `${PATH}?${query}`, { cookie });
    expectError(res, 400, 'invalid_input');
    expect(res.json.error.message).toContain(where);
  });

  it('refuses an unknown or malformed account', async () => {
    expectError(
      await h.request('GET', '/api/accounts/nope/expiry?within=7', { cookie }),
      404,
      'account_not_found',
    );
    expectError(await h.request('GET', '/api/accounts/NOPE/expiry', { cookie }), 400, 'invalid_input');
  });

  it('neither called CSMS nor started a scan for any of them', async () => {
    expect(h.emulatorCalls()).toHaveLength(0);
    expect(await h.stores.fleet.scans('demo', h.now())).toEqual([]);
    expect(await h.stores.fleet.scans('nope', h.now())).toEqual([]);
  });

  it('accepts the bounds: 0, 3650 and all', async () => {
    for (const within of ['0', '3650', 'all']) {
      expect((await h.request('GET', `${PATH}?within=${within}`, { cookie })).status).toBe(200);
    }
  });
});

describe('fleet view with 5% of CSMS calls failing', () => {
  let h: Harness;
  let cookie: string;
  beforeAll(async () => {
    h = await Harness.start({
      emulator: { seed: 'scale:2000', random: seeded(11) },
      // One attempt per call: a failed call is a failed read, as "5% of calls failing" means.
      transport: { maxAttempts: 1 },
      // The breaker stays closed: the faults are spread thin, and this test is about reads, not the breaker.
      config: { upstream: { ...testConfig().upstream, breakerThreshold: 1000 } },
    });
    await h.user('ada', 'auditor');
    cookie = await h.login('ada');
    h.emulator.faults.add({ operation: '*', type: 'error', status: 500, rate: 0.05 });
    // And the first page of the secret listing fails twice: the scan tries a page three times.
    h.emulator.faults.add({ operation: 'ListSecrets', type: 'error', status: 500, times: 2 });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('lists each secret whose read failed, with the reason, and the rest exactly', async () => {
    const { last } = await untilComplete(h, `${PATH}?within=all`, cookie);
    expect(last.status).toBe(200);
    expect(last.json.complete).toBe(true);

    // Which reads failed, from the emulator's request log: a secret's one version listing answered 500.
    const failedReads = new Set(
      h
        .emulatorCalls('ListSecretVersions')
        .filter((c) => c.status !== 200)
        .map((c) => decodeURIComponent(c.path.split('/')[4]!)),
    );
    const failedPages = h.emulatorCalls('ListSecrets').filter((c) => c.status !== 200);
    expect(failedReads.size).toBeGreaterThan(50); // about 5% of 2000
    expect(failedReads.size).toBeLessThan(150);
    expect(failedPages.length).toBeGreaterThanOrEqual(2);
    const failed = last.json.failed as Array<{ secret: string; code: string; message: string }>;
    expect(new Set(failed.map((f) => f.secret))).toEqual(failedReads);
    for (const f of failed) {
      expect(f.code).toBe('upstream_error');
      expect(f.message.length).toBeGreaterThan(0);
    }
    // Failed pages of the secret listing were tried again, so no secret went unseen.
    expect(last.json.secrets_total).toBe(2000);
    expect(last.json.secrets_scanned).toBe(2000);
    expect(last.json.listing_error).toBeNull();
    console.info(
      `fleet faults: ${failedReads.size} failed reads, ${failedPages.length} failed pages retried`,
    );

    const now = last.json.server_time as number;
    const held = heldVersions(h.emulator).filter((v) => !failedReads.has(v.secret));
    const items = last.json.items as Array<{ secret: string; version: string; bucket: string }>;
    expect(new Map(items.map((i) => [key(i), i.bucket]))).toEqual(bucketsOf(held, now));
  }, 240_000);
});

describe('fleet view when the secret listing keeps failing', () => {
  let h: Harness;
  let cookie: string;
  beforeAll(async () => {
    // A failed listing is retried after min(max age, 30 s): 1 s here.
    h = await Harness.start({ transport: { maxAttempts: 1 }, config: { fleet: { maxAgeMs: 1000 } } });
    await h.user('ada', 'auditor');
    cookie = await h.login('ada');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('says the scan is not complete and why, then a later request scans again', async () => {
    const fault = h.emulator.faults.add({ operation: 'ListSecrets', type: 'error', status: 500 });
    await h.request('GET', PATH, { cookie });
    let res = await h.request('GET', PATH, { cookie });
    for (let i = 0; i < 100 && res.json.listing_error === null; i++) {
      await new Promise((r) => setTimeout(r, 50));
      res = await h.request('GET', PATH, { cookie });
    }
    expect(res.json).toMatchObject({
      complete: false,
      listing_error: { code: 'upstream_error' },
      items: [],
      failed: [],
    });
    expect(h.emulatorCalls('ListSecrets')).toHaveLength(3);
    h.emulator.faults.remove(fault.id);
    const { last } = await untilComplete(h, PATH, cookie);
    expect(last.json).toMatchObject({ complete: true, listing_error: null });
    expect(last.json.items.length).toBe(heldVersions(h.emulator).length);
  }, 60_000);
});

describe('fleet view with a stale cache', () => {
  let h: Harness;
  let cookie: string;
  beforeAll(async () => {
    h = await Harness.start({ config: { fleet: { maxAgeMs: 60_000 } } });
    await h.user('ada', 'auditor');
    cookie = await h.login('ada');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('serves the old answer while it scans again in the background', async () => {
    const { last: old } = await untilComplete(h, PATH, cookie);
    const lists = h.emulatorCalls('ListSecrets').length;
    expect((await h.request('GET', PATH, { cookie })).json.scanned_at).toBe(old.json.scanned_at);
    expect(h.emulatorCalls('ListSecrets')).toHaveLength(lists); // fresh: no new scan

    h.offsetMs += 61_000; // the shared clock moves past the cache's maximum age
    const served = await h.request('GET', PATH, { cookie });
    expect(served.json).toMatchObject({ complete: true, scanned_at: old.json.scanned_at });
    expect(served.json.items).toHaveLength(old.json.items.length);
    let fresh = served;
    for (let i = 0; i < 200 && fresh.json.scanned_at === old.json.scanned_at; i++) {
      await new Promise((r) => setTimeout(r, 50));
      fresh = await h.request('GET', PATH, { cookie });
    }
    expect(fresh.json.complete).toBe(true);
    expect(fresh.json.scanned_at).toBeGreaterThan(old.json.scanned_at);
    expect(h.emulatorCalls('ListSecrets').length).toBeGreaterThan(lists);
    expect(await h.stores.fleet.scans('demo', h.now())).toHaveLength(1); // the old scan is gone
  }, 60_000);
});

describe('fleet view: a crashed scanner, and a scanner whose lease was taken over', () => {
  let h: Harness;
  let cookie: string;
  beforeAll(async () => {
    h = await Harness.start();
    await h.user('ada', 'auditor');
    cookie = await h.login('ada');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('waits out a crashed replica’s lease, then scans', async () => {
    // Another replica took the lease and died: its scan never writes or ends.
    const lease = { account: 'demo', scanId: 'crashed', owner: 'gone', now: h.now(), leaseMs: 30_000 };
    expect(await h.stores.fleet.claim(lease)).toBe(true);
    const waiting = await h.request('GET', PATH, { cookie });
    expect(waiting.json).toMatchObject({ complete: false, secrets_scanned: 0, items: [] });
    expect(h.emulatorCalls()).toHaveLength(0);

    h.offsetMs += 30_000; // the lease runs out
    const { last } = await untilComplete(h, PATH, cookie);
    expect(last.json.complete).toBe(true);
    expect(last.json.items).toHaveLength(heldVersions(h.emulator).length);
    expect((await h.stores.fleet.scans('demo', h.now())).map((s) => s.scanId)).not.toContain('crashed');
  }, 60_000);

  it('stops a scan whose lease another scanner took, and writes nothing more for it', async () => {
    h.emulator.faults.add({ type: 'latency', latency_ms: 200 }); // the scan takes about 2 s
    h.offsetMs += 10 * 60_000; // the cache is stale: the next request scans again
    const served = await h.request('GET', PATH, { cookie });
    expect(served.json.complete).toBe(true);
    const running = (await h.stores.fleet.scans('demo', h.now())).find((s) => s.running)!;
    expect(running).toBeDefined();
    // A replica whose clock is 31 s ahead sees the lease run out and takes the account over.
    const thief = {
      account: 'demo',
      scanId: 'thief',
      owner: 'other',
      now: h.now() + 31_000,
      leaseMs: 600_000,
    };
    expect(await h.stores.fleet.claim(thief)).toBe(true);
    for (let i = 0; i < 100 && !h.logs.some((l) => l.includes('fleet_scan_lease_lost')); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(h.logs.some((l) => l.includes('fleet_scan_lease_lost'))).toBe(true);
    const written = (await h.stores.fleet.secrets(running.scanId)).length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(await h.stores.fleet.secrets(running.scanId)).toHaveLength(written);
    const after = (await h.stores.fleet.scans('demo', h.now())).find((s) => s.scanId === running.scanId);
    expect(after?.finishedAt ?? null).toBeNull();
  }, 60_000);
});
