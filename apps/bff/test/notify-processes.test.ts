/**
 * Advance warnings across real BFF processes (issue 14): `src/main.ts` children on one PostgreSQL, one CSMS
 * (the emulator, its demo project cut to versions that have crossed a threshold at real time) and real
 * receivers. (a) Two processes asked to evaluate at once, again and again: each crossing is one event, one
 * delivery per channel, one request at the receiver. (b) A BFF killed with SIGKILL while its receiver holds
 * the answer: a BFF started again on the same database delivers it once the job expires, under the same
 * delivery id, the events untouched. (c) A receiver answering 500 and then recovering: the delivery shows
 * `retrying` (API and /metrics) with growing gaps between attempts, then `sent` under one id.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Delivery, DeliveryList } from '@csms-console/api-contract';
import { silentLogger, startEmulator, type RunningEmulator } from '@csms-console/csms-emulator';
import { startBff, type BffProcess } from '@csms-console/process-kit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Received, type Receiver } from '../src/features/notify/channels/testing.js';
import { hashPassword } from '../src/features/auth/passwords.js';
import { openStores } from '../src/store/index.js';
import { storeBackends, TEST_DATABASE_URL } from '../src/store/testing.js';
import { DAY, keepSecrets, until } from './notify-support.js';
import { bffProcessEnv } from './process-env.js';

const ORIGIN = 'http://console.test';
const PASSWORD = 'correct horse battery staple 42';
const SIGNING_KEY = 'processes-signing-key-0a1b2c3d';

async function sql<T extends pg.QueryResultRow>(dbUrl: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

const count = async (dbUrl: string, from: string) =>
  Number((await sql<{ n: string }>(dbUrl, `SELECT count(*) AS n FROM ${from}`))[0]!.n);

/** One webhook request as a receiver checking the documented signature sees it. */
interface Arrival {
  at: number;
  deliveryId: string;
  verified: boolean;
}

/** Verifies `X-Console-Signature` as the webhook documents it (HMAC-SHA256 over "<timestamp>.<raw body>"). */
function arrival(req: Received): Arrival {
  const ts = String(req.headers['x-console-timestamp']);
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', SIGNING_KEY).update(`${ts}.${req.body}`, 'utf8').digest('hex')}`,
  );
  const given = Buffer.from(String(req.headers['x-console-signature']));
  return {
    at: Date.now(),
    deliveryId: String(req.headers['x-console-delivery']),
    verified: given.length === expected.length && timingSafeEqual(given, expected),
  };
}

/**
 * A database of its own, one emulator whose project has two versions 5 days from expiry (their 7-day
 * threshold is crossed now), an admin, and BFF processes started on them with `extra` settings.
 */
class World {
  readonly database = `bff_notify_${randomBytes(4).toString('hex')}`;
  readonly dirs: string[] = [];
  readonly bffs: BffProcess[] = [];
  readonly #key = randomBytes(32).toString('base64');
  dbUrl = '';
  csms!: RunningEmulator;

  constructor(private readonly extra: Record<string, string>) {}

