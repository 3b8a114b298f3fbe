/**
 * Test helper for the senders: real HTTP receivers on 127.0.0.1 that record what arrived and count
 * connections (a refusal must open none), and digests to send.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Digest, DigestEntry } from '../types.js';

export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  port: number;
  origin: string;
  requests: Received[];
  connections: () => number;
  close: () => Promise<void>;
}

/** A receiver answering each request with `answer` (which may also leave it hanging). */
export async function startReceiver(
  answer: (request: Received, response: http.ServerResponse) => void,
): Promise<Receiver> {
  const requests: Received[] = [];
  let connections = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      answer(received, res);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export const DAY_MS = 86_400_000;
export const CREATED = Date.UTC(2026, 11, 6, 0, 0);

export function entry(n: number, over: Partial<DigestEntry> = {}): DigestEntry {
  return {
    eventId: `evt-${n}`,
    account: 'prod',
    secret: `app-db-${n}`,
    version: `v${n}`,
    stages: ['SYSCURRENT'],
    expireTime: Date.UTC(2026, 11, 13, 0, 0),
    leadDays: 7,
    secretUrl: `https://console.example/secrets/prod/app-db-${n}`,
    ...over,
  };
}

export function digest(over: Partial<Digest> = {}): Digest {
  const entries = over.entries ?? [
    entry(1),
    entry(2, { leadDays: 0, expireTime: CREATED - DAY_MS, stages: ['SYSPREVIOUS', 'ROLLBACK'] }),
  ];
  return {
    deliveryId: 'dlv-01JF3Q8Z4T6N0M9V2X7C5B1A0D',
    kind: 'digest',
    language: 'en',
    timeZone: 'Asia/Shanghai',
    createdAt: CREATED,
    total: entries.length,
    boardUrl: 'https://console.example/fleet?expiring=30',
    consoleUrl: 'https://console.example/',
    ...over,
    entries,
  };
}
