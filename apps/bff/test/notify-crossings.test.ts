/**
 * Advance warnings end to end in one BFF (issue 14): channels and rules made through the HTTP API by an
 * admin, the real senders, and a real receiver per kind that checks its platform's signature itself (generic
 * webhook, Feishu, DingTalk, WeCom, Slack) plus a real SMTP server. The shared clock (BFF and emulator) is
 * moved across 30, 7 and 1 days before expiry and past it: each crossing is one digest per channel, in the
 * rule's language, under the delivery's id; evaluating again sends nothing; a version extended through the
 * API before its next threshold sends nothing more, and its new expire_time is armed again.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../src/config/config.js';
import { createSender } from '../src/features/notify/channels/index.js';
import { json, startReceiver, type Receiver } from '../src/features/notify/channels/testing.js';
import { Harness } from './harness.js';
import { DAY, keepSecrets, until } from './notify-support.js';

const SIGNING_KEY = 'crossings-signing-key-5b4a3c2d1e';
const BOT_SECRET = 'SECcrossingsBot0a9b8c';
const TOKEN = 'tokCrossings7q6w5e';
const SMTP_PASSWORD = 'smtpCrossings-1f2e3d';
const HOUR = 3_600_000;

type Kind = 'webhook' | 'feishu' | 'dingtalk' | 'wecom' | 'slack' | 'email';
interface Arrival {
  /** The signature (or token) checked as the platform checks it. */
  verified: boolean;
  /** What a reader sees (or the JSON body), for language and delivery id checks. */
  text: string;
  /** The delivery id the transport carries (webhook header, Message-ID), when it carries one. */
  deliveryId?: string;
}
const arrivals: Record<Kind, Arrival[]> = {
  webhook: [],
  feishu: [],
  dingtalk: [],
  wecom: [],
  slack: [],
  email: [],
};
const hmac = (key: string, message: string) => createHmac('sha256', key).update(message, 'utf8');

let h: Harness;
let admin: string;
const receivers: Receiver[] = [];
let smtp: SMTPServer;
let smtpPort = 0;
let tracked: Array<{ secret: string; version: string }>;
let expiry = 0;
const channelIds = new Map<Kind, string>();

/** Receivers verifying as each platform documents it (not with the senders' own signers). */
async function startReceivers() {
  const webhook = await startReceiver((req, res) => {
    const ts = String(req.headers['x-console-timestamp']);
    const expected = Buffer.from(`sha256=${hmac(SIGNING_KEY, `${ts}.${req.body}`).digest('hex')}`);
    const given = Buffer.from(String(req.headers['x-console-signature']));
    const verified = given.length === expected.length && timingSafeEqual(given, expected);
    const id = String(req.headers['x-console-delivery']);
    arrivals.webhook.push({ verified, text: req.body, deliveryId: id });
    res.writeHead(verified ? 204 : 401).end();
  });
  const feishu = await startReceiver((req, res) => {
    const body = JSON.parse(req.body) as { timestamp?: string; sign?: string };
    const expected = createHmac('sha256', `${body.timestamp}\n${BOT_SECRET}`)
      .update(Buffer.alloc(0))
      .digest('base64');
    const verified = body.sign === expected && Math.abs(Number(body.timestamp) - h.now() / 1000) < 3600;
    arrivals.feishu.push({ verified, text: req.body });
    json(
      res,
      200,
      verified ? { code: 0, msg: 'success', data: {} } : { code: 19021, msg: 'sign match fail' },
    );
  });
  const dingtalk = await startReceiver((req, res) => {
    const q = new URL(req.url, 'http://x').searchParams;
    const ts = q.get('timestamp') ?? '';
    const expected = createHmac('sha256', BOT_SECRET).update(`${ts}\n${BOT_SECRET}`).digest('base64');
    const verified =
      q.get('access_token') === TOKEN && q.get('sign') === expected && Math.abs(Number(ts) - h.now()) < HOUR;
    arrivals.dingtalk.push({ verified, text: req.body });
    json(res, 200, verified ? { errcode: 0, errmsg: 'ok' } : { errcode: 310000, errmsg: 'sign not match' });
  });
  const wecom = await startReceiver((req, res) => {
    const verified = new URL(req.url, 'http://x').searchParams.get('key') === TOKEN;
    arrivals.wecom.push({ verified, text: req.body });
    json(
      res,
      200,
      verified ? { errcode: 0, errmsg: 'ok' } : { errcode: 93000, errmsg: 'invalid webhook url' },
    );
  });
  const slack = await startReceiver((req, res) => {
    const verified = req.url === `/services/T0/B0/${TOKEN}`;
    arrivals.slack.push({ verified, text: req.body });
    res
      .writeHead(verified ? 200 : 403, { 'content-type': 'text/html' })
      .end(verified ? 'ok' : 'invalid_token');
  });
  receivers.push(webhook, feishu, dingtalk, wecom, slack);
  return { webhook, feishu, dingtalk, wecom, slack };
}