  async open(): Promise<void> {
    await sql(TEST_DATABASE_URL, `CREATE DATABASE ${this.database}`);
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${this.database}`;
    this.dbUrl = url.toString();
    this.csms = await startEmulator({ seed: 'demo', admin: true, logger: silentLogger });
    await keepSecrets(this.csms, [Date.now() + 5 * DAY, Date.now() + 5 * DAY]);
    const stores = await openStores({ databaseUrl: this.dbUrl });
    await stores.users.create({
      name: 'alice',
      role: 'admin',
      passwordHash: await hashPassword(PASSWORD),
      now: Date.now(),
    });
    await stores.close();
  }

  /** Starts `n` BFF processes at once (each with a data directory of its own). */
  async start(n: number): Promise<BffProcess[]> {
    const started = await Promise.allSettled(
      Array.from({ length: n }, () => {
        const dataDir = mkdtempSync(join(tmpdir(), 'bff-notify-'));
        this.dirs.push(dataDir);
        const env = bffProcessEnv(
          { dataDir, origin: ORIGIN, databaseUrl: this.dbUrl, accounts: ['demo'], csms: this.csms },
          {
            RATE_READS_PER_MIN: '100000',
            RATE_WRITES_PER_MIN: '100000',
            NOTIFY_KEY: this.#key,
            NOTIFY_ALLOW_HOSTS: '127.0.0.1',
            FLEET_SCAN_MAX_AGE_S: '1',
            ...this.extra,
          },
        );
        return startBff({ env });
      }),
    );
    const ok = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    this.bffs.push(...ok);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    return ok;
  }

  async close(): Promise<void> {
    await Promise.all(this.bffs.map((p) => p.stop()));
    await this.csms?.close();
    await sql(TEST_DATABASE_URL, `DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`);
    for (const d of this.dirs) rmSync(d, { recursive: true, force: true });
  }
}

/** A signed-in admin on one BFF process (the session is in PostgreSQL: any process accepts the cookie). */
async function signIn(bff: BffProcess) {
  const res = await fetch(`${bff.url}/bff/login`, {
    method: 'POST',
    headers: { 'x-csrf': '1', origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'alice', password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}

async function call(bff: BffProcess, cookie: string, method: string, path: string, body?: unknown) {
  const res = await fetch(bff.url + path, {
    method,
    headers: {
      'x-csrf': '1',
      origin: ORIGIN,
      cookie,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** A webhook channel to `receiver` and a rule sending every current version's crossings to it. */
async function webhookRule(bff: BffProcess, cookie: string, receiver: Receiver): Promise<string> {
  const channel = await call(bff, cookie, 'POST', '/api/notifications/channels', {
    kind: 'webhook',
    name: 'hook',
    url: `${receiver.origin}/hook`,
    signing_key: SIGNING_KEY,
  });
  expect(channel.status).toBe(201);
  const rule = await call(bff, cookie, 'POST', '/api/notifications/rules', {
    name: 'all',
    accounts: '*',
    versions: 'current',
    channels: [channel.json.id],
    language: 'en',
  });
  expect(rule.status).toBe(201);
  return String(channel.json.id);
}

/** bff_notify_deliveries_failing{status="retrying"} as `bff` reports it on /metrics. */
async function failingGauge(bff: BffProcess): Promise<number> {
  const text = await (await fetch(`${bff.url}/metrics`)).text();
  const match = /^bff_notify_deliveries_failing\{status="retrying"\} (\d+)$/m.exec(text);
  return match ? Number(match[1]) : NaN;
}

/** `promise`, or a rejection naming `what` after `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface DeliveryRow {
  id: string;
  status: string;
  attempts: number;
  sent_at: string | null;
}

interface EventRow {
  id: string;
  lead_days: number;
}

const skip = !storeBackends().includes('postgres');

describe.skipIf(skip)('advance warnings: two BFF processes', () => {
  const world = new World({
    NOTIFY_RETRY_DELAY_S: '1',
    NOTIFY_SEND_TIMEOUT_MS: '3000',
    NOTIFY_DELIVERY_EXPIRE_S: '10',
  });
  let bffs: BffProcess[] = [];
  let cookies: string[] = [];
  let receiver: Receiver;

  beforeAll(async () => {
    await world.open();
    receiver = await startReceiver((_req, res) => res.writeHead(204).end());
    bffs = await world.start(2);
    cookies = await Promise.all(bffs.map(signIn));
  }, 180_000);

  afterAll(async () => {
    await world.close();
    await receiver?.close();
  }, 60_000);

  it('both evaluating at once, repeatedly: one event per crossing, one delivery and one request per channel', async () => {
    const { dbUrl } = world;
    await webhookRule(bffs[0]!, cookies[0]!, receiver);
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all(
        [0, 1, 0, 1].map((i) => call(bffs[i]!, cookies[i]!, 'POST', '/api/notifications/evaluate')),
      );
      expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202]);
    }
    await until(
      'the delivery to be sent',
      async () => {
        const rows = await sql<{ status: string }>(dbUrl, 'SELECT status FROM notify_deliveries');
        return rows.length > 0 && rows.every((r) => r.status === 'sent') ? rows : undefined;
      },
      60_000,
    );
    // Both processes keep evaluating on request; nothing new may come of it. The requested evaluations
    // must have run (the count grows past what the rounds above left), not merely have been queued.
    const before = await count(dbUrl, 'notify_evaluations');
    await Promise.all([0, 1].map((i) => call(bffs[i]!, cookies[i]!, 'POST', '/api/notifications/evaluate')));
    await until(
      'the processes to have evaluated again',
      async () => ((await count(dbUrl, 'notify_evaluations')) > before ? true : undefined),
      60_000,
    );
    const events = await sql<EventRow>(dbUrl, 'SELECT lead_days FROM notify_events');
    expect(events.map((e) => e.lead_days)).toEqual([7, 7]);
    const deliveries = await sql<DeliveryRow>(dbUrl, 'SELECT id, status FROM notify_deliveries');
    expect(deliveries).toHaveLength(1);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.headers['x-console-delivery']).toBe(deliveries[0]!.id);
  }, 120_000);
});

