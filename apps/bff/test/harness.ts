/**
 * Test harness: the real BFF (`createApp`) on 127.0.0.1:0 against the real CSMS emulator (demo seed, admin
 * surface on) and a real store (PGlite in memory by default, or PostgreSQL). No mock of CSMS anywhere: the
 * emulator's request log is how a test proves what was and was not called. The clock is shared and movable
 * (BFF and emulator), every log line is captured for the credential canary, and `close()` checks that no
 * ShowSecretVersion (a value read) ever reached the emulator.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { startEmulator, type RunningEmulator, type EmulatorOptions } from '@csms-console/csms-emulator';
import type { Role } from '@csms-console/api-contract';
import { createApp, type App } from '../src/app.js';
import { answerClientErrors } from '../src/http/client-error.js';
import { akskAuth } from '../src/config/accounts.js';
import { testConfig, type Config } from '../src/config/config.js';
import { hashPassword } from '../src/features/auth/passwords.js';
import { loadNotifyKey } from '../src/features/notify/notify-key.js';
import type { NotifyWiring } from '../src/features/notify/wiring.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { openTestStores, type StoreKind, type TestStores } from '../src/store/testing.js';
import type { Stores, User } from '../src/store/types.js';
import { createUpstream } from '../src/upstream/upstream.js';
import type { Upstream } from '../src/upstream/types.js';
import type { TransportOptions } from '@csms-console/csms-client';

export const ORIGIN = 'http://console.test';
export const PASSWORD = 'correct horse battery staple 42';

export interface HarnessOptions {
  store?: StoreKind;
  config?: Partial<Config>;
  emulator?: Partial<EmulatorOptions>;
  /** Credentials the BFF uses (canary tests); default: the emulator's generated pair. */
  credentials?: { accessKey: string; secretKey: string; securityToken?: string };
  transport?: TransportOptions;
  logLevel?: string;
  /** The advance-warning engine's wiring over createApp's defaults (a sender with test TLS, fast polling). */
  notify?: NotifyWiring;
}

export interface Response {
  status: number;
  headers: Headers;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  setCookies: string[];
}

export interface RequestInit {
  body?: unknown;
  /** Raw body string; sent as is. */
  raw?: string;
  headers?: Record<string, string>;
  cookie?: string;
  /** Leave out the default X-CSRF / Origin / Content-Type headers. */
  bare?: boolean;
}

export class Harness {
  readonly logs: string[] = [];
  readonly responses: Response[] = [];
  /** Offset added to real time for the BFF and the emulator. */
  offsetMs = 0;
  /** When set, the shared clock stands still at this instant (tests of a bound to the millisecond). */
  frozenAt: number | undefined;
  readonly users = new Map<string, User>();
  #server!: Server;
  #dataDir = '';
  url = '';
  app!: App;
  upstream!: Upstream;

  private constructor(
    readonly emulator: RunningEmulator,
    readonly storeHandle: TestStores,
    readonly config: Config,
  ) {}

  get stores(): Stores {
    return this.storeHandle.stores;
  }

  now = () => this.frozenAt ?? Date.now() + this.offsetMs;

  static async start(options: HarnessOptions = {}): Promise<Harness> {
    const holder: { harness?: Harness } = {};
    const clock = () => (holder.harness ? holder.harness.now() : Date.now());
    const emulator = await startEmulator({
      seed: 'demo',
      admin: true,
      clock,
      ...(options.credentials && { credentials: [options.credentials] }),
      logger: { info: () => {}, error: () => {} },
      requestLogSize: 100_000,
      ...options.emulator,
    });
    const storeHandle = await openTestStores(options.store ?? 'pglite', { now: clock });
    const creds = options.credentials ?? emulator.credentials;
    const config = testConfig({
      publicOrigins: [ORIGIN],
      limits: { readsPerMin: 100_000, writesPerMin: 100_000, batchItemsPerMin: 100_000, anonPerMin: 100_000 },
      accounts: [
        {
          name: 'demo',
          region: emulator.region,
          projectId: emulator.projectId,
          endpoint: emulator.url,
          auth: akskAuth(creds),
        },
      ],
      ...options.config,
    });
    // As main.ts: NOTIFY_KEY, or (no DATABASE_URL) a key generated in the data directory, here a temporary one.
    const dataDir = mkdtempSync(join(tmpdir(), 'bff-harness-'));
    config.notify = { ...config.notify, key: loadNotifyKey({ ...config, dataDir }) };
    const harness = new Harness(emulator, storeHandle, config);
    harness.#dataDir = dataDir;
    holder.harness = harness;
    await harness.#listen(options);
    return harness;
  }