async function startSmtp() {
  smtp = new SMTPServer({
    logger: false,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === 'mailer' && auth.password === SMTP_PASSWORD)
        return callback(null, { user: 'mailer' });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const messageId = /^Message-ID:\s*<([^@>]+)@csms-console>/im.exec(raw)?.[1];
        arrivals.email.push({
          verified: session.secure && session.user === 'mailer',
          text: raw,
          ...(messageId && { deliveryId: messageId }),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
}

async function created(path: string, body: unknown): Promise<string> {
  const res = await h.request('POST', path, { cookie: admin, body });
  expect(res.status, res.text).toBe(201);
  return (res.json as { id: string }).id;
}

beforeAll(async () => {
  h = await Harness.start({
    // CSMS calls are signed on the shared clock too, else days of skew are refused as expired requests.
    transport: { runtime: { now: () => (h ? h.now() : Date.now()) } },
    config: { notify: { ...testConfig().notify, allowHosts: ['127.0.0.1'] } },
    notify: {
      // smtp-server's bundled certificate is self-signed: trusted through the test-only option.
      send: createSender({
        allowHosts: ['127.0.0.1'],
        sendTimeoutMs: 5000,
        testTls: { rejectUnauthorized: false },
      }),
      settings: { schedule: false, pollingIntervalSeconds: 0.5 },
    },
  });
  await h.user('alice', 'admin');
  admin = await h.login('alice');
  expiry = Math.floor((Date.now() + 40 * DAY) / 60_000) * 60_000;
  tracked = await keepSecrets(h.emulator, [expiry, expiry]);

  const r = await startReceivers();
  await startSmtp();
  const CH = '/api/notifications/channels';
  channelIds.set(
    'webhook',
    await created(CH, {
      kind: 'webhook',
      name: 'hook',
      url: `${r.webhook.origin}/hook`,
      signing_key: SIGNING_KEY,
    }),
  );
  channelIds.set(
    'feishu',
    await created(CH, {
      kind: 'feishu',
      name: 'feishu',
      url: `${r.feishu.origin}/open-apis/bot/v2/hook/${TOKEN}`,
      secret: BOT_SECRET,
    }),
  );
  channelIds.set(
    'dingtalk',
    await created(CH, {
      kind: 'dingtalk',
      name: 'dingtalk',
      url: `${r.dingtalk.origin}/robot/send?access_token=${TOKEN}`,
      secret: BOT_SECRET,
    }),
  );
  channelIds.set(
    'wecom',
    await created(CH, {
      kind: 'wecom',
      name: 'wecom',
      url: `${r.wecom.origin}/cgi-bin/webhook/send?key=${TOKEN}`,
    }),
  );
  channelIds.set(
    'slack',
    await created(CH, { kind: 'slack', name: 'slack', url: `${r.slack.origin}/services/T0/B0/${TOKEN}` }),
  );
  channelIds.set(
    'email',
    await created(CH, {
      kind: 'email',
      name: 'mail',
      smtp_host: '127.0.0.1',
      smtp_port: smtpPort,
      smtp_security: 'starttls',
      smtp_user: 'mailer',
      smtp_password: SMTP_PASSWORD,
      from: 'console@example.com',
      to: ['ops@example.com'],
    }),
  );
  const ids = (...kinds: Kind[]) => kinds.map((k) => channelIds.get(k)!);
  const rule = { accounts: '*', versions: 'current', lead_days: [30, 7, 1], on_expiry: true };
  await created('/api/notifications/rules', {
    ...rule,
    name: 'zh',
    language: 'zh-CN',
    time_zone: 'Asia/Shanghai',
    channels: ids('webhook', 'feishu', 'dingtalk'),
  });
  await created('/api/notifications/rules', {
    ...rule,
    name: 'en',
    language: 'en',
    channels: ids('wecom', 'slack', 'email'),
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
  await Promise.all(receivers.map((r) => r.close()));
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

const ZH: Kind[] = ['webhook', 'feishu', 'dingtalk'];
const KINDS: Kind[] = ['webhook', 'feishu', 'dingtalk', 'wecom', 'slack', 'email'];
const counts = () => Object.fromEntries(KINDS.map((k) => [k, arrivals[k].length]));

interface Delivery {
  id: string;
  channel_id: string;
  status: string;
  event_count: number;
}

/** The delivery log, newest first (one page is plenty here). */
async function deliveries(): Promise<Delivery[]> {
  const res = await h.request('GET', '/api/notifications/deliveries?limit=200', { cookie: admin });
  expect(res.status, res.text).toBe(200);
  return res.json.items as Delivery[];
}

/** Sets the shared clock to `at`, evaluates, waits for what it queued to be sent; returns the new deliveries. */
async function crossAt(at: number): Promise<{ events: number; fresh: Delivery[] }> {
  h.offsetMs = at - Date.now();
  admin = await h.login('alice'); // days have passed: the session has ended
  const before = new Set((await deliveries()).map((d) => d.id));
  const result = await h.app.services.notify.evaluateNow();
  expect(result.skipped).toEqual([]);
  const fresh = await until('the new deliveries to be sent', async () => {
    const list = (await deliveries()).filter((d) => !before.has(d.id));
    if (list.length !== result.deliveries) return undefined;
    return list.every((d) => d.status === 'sent') ? list : undefined;
  });
  // The senders have answered before a delivery is recorded as sent: each receiver has what it will get.
  return { events: result.events, fresh };
}

/** Checks one digest per channel arrived since `before`, verified, in its rule's language, under its id. */
function expectOneDigestEach(
  before: Record<string, number>,
  fresh: Delivery[],
  entries: string[],
  absent: string[],
) {
  expect(counts()).toEqual(Object.fromEntries(KINDS.map((k) => [k, before[k]! + 1])));
  expect(fresh).toHaveLength(KINDS.length);
  for (const kind of KINDS) {
    const arrival = arrivals[kind].at(-1)!;
    const delivery = fresh.find((d) => d.channel_id === channelIds.get(kind));
    expect(delivery, kind).toBeDefined();
    expect(`${kind}: ${arrival.verified}`).toBe(`${kind}: true`);
    if (kind === 'webhook' || kind === 'email') expect(arrival.deliveryId, kind).toBe(delivery!.id);
    // Every kind names its delivery (the footer; the webhook's `id`), so a reader can find it in the log.
    expect(arrival.text, kind).toContain(delivery!.id);
    const text = kind === 'email' ? decodeMail(arrival.text) : arrival.text;
    if (ZH.includes(kind)) expect(text, kind).toMatch(/过期预警|凭据版本/);
    else {
      expect(text, kind).toMatch(/expiry warning|about to expire|expired/i);
      expect(text, kind).not.toMatch(/[\u4e00-\u9fff]/);
    }
    for (const secret of entries) expect(text, `${kind} lists ${secret}`).toContain(secret);
    for (const secret of absent) expect(text, `${kind} leaves out ${secret}`).not.toContain(secret);
  }
}

/** The mail's text: quoted-printable and base64 parts decoded well enough to search for words. */
function decodeMail(raw: string): string {
  const qp = raw
    .replace(/=\r?\n/g, '')
    .replace(/(=[0-9A-F]{2})+/g, (m) => Buffer.from(m.replace(/=/g, ''), 'hex').toString('utf8'));
  const b64 = [...raw.matchAll(/\r?\n\r?\n([A-Za-z0-9+/=\r\n]{40,})/g)]
    .map((m) => Buffer.from(m[1]!.replace(/\s/g, ''), 'base64').toString('utf8'))
    .join('\n');
  return `${qp}\n${b64}`;
}

describe('advance warnings across 30, 7 and 1 days and expiry', () => {
  it('sends one verified digest per channel per crossing, in the rule language, and nothing on re-evaluation', async () => {
    const [a, b] = tracked;
    // 30 days before: both versions cross together.
    let before = counts();
    const first = await crossAt(expiry - 30 * DAY + HOUR);
    expect(first.events).toBe(2);
    expectOneDigestEach(before, first.fresh, [a!.secret, b!.secret], []);
    for (const d of first.fresh) expect(d.event_count).toBe(2);

    // Evaluating again without moving the clock finds nothing new and sends nothing.
    before = counts();
    const again = await h.app.services.notify.evaluateNow();
    expect({ events: again.events, deliveries: again.deliveries }).toEqual({ events: 0, deliveries: 0 });
    expect(counts()).toEqual(before);

    // b is extended through the API (by 100 days) before its 7-day threshold: it sends nothing more.
    const put = await h.request(
      'PUT',
      `/api/accounts/demo/secrets/${encodeURIComponent(b!.secret)}/versions/${b!.version}`,
      {
        cookie: admin,
        body: { expire_time: expiry + 100 * DAY, expected_expire_time: expiry, reason: 'CHG-14 extend' },
      },
    );
    expect(put.status, put.text).toBe(200);

    for (const lead of [7, 1, 0]) {
      before = counts();
      const step = await crossAt(expiry - lead * DAY + HOUR);
      expect(`${lead}: ${step.events}`).toBe(`${lead}: 1`);
      expectOneDigestEach(before, step.fresh, [a!.secret], [b!.secret]);
      const detail = await h.request('GET', `/api/notifications/deliveries/${step.fresh[0]!.id}`, {
        cookie: admin,
      });
      expect(detail.json.events).toMatchObject([{ secret: a!.secret, lead_days: lead, expire_time: expiry }]);
      const repeat = await h.app.services.notify.evaluateNow();
      expect(repeat.deliveries).toBe(0);
      expect(counts()).toEqual(Object.fromEntries(KINDS.map((k) => [k, before[k]! + 1])));
    }

    // b's new expire_time is armed again: its 30-day warning comes (a, expired and warned, stays quiet).
    before = counts();
    const rearmed = await crossAt(expiry + 100 * DAY - 30 * DAY + HOUR);
    expect(rearmed.events).toBe(1);
    expectOneDigestEach(before, rearmed.fresh, [b!.secret], [a!.secret]);
  }, 180_000);
});
