/**
 * `GET /api/notifications/status` over HTTP (issue 14: is the scheduler alive): before any evaluation; after
 * one queued by an admin's `POST /api/notifications/evaluate` (a rule and a webhook channel on a real receiver,
 * one version crossing 30 days before expiry: one new warning in one digest); after one that failed with an
 * error carrying credentials (none reaches the answer or the log), the last good one kept. Every role reads
 * it; support and auditors cannot queue an evaluation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotifyStatusSchema } from '@csms-console/api-contract';
import { testConfig } from '../src/config/config.js';
import { startReceiver, type Receiver } from '../src/features/notify/channels/testing.js';
import type { NotifyConfigReader } from '../src/features/notify/types.js';
import { Harness } from './harness.js';
import { DAY, keepSecrets, until } from './notify-support.js';

const STATUS = '/api/notifications/status';
const EVALUATE = '/api/notifications/evaluate';
const SIGNING_KEY = 'status-signing-key-0a1b2c3d4e5f';

let h: Harness;
let receiver: Receiver;
const cookies: Record<'admin' | 'support' | 'auditor', string> = { admin: '', support: '', auditor: '' };
/** When set, the evaluation's rule read fails with this (the BFF's own reader otherwise). */
let failWith: Error | undefined;

const reader: NotifyConfigReader = {
  rules: () => (failWith ? Promise.reject(failWith) : h.app.services.notifyConfig.rules()),
  resolveChannel: (id) => h.app.services.notifyConfig.resolveChannel(id),
};

async function status(role: keyof typeof cookies = 'admin') {
  const res = await h.request('GET', STATUS, { cookie: cookies[role] });
  expect(res.status, res.text).toBe(200);
  return NotifyStatusSchema.parse(res.json);
}

beforeAll(async () => {
  h = await Harness.start({
    config: { notify: { ...testConfig().notify, allowHosts: ['127.0.0.1'] } },
    // No cron here (a slot passing mid-test would add an evaluation); the schedule's next slot is unit-tested.
    notify: { config: reader, settings: { schedule: false, pollingIntervalSeconds: 0.5 } },
  });
  await h.user('alice', 'admin');
  await h.user('sam', 'support');
  await h.user('ada', 'auditor');
  cookies.admin = await h.login('alice');
  cookies.support = await h.login('sam');
  cookies.auditor = await h.login('ada');
  receiver = await startReceiver((_req, res) => res.writeHead(204).end());
  await keepSecrets(h.emulator, [Math.floor((Date.now() + 10 * DAY) / 60_000) * 60_000]);
  const channel = await h.request('POST', '/api/notifications/channels', {
    cookie: cookies.admin,
    body: { kind: 'webhook', name: 'hook', url: `${receiver.origin}/hook`, signing_key: SIGNING_KEY },
  });
  expect(channel.status, channel.text).toBe(201);
  const rule = await h.request('POST', '/api/notifications/rules', {
    cookie: cookies.admin,
    body: { name: 'all', accounts: '*', versions: 'current', channels: [channel.json.id], language: 'en' },
  });
  expect(rule.status, rule.text).toBe(201);
}, 60_000);

afterAll(async () => {
  await h?.close();
  await receiver?.close();
});

describe('the scheduler status', () => {
  it('before any evaluation: nothing ran, every role reads it', async () => {
    for (const role of ['admin', 'support', 'auditor'] as const) {
      expect(await status(role)).toEqual({ every_minutes: 15, last: null, last_ok_at: null, next_at: null });
    }
    const anonymous = await h.request('GET', STATUS);
    expect(anonymous.status).toBe(401);
  });

  it('support and auditors cannot queue an evaluation; nothing runs', async () => {
    for (const role of ['support', 'auditor'] as const) {
      const res = await h.request('POST', EVALUATE, { cookie: cookies[role] });
      expect(res.status, res.text).toBe(403);
      expect(res.json.error.code).toBe('forbidden');
    }
    await new Promise((r) => setTimeout(r, 1500));
    expect((await status()).last).toBeNull();
  });

  it('after an admin queues one: when it ran, what it found; every role reads the same', async () => {
    const before = h.now();
    const queued = await h.request('POST', EVALUATE, { cookie: cookies.admin });
    expect(queued.status, queued.text).toBe(202);
    expect(queued.json).toEqual({ queued: true });
    const done = await until('the queued evaluation', async () => (await status()).last ?? undefined, 45_000);
    expect(done.error).toBeNull();
    expect(done.started_at).toBeGreaterThanOrEqual(before);
    expect(done.finished_at).toBeGreaterThanOrEqual(done.started_at);
    expect({ events: done.events, deliveries: done.deliveries }).toEqual({ events: 1, deliveries: 1 });
    const answer = await status();
    expect(answer.last_ok_at).toBe(done.started_at);
    expect(await status('support')).toEqual(answer);
    expect(await status('auditor')).toEqual(answer);
    // The digest it made went out.
    await until('the digest', () => Promise.resolve(receiver.requests.length > 0 ? true : undefined));
  });

  it('after a failed one: its error without credentials, the last good one kept', async () => {
    const good = (await status()).last!;
    const { accessKey, secretKey } = h.emulator.credentials;
    failWith = new Error(
      `rules unreadable at https://ops:hunter2@db.example.com:5432/notify?sslpassword=p4ss ` +
        `(password=hunter2, key ${accessKey}/${secretKey})`,
    );
    try {
      expect((await h.request('POST', EVALUATE, { cookie: cookies.admin })).status).toBe(202);
      const failed = await until('the failed evaluation', async () => {
        const last = (await status()).last;
        return last && last.id !== good.id ? last : undefined;
      });
      expect(failed.error).toMatch(/^rules unreadable at https:\/\/db\.example\.com:5432\//);
      const answer = await status('auditor');
      expect(answer.last_ok_at).toBe(good.started_at);
      const said = JSON.stringify(answer) + h.logs.join('');
      for (const secret of ['hunter2', 'p4ss', 'ops:', accessKey, secretKey]) {
        expect(said, secret).not.toContain(secret);
      }
    } finally {
      failWith = undefined;
    }
  });
});