describe.skipIf(skip)('advance warnings: a BFF killed mid-send', () => {
  // The job's expiry is copied from the queue when the evaluation enqueues it: small from the first start.
  const world = new World({
    NOTIFY_RETRY_DELAY_S: '1',
    NOTIFY_SEND_TIMEOUT_MS: '5000',
    NOTIFY_DELIVERY_EXPIRE_S: '10',
  });
  const arrivals: Arrival[] = [];
  const held: ServerResponse[] = [];
  let victim: BffProcess | undefined;
  let receiver: Receiver;

  beforeAll(async () => {
    await world.open();
    // Holds every answer while a victim is set, and kills it the moment a POST has arrived whole: the BFF is
    // mid-send, waiting for the answer. Afterwards it answers 200 to a verified request.
    receiver = await startReceiver((req, res) => {
      const got = arrival(req);
      arrivals.push(got);
      if (victim) {
        held.push(res);
        victim.child.kill('SIGKILL');
        return;
      }
      res.writeHead(got.verified ? 200 : 401).end();
    });
  }, 180_000);

  afterAll(async () => {
    await world.close();
    await receiver?.close();
  }, 60_000);

  it('is delivered by the next BFF on the database, once, under the same delivery id', async () => {
    const { dbUrl } = world;
    const [first] = await world.start(1);
    const cookie = await signIn(first!);
    await webhookRule(first!, cookie, receiver);
    victim = first;
    expect((await call(first!, cookie, 'POST', '/api/notifications/evaluate')).status).toBe(202);
    const exit = await within(first!.exited, 60_000, 'the BFF to be killed mid-send');
    expect(exit.signal).toBe('SIGKILL');
    victim = undefined;
    expect(arrivals).toHaveLength(1);
    expect(arrivals[0]!.verified).toBe(true);
    // Killed before it could record anything about the attempt: counted, neither sent nor retrying.
    const [killed] = await sql<DeliveryRow>(
      dbUrl,
      'SELECT id, status, attempts, sent_at FROM notify_deliveries',
    );
    expect(killed).toMatchObject({
      id: arrivals[0]!.deliveryId,
      status: 'pending',
      attempts: 1,
      sent_at: null,
    });
    const events = await sql<EventRow>(dbUrl, 'SELECT id, lead_days FROM notify_events ORDER BY id');
    expect(events.map((e) => e.lead_days)).toEqual([7, 7]);

    const [second] = await world.start(1);
    const evaluations = await count(dbUrl, 'notify_evaluations');
    const cookie2 = await signIn(second!);
    expect((await call(second!, cookie2, 'POST', '/api/notifications/evaluate')).status).toBe(202);
    const sent = await until(
      'the delivery to be sent again after the job expired',
      async () => {
        const rows = await sql<DeliveryRow>(
          dbUrl,
          'SELECT id, status, attempts, sent_at FROM notify_deliveries',
        );
        return rows[0]?.status === 'sent' ? rows : undefined;
      },
      120_000,
    );
    await until(
      'the new process to have evaluated',
      async () => ((await count(dbUrl, 'notify_evaluations')) > evaluations ? true : undefined),
      60_000,
    );
    expect(sent).toEqual([{ id: killed!.id, status: 'sent', attempts: 2, sent_at: expect.any(String) }]);
    expect(arrivals).toEqual([
      { at: expect.any(Number), deliveryId: killed!.id, verified: true },
      { at: expect.any(Number), deliveryId: killed!.id, verified: true },
    ]);
    // Found expired within about 1.5 times NOTIFY_DELIVERY_EXPIRE_S (10 s), then retried after 1-2 s and
    // picked up within a polling interval (2 s): nominally under 20 s. pg-boss's job monitor at its 60 s
    // default (the engine once left it there) made it about a minute.
    expect(arrivals[1]!.at - arrivals[0]!.at).toBeLessThan(40_000);
    expect(await sql<EventRow>(dbUrl, 'SELECT id, lead_days FROM notify_events ORDER BY id')).toEqual(events);
    expect(await count(dbUrl, 'notify_deliveries')).toBe(1);
  }, 240_000);
});