  async #listen(options: HarnessOptions): Promise<void> {
    const sink = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        this.logs.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger(options.logLevel ?? 'info', sink);
    const metrics = createMetrics();
    this.upstream = createUpstream({
      accounts: this.config.accounts.map((a) => ({ ...a, emulated: true })),
      settings: this.config.upstream,
      metrics,
      logger,
      now: this.now,
      transport: options.transport,
    });
    this.app = createApp({
      config: this.config,
      stores: this.stores,
      upstream: this.upstream,
      logger,
      metrics,
      now: this.now,
      lifecycle: { draining: false },
      shutdown: new AbortController().signal,
      throttle: undefined,
      ...(options.notify && { notify: options.notify }),
    });
    this.#server = this.app.app.listen(0, '127.0.0.1');
    answerClientErrors(this.#server);
    await once(this.#server, 'listening');
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** A user with the known PASSWORD (hashing is slow: one hash is reused). */
  async user(name: string, role: Role): Promise<User> {
    hashOnce ??= hashPassword(PASSWORD);
    const user = await this.stores.users.create({
      name,
      role,
      passwordHash: await hashOnce,
      now: this.now(),
    });
    this.users.set(name, user);
    return user;
  }

  async request(method: string, path: string, init: RequestInit = {}): Promise<Response> {
    const headers: Record<string, string> = init.bare ? {} : { 'x-csrf': '1', origin: ORIGIN };
    let body: string | undefined = init.raw;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      if (!init.bare) headers['content-type'] = 'application/json';
    }
    if (init.cookie) headers.cookie = init.cookie;
    Object.assign(headers, init.headers);
    const res = await fetch(this.url + path, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const response = {
      status: res.status,
      headers: res.headers,
      text,
      json,
      setCookies: res.headers.getSetCookie(),
    };
    this.responses.push(response);
    return response;
  }

  /** Signs in and returns the `cookie` header value of the new session. */
  async login(name: string, password = PASSWORD): Promise<string> {
    const res = await this.request('POST', '/bff/login', { body: { username: name, password } });
    if (res.status !== 200) throw new Error(`login ${name} answered ${res.status}: ${res.text}`);
    const cookie = res.setCookies[0]?.split(';')[0];
    if (!cookie) throw new Error('login set no cookie');
    return cookie;
  }

  /**
   * Runs the account's fleet scan to the end (asking `GET .../expiry` until it is complete), so that a test
   * which counts emulator calls per request is not met by a scan running in the background: a first
   * `GET .../expiry` starts one, and it keeps calling CSMS after its answer went out.
   */
  async fleetScanned(cookie: string, account = 'demo'): Promise<void> {
    for (let i = 0; i < 600; i++) {
      const res = await this.request('GET', `/api/accounts/${account}/expiry?within=0`, { cookie });
      if (res.status !== 200) throw new Error(`fleet view answered ${res.status}: ${res.text}`);
      if (res.json.complete === true) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the fleet scan did not complete in 60 s');
  }

  /** Requests the emulator received for `operation` (all when omitted). */
  emulatorCalls(operation?: string) {
    return this.emulator.requestLog.list(operation === undefined ? {} : { operation });
  }

  async close(): Promise<void> {
    const valueReads = this.emulatorCalls('ShowSecretVersion').length;
    this.#server.closeAllConnections();
    await new Promise((r) => this.#server.close(r));
    await this.app.services.notify.stop();
    await this.app.services.fleet.close();
    await this.upstream.close();
    await this.storeHandle.cleanup();
    await this.emulator.close();
    rmSync(this.#dataDir, { recursive: true, force: true });
    if (valueReads > 0) throw new Error(`the emulator saw ${valueReads} ShowSecretVersion calls`);
  }
}

let hashOnce: Promise<string> | undefined;
