/**
 * The secrets list's expiry columns (issue 11 item 4) over HTTP: each secret's nearest expiry and worst bucket
 * come from the fleet scan's cache, and only from it. Before any scan the list says nothing (and starts no
 * scan); after one, the values equal what the emulator holds, computed here from its own store; a secret the
 * scan never saw has no values; the list makes the same CSMS calls with or without them (one ListSecrets).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketAt, heldVersions } from './fleet-support.js';
import { Harness } from './harness.js';

// The order, written out again here (api-contract's `worstBucket` must agree with it).
const URGENCY = ['expired', '7d', '30d', '90d', 'later', 'none'];
const LIST = '/api/accounts/demo/secrets?limit=100';

interface Listed {
  name: string;
  nearest_expire_time?: number | null;
  worst_bucket?: string;
}

/** Per secret: its earliest version expiry and the most urgent of its versions' buckets, from the emulator. */
function expected(
  h: Harness,
  now: number,
): Map<string, { nearest_expire_time: number | null; worst_bucket: string }> {
  const out = new Map<string, { nearest_expire_time: number | null; worst_bucket: string }>();
  for (const v of heldVersions(h.emulator)) {
    const was = out.get(v.secret) ?? { nearest_expire_time: null, worst_bucket: 'none' };
    const bucket = bucketAt(v.expire_time, now);
    out.set(v.secret, {
      nearest_expire_time:
        v.expire_time === null
          ? was.nearest_expire_time
          : Math.min(v.expire_time, was.nearest_expire_time ?? Infinity),
      worst_bucket: URGENCY.indexOf(bucket) < URGENCY.indexOf(was.worst_bucket) ? bucket : was.worst_bucket,
    });
  }
  return out;
}

let h: Harness;
let cookie: string;
beforeAll(async () => {
  h = await Harness.start();
  await h.user('ada', 'auditor');
  cookie = await h.login('ada');
}, 60_000);
afterAll(() => h.close());

describe('GET /api/accounts/:account/secrets with the fleet cache', () => {
  it('before any scan: no expiry values, expiry_scanned_at null, and no scan started', async () => {
    h.emulator.requestLog.clear();
    const res = await h.request('GET', LIST, { cookie });
    expect(res.status).toBe(200);
    expect(res.json.expiry_scanned_at).toBeNull();
    expect(res.json.secrets.length).toBeGreaterThan(60);
    for (const s of res.json.secrets as Listed[]) {
      expect(s).not.toHaveProperty('nearest_expire_time');
      expect(s).not.toHaveProperty('worst_bucket');
    }
    expect(h.emulatorCalls().map((c) => c.operation)).toEqual(['ListSecrets']);
    expect(await h.stores.fleet.scans('demo', h.now())).toEqual([]);
  });

  it('after a scan: each secret has the nearest expiry and worst bucket the emulator holds', async () => {
    await h.fleetScanned(cookie);
    const fleet = await h.request('GET', '/api/accounts/demo/expiry?within=0', { cookie });
    h.emulator.requestLog.clear();
    const res = await h.request('GET', LIST, { cookie });
    expect(res.status).toBe(200);
    expect(res.json.expiry_scanned_at).toBe(fleet.json.scanned_at);
    const want = expected(h, h.now());
    const secrets = res.json.secrets as Listed[];
    expect(secrets).toHaveLength(want.size);
    for (const s of secrets)
      expect({
        name: s.name,
        nearest_expire_time: s.nearest_expire_time,
        worst_bucket: s.worst_bucket,
      }).toEqual({
        name: s.name,
        ...want.get(s.name),
      });
    // The demo data spreads over the buckets, so the order of urgency is exercised.
    const worst = new Set(secrets.map((s) => s.worst_bucket));
    expect([...worst]).toEqual(expect.arrayContaining(['expired', 'none']));
    expect(worst.size).toBeGreaterThanOrEqual(3);
    // Nothing but the listing itself reached CSMS: the expiries came from the store.
    expect(h.emulatorCalls().map((c) => c.operation)).toEqual(['ListSecrets']);
  });

  it('a filtered list carries them too', async () => {
    const res = await h.request('GET', '/api/accounts/demo/secrets?name=orders&limit=100', { cookie });
    const want = expected(h, h.now());
    const secrets = res.json.secrets as Listed[];
    expect(secrets.length).toBeGreaterThan(0);
    for (const s of secrets) expect(s.worst_bucket).toBe(want.get(s.name)?.worst_bucket);
  });

  it('a secret the scan never saw has no values, and the list starts no new scan for it', async () => {
    const project = structuredClone(h.emulator.store.project(h.emulator.projectId)!);
    const source = project.secrets['payments-db-password']!;
    project.secrets['zz-added-after-scan'] = {
      ...structuredClone(source),
      id: 'zz-added',
      name: 'zz-added-after-scan',
    };
    const seeded = await fetch(`${h.emulator.url}/__admin/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ project, project_id: h.emulator.projectId }),
    });
    expect(seeded.status).toBe(200);
    const scans = await h.stores.fleet.scans('demo', h.now());
    h.emulator.requestLog.clear();
    const res = await h.request('GET', LIST, { cookie });
    const added = (res.json.secrets as Listed[]).find((s) => s.name === 'zz-added-after-scan');
    expect(added).toBeDefined();
    expect(added).not.toHaveProperty('worst_bucket');
    expect(added).not.toHaveProperty('nearest_expire_time');
    const known = (res.json.secrets as Listed[]).find((s) => s.name === 'payments-db-password');
    expect(known?.worst_bucket).toBeDefined();
    expect(h.emulatorCalls().map((c) => c.operation)).toEqual(['ListSecrets']);
    expect(await h.stores.fleet.scans('demo', h.now())).toEqual(scans);
  });
});
