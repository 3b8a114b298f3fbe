/**
 * The webhook kinds against real receivers on 127.0.0.1 that verify signatures as each platform documents
 * them (computed here from the documented algorithm, not with the senders' signers) and answer as the
 * platforms do.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelKind } from '@csms-console/api-contract';
import { DeliveryFailure, MAX_DIGEST_ENTRIES, type ResolvedChannel, type SendContext } from '../types.js';
import { checkChannelTarget, createSender } from './index.js';
import { digest, entry, json, startReceiver, type Receiver } from './testing.js';

const TOKEN = 'tok3nCanary9q8w7e';
const KEY = 'signingKeyCanary-5f1e2d3c4b';
const BOT_SECRET = 'SECbotCanary0a9b8c7d';
const NOW = Date.UTC(2026, 11, 6, 1, 2, 3);
const ctx = (): SendContext => ({ signal: new AbortController().signal, now: () => NOW });

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
}

const send = createSender({ allowHosts: ['127.0.0.1'], sendTimeoutMs: 2000 });
function channel(kind: ChannelKind, secrets: Record<string, string | null>): ResolvedChannel {
  return { id: '01JF3Q8Z4T6N0M9V2X7C5B1A0C', kind, name: 'ops-room', settings: {}, secrets };
}

/** The failure `promise` rejects with, checked to carry no credential in its text. */
async function failure(promise: Promise<unknown>): Promise<DeliveryFailure> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryFailure);
  const text = `${String(error)} ${(error as Error).message} ${JSON.stringify(error)}`;
  for (const canary of [TOKEN, KEY, BOT_SECRET, '/hook', 'access_token']) expect(text).not.toContain(canary);
  return error as DeliveryFailure;
}

const hmac = (key: string, message: string) => createHmac('sha256', key).update(message, 'utf8');