describe.skipIf(skip)('advance warnings: a failing receiver through a BFF process', () => {
  const FAILURES = 4;
  const world = new World({ NOTIFY_RETRY_DELAY_S: '1', NOTIFY_SEND_TIMEOUT_MS: '3000' });
  const arrivals: Arrival[] = [];
  let receiver: Receiver;
  let bff: BffProcess;
  let cookie = '';

  beforeAll(async () => {
    await world.open();
    // 500 to the first FAILURES requests, then 200 to every verified one.
    receiver = await startReceiver((req, res) => {
      const got = arrival(req);
      arrivals.push(got);
      res.writeHead(!got.verified ? 401 : arrivals.length <= FAILURES ? 500 : 200).end();
    });
    [bff] = (await world.start(1)) as [BffProcess];
    cookie = await signIn(bff);
  }, 180_000);

  afterAll(async () => {
    await world.close();
    await receiver?.close();
  }, 60_000);

  const deliveries = async () => {
    const res = await call(bff, cookie, 'GET', '/api/notifications/deliveries');
    expect(res.status).toBe(200);
    return (res.json as unknown as DeliveryList).items;
  };

  it('retries with backoff under one id, shown as retrying on the API and /metrics, then sent', async () => {
    await webhookRule(bff, cookie, receiver);
    expect((await call(bff, cookie, 'POST', '/api/notifications/evaluate')).status).toBe(202);
    const retrying = await until(
      'the delivery to be retrying',
      async () => {
        const items = await deliveries();
        return items.length === 1 && items[0]!.status === 'retrying' ? items[0]! : undefined;
      },
      60_000,
    );
    expect(retrying.error?.code).toBe('receiver_status');
    expect(retrying.sent_at).toBeNull();
    expect(retrying.next_attempt_at).toBeGreaterThan(retrying.last_attempt_at!);
    await until('the failing gauge to count it', async () =>
      (await failingGauge(bff)) >= 1 ? true : undefined,
    );

    const sent = await until(
      'the delivery to be sent after the receiver recovered',
      async () => {
        const items = await deliveries();
        return items[0]?.status === 'sent' ? items[0] : undefined;
      },
      120_000,
    );
    expect(sent).toMatchObject<Partial<Delivery>>({
      id: retrying.id,
      attempts: FAILURES + 1,
      error: null,
      next_attempt_at: null,
    });
    expect(arrivals).toHaveLength(FAILURES + 1);
    for (const a of arrivals) expect(a).toMatchObject({ deliveryId: retrying.id, verified: true });
    // pg-boss waits retry_delay * 2^n * (1 + random) before retry n+1: at least 1, 2, 4, 8 s here.
    const gaps = arrivals.slice(1).map((a, i) => a.at - arrivals[i]!.at);
    gaps.forEach((gap, n) => expect(gap).toBeGreaterThanOrEqual(1000 * 2 ** n - 250));
    expect(gaps[FAILURES - 1]!).toBeGreaterThan(gaps[0]!);
    await until('the failing gauge to drop back', async () =>
      (await failingGauge(bff)) === 0 ? true : undefined,
    );
  }, 180_000);
});
