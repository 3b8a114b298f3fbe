/**
 * Shared fixtures for the upstream tests: the real CSMS emulator on 127.0.0.1:0, account configs pointing
 * at it, fast transport settings, a pino logger that keeps its lines, and an `Upstream` built from them.
 */
import type { TransportOptions } from '@csms-console/csms-client';
import {
  silentLogger,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from '@csms-console/csms-emulator';
import { pino, type Logger } from 'pino';
import { testConfig, type Config } from '../config/config.js';
import { Secret } from '../config/secret.js';
import { createMetrics, type Metrics } from '../metrics.js';
import type { UpstreamAccountConfig } from './accounts.js';
import { createUpstream, type CreateUpstreamOptions } from './upstream.js';
import type { Upstream } from './types.js';
import { AppError } from '../errors.js';

/** Short timeouts and tiny backoffs so that every scenario ends in well under a second or two. */
export const FAST_TRANSPORT: TransportOptions = {
  connectTimeoutMs: 500,
  readAttemptTimeoutMs: 300,
  writeAttemptTimeoutMs: 300,
  readDeadlineMs: 1000,
  writeDeadlineMs: 1000,
  minAttemptBudgetMs: 50,
  backoffBaseMs: 5,
  backoffCapMs: 20,
  throttleBackoffBaseMs: 5,
  throttleBackoffCapMs: 20,
};

export function startCsms(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ seed: 'demo', admin: true, logger: silentLogger, ...options });
}

export function akskAccount(
  csms: RunningEmulator,
  name = 'demo',
  keys: { accessKey?: string; secretKey?: string } = {},
): UpstreamAccountConfig {
  return {
    name,
    region: csms.region,
    projectId: csms.projectId,
    endpoint: csms.url,
    emulated: true,
    auth: {
      kind: 'aksk',
      accessKey: new Secret(keys.accessKey ?? csms.credentials.accessKey),
      secretKey: new Secret(keys.secretKey ?? csms.credentials.secretKey),
      securityToken: undefined,
    },
  };
}

export function iamAccount(
  csms: RunningEmulator,
  name = 'iam',
  password = csms.iam.password,
): UpstreamAccountConfig {
  return {
    name,
    region: csms.region,
    projectId: csms.projectId,
    endpoint: csms.url,
    auth: {
      kind: 'iam',
      user: csms.iam.user,
      password: new Secret(password),
      domain: csms.iam.domain,
      iamEndpoint: csms.iam.url,
    },
  };
}

export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

export function upstreamSettings(overrides: Partial<Config['upstream']> = {}): Config['upstream'] {
  return { ...testConfig().upstream, ...overrides };
}

export interface TestUpstream {
  upstream: Upstream;
  metrics: Metrics;
  lines: string[];
}

export function makeUpstream(
  accounts: UpstreamAccountConfig[],
  options: Partial<Omit<CreateUpstreamOptions, 'accounts' | 'settings'>> & {
    settings?: Partial<Config['upstream']>;
  } = {},
): TestUpstream {
  const { logger, lines } = captureLogger();
  const metrics = createMetrics();
  const upstream = createUpstream({
    logger,
    metrics,
    transport: FAST_TRANSPORT,
    ...options,
    accounts,
    settings: upstreamSettings(options.settings),
  });
  return { upstream, metrics, lines };
}

/** The `AppError` a promise rejects with (fails the test if it resolves or throws anything else). */
export async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError, but the call succeeded');
}

/** A small deterministic PRNG (mulberry32) for the emulator's fault rolls. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
