/**
 * Test support for the notify engine: a real local HTTP receiver whose answers a test scripts, a test-only
 * SendDigest that POSTs the digest JSON to it (real HTTP, honouring the abort signal), a FleetSource over the
 * real fleet store, and a scan written into it. The senders (channels/) replace the SendDigest in the app.
 */
import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Rule } from '@csms-console/api-contract';
import type { FleetSecretRow, Stores } from '../../store/types.js';
import type { FleetSource } from './evaluation.service.js';
import {
  DeliveryFailure,
  type Digest,
  type NotifyConfigReader,
  type ResolvedChannel,
  type SendDigest,
} from './types.js';

export interface Received {
  deliveryId: string;
  digest: Digest;
  at: number;
}

/** What the receiver answers next: a status, or 'hang' (never answers). */
export type Answer = number | 'hang';

export class Receiver {
  readonly received: Received[] = [];
  /** Answers used in order; when empty, 200. */
  readonly script: Answer[] = [];
  #server!: Server;
  url = '';
  readonly #hanging = new Set<IncomingMessage>();

  static async start(): Promise<Receiver> {
    const r = new Receiver();
    r.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const digest = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Digest;
        r.received.push({ deliveryId: String(req.headers['x-console-delivery']), digest, at: Date.now() });
        const answer = r.script.shift() ?? 200;
        if (answer === 'hang') {
          r.#hanging.add(req);
          return;
        }
        res.statusCode = answer;
        res.end('{}');
      });
    });
    r.#server.listen(0, '127.0.0.1');
    await once(r.#server, 'listening');
    r.url = `http://127.0.0.1:${(r.#server.address() as AddressInfo).port}/hook`;
    return r;
  }

  async close(): Promise<void> {
    for (const req of this.#hanging) req.socket.destroy();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** Test-only sender: the digest as JSON to the channel's `url`, its id in `X-Console-Delivery`. */
export const postDigest: SendDigest = (channel, digest, ctx) =>
  new Promise<void>((resolve, reject) => {
    const body = JSON.stringify(digest);
    const req = request(
      channel.secrets.url!,
      {
        method: 'POST',
        signal: ctx.signal,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-console-delivery': digest.deliveryId,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new DeliveryFailure('receiver_status', `the receiver answered HTTP ${status}`));
        });
      },
    );
    req.on('error', (error) =>
      reject(
        ctx.signal.aborted
          ? (ctx.signal.reason as Error)
          : new DeliveryFailure('connect_failed', error.message),
      ),
    );
    req.end(body);
  });

/** Rules and webhook channels held in memory (the configuration store replaces it in the app). */
export class MemoryConfig implements NotifyConfigReader {
  rulesList: Rule[] = [];
  readonly channels = new Map<string, ResolvedChannel>();
  rules = () => Promise.resolve(this.rulesList);
  resolveChannel = (id: string) => Promise.resolve(this.channels.get(id));
}

let ruleSeq = 0;
export function rule(over: Partial<Rule> & Pick<Rule, 'channels'>): Rule {
  ruleSeq++;
  return {
    id: `01J0000000000000000000${String(ruleSeq).padStart(4, '0')}`,
    name: `rule ${ruleSeq}`,
    enabled: true,
    accounts: '*',
    versions: 'all',
    lead_days: [30, 7, 1],
    on_expiry: true,
    language: 'en',
    time_zone: 'UTC',
    source: 'console',
    created_at: 1,
    updated_at: 1,
    updated_by: 'test',
    ...over,
  };
}

/** Adds a webhook channel: its row in notify_channels (what the evaluation joins) and its resolved form. */
export async function addChannel(stores: Stores, config: MemoryConfig, id: string, url: string) {
  await stores.db.query(
    `INSERT INTO notify_channels (id, kind, name, target, settings, created_at, updated_at, updated_by)
     VALUES ($1, 'webhook', $2, '127.0.0.1', '{}', 1, 1, 'test') ON CONFLICT (id) DO NOTHING`,
    [id, `hook ${id.slice(-4)}`],
  );
  config.channels.set(id, {
    id,
    kind: 'webhook',
    name: `hook ${id.slice(-4)}`,
    settings: {},
    secrets: { url },
  });
}

/** Writes one complete scan of `account` into the fleet store. */
export async function writeScan(stores: Stores, account: string, rows: FleetSecretRow[], now: number) {
  const scanId = `scan-${account}-${now}-${Math.random().toString(36).slice(2, 8)}`;
  const lease = { account, scanId, owner: 'test', now, leaseMs: 60_000 };
  if (!(await stores.fleet.claim(lease))) throw new Error('scan lease taken');
  await stores.fleet.progress({ ...lease, secretsTotal: rows.length, secrets: rows });
  await stores.fleet.finish({ account, scanId, owner: 'test', now });
}

/** The evaluation's view of the fleet store (no upstream: scans are written by the test). */
export function storeFleet(stores: Stores, now: () => number): FleetSource {
  return {
    current: () => Promise.resolve(undefined),
    running: async (account) => (await stores.fleet.scans(account, now())).some((s) => s.running),
    cached: async (account) => {
      const scans = await stores.fleet.scans(account, now());
      const complete = scans.find((s) => s.finishedAt !== null && s.listError === null);
      if (!complete) return null;
      return {
        scannedAt: complete.startedAt,
        complete: true,
        rows: await stores.fleet.secrets(complete.scanId),
      };
    },
  };
}

export const secretRow = (secret: string, versions: FleetSecretRow['versions']): FleetSecretRow => ({
  secret,
  secretState: 'ENABLED',
  versions,
  error: null,
  notify: null,
});
