/**
 * The fleet scan's "will CSMS notify anyone?" answer (issue 11, the board's notify column) over HTTP against
 * the emulator's demo seed, which holds secrets subscribed to an enabled expiry event, to a disabled one, to
 * one without SECRET_VERSION_EXPIRED, and to none; a secret whose event is missing is added through the
 * admin surface. Per secret the scan must answer what the emulator's data implies and exactly what the
 * secret page answers for `notification.reason`; it reads each subscribed event once; an event it cannot
 * read makes that event's secrets `unknown` and no others; and the version reads do not wait for events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSubscriber, notifyHeld, untilComplete } from './fleet-support.js';
import { Harness, type Response } from './harness.js';

const PATH = '/api/accounts/demo/expiry?within=all';
const MISSING_EVENT = 'retired-expiry-alerts';
const ORPHAN = 'orphaned-alerts-key';

type Item = { secret: string; version: string; notify: string };

/** Secret -> notify, checking that every version of a secret carries the same answer. */
function notifyBySecret(answer: Response): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of answer.json.items as Item[]) {
    const seen = out.get(item.secret);
    if (seen !== undefined) expect(`${item.secret}: ${item.notify}`).toBe(`${item.secret}: ${seen}`);
    out.set(item.secret, item.notify);
  }
  return out;
}

const eventOf = (path: string) => decodeURIComponent(path.split('/').at(-1)!);

describe('fleet notify: the scan answers what the secret page answers', () => {
  let h: Harness;
  let cookie: string;
  let done: Response;
  let eventReads: string[];

  beforeAll(async () => {
    h = await Harness.start();
    await h.user('ada', 'auditor');
    cookie = await h.login('ada');
    await addSubscriber(h.emulator, 'orders-api-key', ORPHAN, MISSING_EVENT);
    h.emulator.requestLog.clear();
    ({ last: done } = await untilComplete(h, PATH, cookie));
    eventReads = h.emulatorCalls('ShowSecretEvent').map((c) => eventOf(c.path));
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it("answers for every secret what the emulator's data implies, in every state", () => {
    expect(done.json).toMatchObject({ complete: true, failed: [], listing_error: null });
    const held = notifyHeld(h.emulator);
    const got = notifyBySecret(done);
    expect(got).toEqual(held);
    expect(got.get(ORPHAN)).toBe('event_missing');
    expect(new Set(got.values())).toEqual(
      new Set(['ok', 'not_subscribed', 'event_missing', 'event_disabled', 'event_type_missing']),
    );
  });

  it('reads each subscribed event once, and nothing for secrets subscribed to none', () => {
    const project = h.emulator.store.project(h.emulator.projectId)!;
    const subscribed = new Set(
      Object.values(project.secrets).flatMap((s) => s.event_subscriptions.slice(0, 1)),
    );
    expect(subscribed.has(MISSING_EVENT)).toBe(true);
    expect([...eventReads].sort()).toEqual([...subscribed].sort());
  });

  it('agrees with the secret page for every secret', async () => {
    const got = notifyBySecret(done);
    for (const [secret, notify] of got) {
      const page = await h.request('GET', `/api/accounts/demo/secrets/${encodeURIComponent(secret)}`, {
        cookie,
      });
      expect(page.status).toBe(200);
      expect(`${secret}: ${page.json.notification.reason}`).toBe(`${secret}: ${notify}`);
      expect(page.json.notification.will_notify).toBe(notify === 'ok');
    }
  }, 60_000);
});

describe('fleet notify: an event the scan cannot read', () => {
  let h: Harness;
  let cookie: string;
  let done: Response;

  beforeAll(async () => {
    h = await Harness.start();
    await h.user('ada', 'auditor');
    cookie = await h.login('ada');
    // Every event read is slow, and the first one CSMS refuses (a 400 is not retried).
    h.emulator.faults.add({ type: 'latency', operation: 'ShowSecretEvent', latency_ms: 1500 });
    h.emulator.faults.add({
      type: 'error',
      operation: 'ShowSecretEvent',
      status: 400,
      error_code: 'CSMS.0002',
      times: 1,
    });
    ({ last: done } = await untilComplete(h, PATH, cookie));
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it("answers unknown for that event's secrets only; every version is still read", () => {
    expect(done.json).toMatchObject({ complete: true, failed: [], listing_error: null });
    const reads = h.emulatorCalls('ShowSecretEvent');
    const refused = reads.filter((c) => c.status !== 200).map((c) => eventOf(c.path));
    expect(refused).toHaveLength(1);
    expect(reads).toHaveLength(3); // the demo's three events, once each: the refused one is not read again
    const project = h.emulator.store.project(h.emulator.projectId)!;
    const expected = new Map(
      [...notifyHeld(h.emulator)].map(([secret, notify]) => [
        secret,
        project.secrets[secret]!.event_subscriptions[0] === refused[0] ? 'unknown' : notify,
      ]),
    );
    expect([...expected.values()].filter((n) => n === 'unknown').length).toBeGreaterThan(0);
    expect(notifyBySecret(done)).toEqual(expected);
    expect(h.logs.some((l) => l.includes('fleet_scan_event_unreadable'))).toBe(true);
  });

  it('reads the versions of subscribed secrets while their events are still being read', () => {
    const project = h.emulator.store.project(h.emulator.projectId)!;
    const firstAnswer = Math.min(
      ...h.emulatorCalls('ShowSecretEvent').map((c) => c.time + (c.duration_ms ?? Infinity)),
    );
    const before = h
      .emulatorCalls('ListSecretVersions')
      .filter((c) => c.time < firstAnswer)
      .map((c) => project.secrets[decodeURIComponent(c.path.split('/')[4]!)]!)
      .filter((s) => s.event_subscriptions.length > 0);
    // The events take 1.5 s each; a scan that waited for a secret's event would not have read its versions.
    expect(before.length).toBeGreaterThanOrEqual(5);
  });
});