describe('generic webhook', () => {
  it('POSTs the digest as JSON, signed over "<timestamp>.<body>", with the delivery id on every retry', async () => {
    const r = await receiver((req, res) => {
      const ts = String(req.headers['x-console-timestamp']);
      const expected = Buffer.from(`sha256=${hmac(KEY, `${ts}.${req.body}`).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-console-signature']));
      const ok = given.length === expected.length && timingSafeEqual(given, expected);
      res.writeHead(ok ? 204 : 401).end();
    });
    const c = channel('webhook', { url: `${r.origin}/hook/${TOKEN}`, signing_key: KEY });
    await send(c, digest({ language: 'zh-CN' }), ctx());
    await send(c, digest({ language: 'zh-CN' }), ctx());
    expect(r.requests).toHaveLength(2);
    const [first, second] = r.requests;
    expect(first!.url).toBe(`/hook/${TOKEN}`);
    expect(first!.headers['content-type']).toMatch(/^application\/json/);
    expect(first!.headers['x-console-delivery']).toBe('dlv-01JF3Q8Z4T6N0M9V2X7C5B1A0D');
    expect(second!.headers['x-console-delivery']).toBe(first!.headers['x-console-delivery']);
    expect(first!.headers['x-console-timestamp']).toBe(String(Math.floor(NOW / 1000)));
    const body = JSON.parse(first!.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      id: 'dlv-01JF3Q8Z4T6N0M9V2X7C5B1A0D',
      kind: 'digest',
      language: 'zh-CN',
      total: 2,
      board_url: 'https://console.example/fleet?expiring=30',
      subject: 'CSMS 过期预警：2 个凭据版本需要处理',
    });
    expect((body.events as unknown[])[1]).toEqual({
      id: 'evt-2',
      account: 'prod',
      secret: 'app-db-2',
      version: 'v2',
      stages: ['SYSPREVIOUS', 'ROLLBACK'],
      expire_time: Date.UTC(2026, 11, 5, 0, 0),
      lead_days: 0,
      secret_url: 'https://console.example/secrets/prod/app-db-2',
    });
  });

  it('a receiver refusing a wrong key (401) is receiver_status', async () => {
    const r = await receiver((req, res) => {
      const ts = String(req.headers['x-console-timestamp']);
      const ok =
        req.headers['x-console-signature'] === `sha256=${hmac(KEY, `${ts}.${req.body}`).digest('hex')}`;
      res.writeHead(ok ? 200 : 401).end('bad signature');
    });
    const c = channel('webhook', { url: `${r.origin}/hook/${TOKEN}`, signing_key: `${KEY}-wrong` });
    const f = await failure(send(c, digest(), ctx()));
    expect(f.code).toBe('receiver_status');
    expect(f.message).toContain('401');
  });
});

describe('Feishu custom bot', () => {
  const feishu = () =>
    receiver((req, res) => {
      const body = JSON.parse(req.body) as { timestamp?: string; sign?: string };
      if (body.sign === undefined) return json(res, 200, { code: 0, msg: 'success', data: {} });
      // open.feishu.cn: HmacSHA256 keyed with "timestamp\nsecret" over an empty message, base64
      const expected = createHmac('sha256', `${body.timestamp}\n${BOT_SECRET}`)
        .update(Buffer.alloc(0))
        .digest('base64');
      const fresh = Math.abs(Number(body.timestamp) - NOW / 1000) < 3600;
      if (body.sign !== expected || !fresh)
        return json(res, 200, {
          code: 19021,
          msg: 'sign match fail or timestamp is not within one hour from current time',
          data: {},
        });
      json(res, 200, { code: 0, msg: 'success', data: {} });
    });

  it('sends a signed post in Chinese', async () => {
    const r = await feishu();
    await send(
      channel('feishu', { url: `${r.origin}/open-apis/bot/v2/hook/${TOKEN}`, secret: BOT_SECRET }),
      digest({ language: 'zh-CN' }),
      ctx(),
    );
    const body = JSON.parse(r.requests[0]!.body) as {
      msg_type: string;
      timestamp: string;
      content: { post: Record<string, { title: string }> };
    };
    expect(body.msg_type).toBe('post');
    expect(body.timestamp).toBe(String(Math.floor(NOW / 1000)));
    expect(body.content.post.zh_cn!.title).toBe('CSMS 过期预警：2 个凭据版本需要处理');
    expect(r.requests[0]!.body).toContain('7 天后过期');
    expect(r.requests[0]!.body).toContain('已过期');
  });

  it('sends unsigned when the bot has no secret', async () => {
    const r = await feishu();
    await send(
      channel('feishu', { url: `${r.origin}/open-apis/bot/v2/hook/${TOKEN}`, secret: null }),
      digest(),
      ctx(),
    );
    expect(JSON.parse(r.requests[0]!.body)).not.toHaveProperty('sign');
  });

  it('a wrong secret: Feishu answers 200 with code 19021 -> receiver_rejected, not retried', async () => {
    const r = await feishu();
    const f = await failure(
      send(
        channel('feishu', { url: `${r.origin}/open-apis/bot/v2/hook/${TOKEN}`, secret: 'wrong-secret' }),
        digest(),
        ctx(),
      ),
    );
    expect(f.code).toBe('receiver_rejected');
    expect(f.message).toContain('19021');
    expect(f.message).toContain('sign match fail');
    expect(f.retryable).toBe(false);
  });
});

describe('DingTalk custom robot', () => {
  const dingtalk = () =>
    receiver((req, res) => {
      const q = new URL(req.url, 'http://x').searchParams;
      if (q.get('access_token') !== TOKEN)
        return json(res, 200, { errcode: 300001, errmsg: 'token is not exist' });
      // open.dingtalk.com: HmacSHA256 keyed with the secret over "timestamp\nsecret", base64, URL-encoded
      const ts = q.get('timestamp') ?? '';
      const expected = createHmac('sha256', BOT_SECRET).update(`${ts}\n${BOT_SECRET}`).digest('base64');
      if (q.get('sign') !== expected || Math.abs(Number(ts) - NOW) > 3_600_000)
        return json(res, 200, {
          errcode: 310000,
          errmsg: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]',
        });
      json(res, 200, { errcode: 0, errmsg: 'ok' });
    });

  it('sends signed markdown in Chinese', async () => {
    const r = await dingtalk();
    await send(
      channel('dingtalk', { url: `${r.origin}/robot/send?access_token=${TOKEN}`, secret: BOT_SECRET }),
      digest({ language: 'zh-CN' }),
      ctx(),
    );
    expect(r.requests[0]!.url).toMatch(/[?&]sign=[^&]*%2B|[?&]sign=[^&]*%2F|[?&]sign=[^&]*%3D/);
    const body = JSON.parse(r.requests[0]!.body) as {
      msgtype: string;
      markdown: { title: string; text: string };
    };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toBe('CSMS 过期预警：2 个凭据版本需要处理');
    expect(body.markdown.text).toContain('7 天后过期');
    expect(body.markdown.text).toContain('[app-db-1 · v1](https://console.example/secrets/prod/app-db-1)');
    expect(body.markdown.text).toContain('[打开到期总览](https://console.example/fleet?expiring=30)');
  });

  it('a wrong secret: errcode 310000 -> receiver_rejected, not retried', async () => {
    const r = await dingtalk();
    const f = await failure(
      send(
        channel('dingtalk', { url: `${r.origin}/robot/send?access_token=${TOKEN}`, secret: 'wrong' }),
        digest(),
        ctx(),
      ),
    );
    expect(f.code).toBe('receiver_rejected');
    expect(f.message).toContain('310000');
    expect(f.retryable).toBe(false);
  });
});

describe('WeCom group robot', () => {
  it('sends markdown of at most 4096 bytes, cutting entries and counting them', async () => {
    const r = await receiver((req, res) => {
      const q = new URL(req.url, 'http://x').searchParams;
      const { markdown } = JSON.parse(req.body) as { markdown: { content: string } };
      if (q.get('key') !== TOKEN) return json(res, 200, { errcode: 93000, errmsg: 'invalid webhook url' });
      if (Buffer.byteLength(markdown.content) > 4096)
        return json(res, 200, { errcode: 40058, errmsg: 'markdown.content exceed max length 4096' });
      json(res, 200, { errcode: 0, errmsg: 'ok' });
    });
    const entries = Array.from({ length: MAX_DIGEST_ENTRIES }, (_, i) =>
      entry(i, { secret: `payments-service-database-credentials-${i}` }),
    );
    await send(
      channel('wecom', { url: `${r.origin}/cgi-bin/webhook/send?key=${TOKEN}` }),
      digest({ language: 'zh-CN', entries, total: 40 }),
      ctx(),
    );
    const { markdown } = JSON.parse(r.requests[0]!.body) as { markdown: { content: string } };
    expect(Buffer.byteLength(markdown.content)).toBeLessThanOrEqual(4096);
    const listed = (markdown.content.match(/payments-service-database-credentials-/g) ?? []).length;
    expect(listed).toBeGreaterThan(3);
    expect(listed).toBeLessThan(MAX_DIGEST_ENTRIES);
    expect(markdown.content).toContain(`另有 ${40 - listed} 个版本`);
    expect(markdown.content).toContain('(https://console.example/fleet?expiring=30)');
  });

  it('an errcode is receiver_rejected', async () => {
    const r = await receiver((_req, res) =>
      json(res, 200, { errcode: 93000, errmsg: 'invalid webhook url' }),
    );
    const f = await failure(
      send(channel('wecom', { url: `${r.origin}/cgi-bin/webhook/send?key=${TOKEN}` }), digest(), ctx()),
    );
    expect(f.code).toBe('receiver_rejected');
    expect(f.message).toContain('93000');
  });
});

describe('Slack incoming webhook', () => {
  it('sends text and blocks; Slack answers "ok"', async () => {
    const r = await receiver((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('ok'));
    await send(channel('slack', { url: `${r.origin}/services/T0/B0/${TOKEN}` }), digest(), ctx());
    const body = JSON.parse(r.requests[0]!.body) as { text: string; blocks: { type: string }[] };
    expect(body.text).toContain('CSMS expiry warning: 2 secret versions need attention');
    expect(body.blocks[0]!.type).toBe('header');
    expect(r.requests[0]!.body).toContain('<https://console.example/secrets/prod/app-db-1|app-db-1 · v1>');
  });

  it('a 400 invalid_payload is receiver_status naming the word', async () => {
    const r = await receiver((_req, res) => res.writeHead(400).end('invalid_payload'));
    const f = await failure(
      send(channel('slack', { url: `${r.origin}/services/T0/B0/${TOKEN}` }), digest(), ctx()),
    );
    expect(f.code).toBe('receiver_status');
    expect(f.message).toContain('400');
    expect(f.message).toContain('invalid_payload');
  });
});

describe('receiver failures', () => {
  const hook = (r: Receiver) =>
    channel('webhook', { url: `${r.origin}/hook/${TOKEN}?access_token=${TOKEN}`, signing_key: KEY });

  it.each([500, 404])('HTTP %i is receiver_status', async (status) => {
    const r = await receiver((_req, res) => res.writeHead(status).end(TOKEN));
    const f = await failure(send(hook(r), digest(), ctx()));
    expect(f.code).toBe('receiver_status');
    expect(f.message).toContain(String(status));
    expect(f.retryable).toBe(status === 500);
  });

  it('a receiver that never answers is a timeout within the configured time', async () => {
    const r = await receiver(() => undefined);
    const quick = createSender({ allowHosts: ['127.0.0.1'], sendTimeoutMs: 300 });
    const started = Date.now();
    const f = await failure(quick(hook(r), digest(), ctx()));
    expect(f.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('an aborted attempt stops at once', async () => {
    const r = await receiver(() => undefined);
    const controller = new AbortController();
    const pending = send(hook(r), digest(), { signal: controller.signal, now: () => NOW });
    setTimeout(() => controller.abort(), 50);
    expect((await failure(pending)).code).toBe('timeout');
  });

  it('a redirect is refused, not followed', async () => {
    const elsewhere = await receiver((_req, res) => res.writeHead(200).end());
    const r = await receiver((_req, res) =>
      res.writeHead(302, { location: `${elsewhere.origin}/steal` }).end(),
    );
    const f = await failure(send(hook(r), digest(), ctx()));
    expect(f.code).toBe('redirect_refused');
    expect(elsewhere.connections()).toBe(0);
  });

  it('a closed port is connect_failed', async () => {
    const r = await receiver(() => undefined);
    const url = `${r.origin}/hook/${TOKEN}`;
    await r.close();
    const f = await failure(send(channel('slack', { url }), digest(), ctx()));
    expect(f.code).toBe('connect_failed');
  });
});

describe('refusals before any connection', () => {
  const strict = createSender({ allowHosts: [], sendTimeoutMs: 2000 });

  it('http to a host not allow-listed is scheme_refused', async () => {
    const r = await receiver((_req, res) => res.end('ok'));
    const f = await failure(
      strict(channel('slack', { url: `${r.origin}/services/${TOKEN}` }), digest(), ctx()),
    );
    expect(f.code).toBe('scheme_refused');
    expect(f.retryable).toBe(false);
    expect(r.connections()).toBe(0);
  });

  it.each(['127.0.0.1:PORT', 'localhost:PORT', '[::1]:PORT', '169.254.169.254', '10.0.0.1'])(
    'https://%s not allow-listed is address_refused',
    async (authority) => {
      const r = await receiver((_req, res) => res.end('ok'));
      const url = `https://${authority.replace('PORT', String(r.port))}/hook/${TOKEN}?access_token=${TOKEN}`;
      for (const kind of ['webhook', 'feishu', 'dingtalk', 'wecom', 'slack'] as const) {
        const f = await failure(
          strict(channel(kind, { url, signing_key: KEY, secret: BOT_SECRET }), digest(), ctx()),
        );
        expect(f.code).toBe('address_refused');
        expect(f.retryable).toBe(false);
      }
      expect(r.connections()).toBe(0);
    },
  );
});

describe('checkChannelTarget (save time)', () => {
  it('refuses what a send would refuse, and passes an allow-listed receiver', async () => {
    const refused = (p: Promise<void>) => failure(p).then((f) => f.code);
    expect(await refused(checkChannelTarget('slack', { url: `http://127.0.0.1/${TOKEN}` }, []))).toBe(
      'scheme_refused',
    );
    expect(await refused(checkChannelTarget('feishu', { url: `https://10.0.0.1/${TOKEN}` }, []))).toBe(
      'address_refused',
    );
    expect(await refused(checkChannelTarget('email', { smtp_host: 'localhost', smtp_port: 587 }, []))).toBe(
      'address_refused',
    );
    await checkChannelTarget('webhook', { url: `http://127.0.0.1:8080/hook/${TOKEN}` }, ['127.0.0.1']);
    await checkChannelTarget('email', { smtp_host: '127.0.0.1', smtp_port: 587 }, ['127.0.0.1:587']);
    await checkChannelTarget('wecom', {}, []); // a PUT keeping the stored URL
  });
});
