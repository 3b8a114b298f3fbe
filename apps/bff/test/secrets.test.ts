/** Reading secrets through the BFF: CSMS-style paging, BFF-side filters, and the notification answer. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from './harness.js';

let h: Harness;
let cookie: string;
beforeAll(async () => {
  h = await Harness.start();
  await h.user('ada', 'auditor');
  cookie = await h.login('ada');
}, 60_000);
afterAll(() => h.close());

describe('GET /api/accounts/:account/secrets', () => {
  it('pages through every demo secret with next_marker, in CSMS order, without repeats', async () => {
    const names: string[] = [];
    let marker: string | null = null;
    for (let page = 0; page < 20; page++) {
      const res = await h.request(
        'GET',
        `/api/accounts/demo/secrets?limit=7${marker ? `&marker=${marker}` : ''}`,
        { cookie },
      );
      expect(res.status).toBe(200);
      names.push(...res.json.secrets.map((s: { name: string }) => s.name));
      marker = res.json.next_marker;
      if (marker === null) break;
    }
    expect(marker).toBeNull();
    expect(new Set(names).size).toBe(names.length);
    const page = await h.upstream.call('demo', 'ListSecrets', (c) => c.listSecrets({ limit: 1000 }));
    expect(names).toEqual(page.secrets.map((s) => s.name));
  });

  it('filters by state and by name across CSMS pages', async () => {
    const disabled = await h.request('GET', '/api/accounts/demo/secrets?state=DISABLED&limit=100', {
      cookie,
    });
    expect(disabled.json.secrets.length).toBeGreaterThan(0);
    expect(disabled.json.secrets.every((s: { state: string }) => s.state === 'DISABLED')).toBe(true);
    expect(disabled.json.secrets.map((s: { name: string }) => s.name)).toContain('legacy-ldap-bind');
    const byName = await h.request('GET', '/api/accounts/demo/secrets?name=ORDERS&limit=100', { cookie });
    const names = byName.json.secrets.map((s: { name: string }) => s.name);
    expect(names).toEqual(expect.arrayContaining(['orders-api-key', 'rds-orders-primary']));
    expect(names.every((n: string) => n.includes('orders'))).toBe(true);
  });

  it('continues a filtered listing from its marker', async () => {
    const first = await h.request('GET', '/api/accounts/demo/secrets?name=prod&limit=3', { cookie });
    expect(first.json.secrets).toHaveLength(3);
    const second = await h.request(
      'GET',
      `/api/accounts/demo/secrets?name=prod&limit=3&marker=${first.json.next_marker}`,
      { cookie },
    );
    const a = (first.json.secrets as Array<{ name: string }>).map((s) => s.name);
    const b = (second.json.secrets as Array<{ name: string }>).map((s) => s.name);
    expect(b.some((n) => a.includes(n))).toBe(false);
  });
});

describe('GET /api/accounts/:account/secrets/:secret', () => {
  it('returns every version in numeric order with stages and expiry (null for none)', async () => {
    const res = await h.request('GET', '/api/accounts/demo/secrets/ci-deploy-token', { cookie });
    expect(res.json.versions.map((v: { id: string }) => v.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => `v${i + 1}`),
    );
    const none = await h.request('GET', '/api/accounts/demo/secrets/analytics-warehouse-creds', { cookie });
    expect(none.json.versions.every((v: { expire_time: null }) => v.expire_time === null)).toBe(true);
    expect(Math.abs(none.json.server_time - h.now())).toBeLessThan(5_000);
  });

  it.each([
    ['payments-db-password', true, 'ok'],
    ['sso-saml-signing-key', false, 'event_disabled'],
    ['rds-orders-primary', false, 'event_type_missing'],
    ['analytics-warehouse-creds', false, 'not_subscribed'],
  ])('says whether an expiry of %s notifies anyone', async (secret, willNotify, reason) => {
    const res = await h.request('GET', `/api/accounts/demo/secrets/${secret}`, { cookie });
    expect(res.json.notification).toMatchObject({ will_notify: willNotify, reason });
  });

  it('lists the latest notification records of this secret only, newest first, with their version', async () => {
    const res = await h.request('GET', '/api/accounts/demo/secrets/payments-db-password', { cookie });
    const records = res.json.notification.records as Array<{
      create_time: number;
      version_id: string | null;
    }>;
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => /^v\d+$/.test(r.version_id ?? ''))).toBe(true);
    const times = records.map((r) => r.create_time);
    expect(times).toEqual([...times].sort((x, y) => y - x));
  });

  it('reads the secret and its versions every time; reuses the event and records for under 5 s', async () => {
    const page = async () => {
      const res = await h.request('GET', '/api/accounts/demo/secrets/payments-db-password', { cookie });
      expect(res.status).toBe(200);
    };
    const count = (op: string) => h.emulatorCalls(op).length;
    h.offsetMs += 60_000; // past anything an earlier test left in the cache
    h.emulator.requestLog.clear();
    await page();
    await page();
    h.offsetMs += 4_500; // real time also passes: keep well inside 5 s
    await page();
    expect([count('ShowSecret'), count('ListSecretVersions')]).toEqual([3, 3]);
    expect([count('ListNotificationRecords'), count('ShowSecretEvent')]).toEqual([1, 1]);
    h.offsetMs += 600;
    await page();
    expect([count('ListNotificationRecords'), count('ShowSecretEvent')]).toEqual([2, 2]);
  });
});
