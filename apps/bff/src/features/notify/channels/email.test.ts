/**
 * Email against a real SMTP server (smtp-server) on 127.0.0.1: STARTTLS with smtp-server's bundled
 * self-signed certificate (trusted only through the explicit test option), implicit TLS, AUTH, refusals.
 */
import net, { type AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryFailure, type ResolvedChannel, type SendContext } from '../types.js';
import { createSender } from './index.js';
import { digest } from './testing.js';

const PASSWORD = 'smtpPassCanary-8d7c6b5a';
const ctx = (): SendContext => ({ signal: new AbortController().signal, now: () => Date.now() });

interface Mail {
  raw: string;
  from: string;
  to: string[];
  secure: boolean;
}
interface Server {
  port: number;
  mails: Mail[];
  auths: number;
  connections: () => number;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function smtp(options: Partial<SMTPServerOptions> = {}): Promise<Server> {
  const state: Server = { port: 0, mails: [], auths: 0, connections: () => connections };
  let connections = 0;
  const server = new SMTPServer({
    logger: false,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      state.auths++;
      if (auth.username === 'mailer' && auth.password === PASSWORD) return callback(null, { user: 'mailer' });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('nobody@')) {
        return callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        state.mails.push({
          raw: Buffer.concat(chunks).toString('utf8'),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          secure: session.secure,
        });
        callback();
      });
    },
    ...options,
  });
  server.server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.server.address() as AddressInfo).port;
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return state;
}

function channel(
  port: number,
  over: Partial<ResolvedChannel['settings']> = {},
  password = PASSWORD,
): ResolvedChannel {
  return {
    id: '01JF3Q8Z4T6N0M9V2X7C5B1A0E',
    kind: 'email',
    name: 'ops-mail',
    settings: {
      smtp_host: '127.0.0.1',
      smtp_port: port,
      smtp_security: 'starttls',
      smtp_user: 'mailer',
      from: 'console@example.com',
      to: ['ops@example.com', 'oncall@example.com'],
      ...over,
    },
    secrets: { smtp_password: password },
  };
}

const trusting = createSender({
  allowHosts: ['127.0.0.1'],
  sendTimeoutMs: 3000,
  testTls: { rejectUnauthorized: false },
});

async function failure(promise: Promise<unknown>): Promise<DeliveryFailure> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryFailure);
  expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain(PASSWORD);
  return error as DeliveryFailure;
}

