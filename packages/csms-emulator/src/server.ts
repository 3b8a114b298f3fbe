/**
 * `startEmulator(options)`: a local Huawei Cloud CSMS on node:http, bound to loopback. Resolves once it
 * listens, with everything a test or a dev server needs to call it (endpoint, project, AK/SK, IAM user) and
 * the handles to steer it in-process (clock, faults, request log, reset).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { resetApp } from './app.js';
import type { IdentityRegistry } from './auth/identity.js';
import { createApp } from './bootstrap.js';
import type { EmulatorClock } from './clock.js';
import type { FaultRegistry } from './faults.js';
import { JSON_CONTENT_TYPE } from './http/exchange.js';
import { createRequestHandler } from './http/handler.js';
import { EmulatorOptionsSchema, isLoopback, type EmulatorOptions } from './options.js';
import type { RequestLog } from './request-log.js';
import type { AccessKeyCredential } from './store/model.js';
import { describeIssues } from './store/schema.js';
import type { Store } from './store/store.js';

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>`: the CSMS endpoint, and IAM's (`POST {url}/v3/auth/tokens`). */
  url: string;
  host: string;
  port: number;
  region: string;
  projectId: string;
  /** The first AK/SK pair (with its security token, if temporary). */
  credentials: AccessKeyCredential;
  /** The first IAM user, for password tokens scoped to `projectId` (or to the project named `region`). */
  iam: { url: string; domain: string; user: string; password: string };
  persistent: boolean;
  /** The emulator's clock: `now()`, `set(ms)`, `advance(ms)`, `freeze()`, `reset()`. */
  clock: EmulatorClock;
  faults: FaultRegistry;
  requestLog: RequestLog;
  identity: IdentityRegistry;
  store: Store;
  /** Re-seeds the main project (default: the start seed) and clears faults, the request log and the clock offset. */
  reset(seed?: string): void;
  close(): Promise<void>;
}

/** How long an idle keep-alive connection stays open (announced as `Keep-Alive: timeout=65`). */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const body = JSON.stringify({
    error_code: 'APIGW.0201',
    error_msg: tooLarge ? 'Request headers too large' : 'API request error',
  });
  socket.end(
    `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\n` +
      `x-request-id: ${randomBytes(16).toString('hex')}\r\ncontent-type: ${JSON_CONTENT_TYPE}\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startEmulator(input: EmulatorOptions = {}): Promise<RunningEmulator> {
  const parsed = EmulatorOptionsSchema.safeParse(input);
  if (!parsed.success) throw new Error(`startEmulator: ${describeIssues(parsed.error)}`);
  const options = parsed.data;
  if (!isLoopback(options.host) && !options.allowNonLoopback)
    throw new Error(
      `startEmulator: refusing to bind ${options.host}; set allowNonLoopback to expose the emulator`,
    );

  let url = '';
  const app = createApp(options, () => url);
  const server = createServer(createRequestHandler(app));
  // Idle keep-alive connections stay open about as long as a real API gateway keeps them (~60 s), longer than
  // a client keeps an idle socket; with Node's 5 s default a client reusing one at ~5 s met ECONNRESET.
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  server.on('clientError', answerClientError);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  let address: AddressInfo;
  try {
    address = await listen(server, options.port, options.host);
  } catch (error) {
    app.store.close();
    throw error;
  }
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${hostForUrl}:${address.port}`;
  const ticker = setInterval(() => {
    try {
      app.scheduler.check();
    } catch (error) {
      app.logger.error('expiry processing failed', error);
    }
  }, 1000);
  ticker.unref();

  const first = app.identity.listUsers()[0]!;
  let closing: Promise<void> | undefined;
  return {
    url,
    host: address.address,
    port: address.port,
    region: app.region,
    projectId: app.projectId,
    credentials: app.identity.listCredentials()[0]!,
    iam: { url, domain: first.domain, user: first.user, password: first.password },
    persistent: app.store.persistent,
    clock: app.clock,
    faults: app.faults,
    requestLog: app.requestLog,
    identity: app.identity,
    store: app.store,
    reset(seed) {
      resetApp(app, seed);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(ticker);
        for (const timer of app.timers) clearTimeout(timer);
        app.timers.clear();
        server.close(() => {
          app.store.close();
          resolve();
        });
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