/** Header value with RFC 2047 encoded words decoded (adjacent words joined before UTF-8 decoding). */
function header(raw: string, name: string): string {
  const head = raw.split('\r\n\r\n')[0]!.replace(/\r\n[ \t]+/g, ' ');
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`)) ?? '';
  const value = line.slice(name.length + 1).trim();
  return value.replace(/(=\?utf-8\?[bq]\?[^?]*\?=\s*)+/gi, (run) => {
    const bytes = [...run.matchAll(/=\?utf-8\?([bq])\?([^?]*)\?=/gi)].map(([, enc, text]) =>
      enc!.toLowerCase() === 'b' ? Buffer.from(text!, 'base64') : qp(text!.replace(/_/g, ' ')),
    );
    return Buffer.concat(bytes).toString('utf8');
  });
}

function qp(text: string): Buffer {
  const out: number[] = [];
  const s = text.replace(/=\r\n/g, '');
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '=' && /^[0-9A-F]{2}$/i.test(s.slice(i + 1, i + 3))) {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(...Buffer.from(s[i]!, 'utf8'));
  }
  return Buffer.from(out);
}

/** The decoded body of the part with this content type. */
function part(raw: string, type: 'text/plain' | 'text/html'): string {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)![1]!;
  const chunk = raw.split(`--${boundary}`).find((p) => new RegExp(`content-type: ${type}`, 'i').test(p))!;
  const [head, ...body] = chunk.replace(/^\r\n/, '').split('\r\n\r\n');
  const text = body.join('\r\n\r\n');
  if (/content-transfer-encoding: base64/i.test(head!))
    return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding: quoted-printable/i.test(head!)) return qp(text).toString('utf8');
  return text;
}

describe('email over STARTTLS with AUTH', () => {
  it('delivers one mail to every recipient, in Chinese, with a stable Message-ID', async () => {
    const s = await smtp();
    await trusting(channel(s.port), digest({ language: 'zh-CN' }), ctx());
    expect(s.mails).toHaveLength(1);
    const [mail] = s.mails;
    expect(mail!.secure).toBe(true);
    expect(mail!.from).toBe('console@example.com');
    expect(mail!.to).toEqual(['ops@example.com', 'oncall@example.com']);
    expect(header(mail!.raw, 'Subject')).toBe('CSMS 过期预警：2 个凭据版本需要处理');
    expect(header(mail!.raw, 'Message-ID')).toBe('<dlv-01JF3Q8Z4T6N0M9V2X7C5B1A0D@csms-console>');
    const text = part(mail!.raw, 'text/plain');
    expect(text).toContain('7 天后过期');
    expect(text).toContain('已过期');
    expect(text).toContain('https://console.example/secrets/prod/app-db-1');
    const html = part(mail!.raw, 'text/html');
    expect(html).toContain('<a href="https://console.example/fleet?expiring=30">打开到期总览</a>');
  });

  it('escapes HTML in names', async () => {
    const s = await smtp();
    const d = digest();
    const evil = { ...d.entries[0]!, secret: '<img src=x onerror=alert(1)>' };
    await trusting(channel(s.port), { ...d, entries: [evil], total: 1 }, ctx());
    const html = part(s.mails[0]!.raw, 'text/html');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(header(s.mails[0]!.raw, 'Subject')).toBe('CSMS expiry warning: 1 secret version needs attention');
  });

  it('a wrong password is smtp_auth, not retried', async () => {
    const s = await smtp();
    const f = await failure(trusting(channel(s.port, {}, `${PASSWORD}-wrong`), digest(), ctx()));
    expect(f.code).toBe('smtp_auth');
    expect(f.retryable).toBe(false);
    expect(s.mails).toHaveLength(0);
  });

  it('a refused recipient is smtp_refused', async () => {
    const s = await smtp();
    const f = await failure(trusting(channel(s.port, { to: ['nobody@example.com'] }), digest(), ctx()));
    expect(f.code).toBe('smtp_refused');
    expect(f.message).toContain('550');
    expect(s.mails).toHaveLength(0);
  });

  it('starttls against a server without STARTTLS is refused, nothing sent in clear', async () => {
    const s = await smtp({ disabledCommands: ['STARTTLS'], allowInsecureAuth: true });
    const f = await failure(trusting(channel(s.port), digest(), ctx()));
    expect(f.code).toBe('tls_failed');
    expect(s.auths).toBe(0);
    expect(s.mails).toHaveLength(0);
  });

  it('without the test option a self-signed certificate is refused (production default)', async () => {
    const s = await smtp();
    const strictTls = createSender({ allowHosts: ['127.0.0.1'], sendTimeoutMs: 3000 });
    const f = await failure(strictTls(channel(s.port), digest(), ctx()));
    expect(f.code).toBe('tls_failed');
    expect(s.auths).toBe(0);
    expect(s.mails).toHaveLength(0);
  });
});

describe('email over implicit TLS', () => {
  it('delivers in English', async () => {
    const s = await smtp({ secure: true });
    await trusting(
      channel(s.port, { smtp_security: 'tls' }),
      digest({ kind: 'test', entries: [], total: 0 }),
      ctx(),
    );
    expect(s.mails[0]!.secure).toBe(true);
    expect(header(s.mails[0]!.raw, 'Subject')).toBe('CSMS console: test message');
    expect(part(s.mails[0]!.raw, 'text/plain')).toContain('ops-mail');
  });
});

describe('email refusals and time limits', () => {
  it('an SMTP host not allow-listed on a loopback address is address_refused without connecting', async () => {
    const s = await smtp();
    const strict = createSender({
      allowHosts: [],
      sendTimeoutMs: 3000,
      testTls: { rejectUnauthorized: false },
    });
    for (const host of ['127.0.0.1', 'localhost']) {
      const f = await failure(strict(channel(s.port, { smtp_host: host }), digest(), ctx()));
      expect(f.code).toBe('address_refused');
    }
    expect(s.connections()).toBe(0);
  });

  it('a server that never greets is a timeout', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => silent.close(() => resolve())));
    const sockets: net.Socket[] = [];
    silent.on('connection', (socket) => sockets.push(socket));
    closers.unshift(() => {
      sockets.forEach((socket) => socket.destroy());
      return Promise.resolve();
    });
    const quick = createSender({
      allowHosts: ['127.0.0.1'],
      sendTimeoutMs: 400,
      testTls: { rejectUnauthorized: false },
    });
    const started = Date.now();
    const f = await failure(quick(channel((silent.address() as AddressInfo).port), digest(), ctx()));
    expect(f.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
