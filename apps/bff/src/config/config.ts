/**
 * The only place that reads `process.env`. Everything is validated once with zod; a
 * bad start names every wrong variable and never its value. Credentials are wrapped in `Secret` and, when
 * taken from `process.env`, scrubbed from it afterwards (docs/security.md K1).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { readAccounts, type AccountConfig } from './accounts.js';
import { Secret } from './secret.js';

export type { AccountConfig } from './accounts.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Evaluation intervals a cron can keep even: divisors of an hour, then whole hours dividing a day. */
const EVALUATE_MINUTES = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440];

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,9}$/, { error: `must be an integer ${min}-${max}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `must be an integer ${min}-${max}` });

const origin = z.string().refine(
  (s) => {
    try {
      const url = new URL(s);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === s;
    } catch {
      return false;
    }
  },
  { error: 'must be origins like https://console.example.com (scheme, host, port; no path)' },
);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Issue 12: every change needs a reason unless this is `false` (any other value is refused). */
  REQUIRE_REASON: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('true')
    .transform((v) => v === 'true'),
  BFF_HOST: z.string().min(1).default('127.0.0.1'),
  BFF_PORT: int(0, 65535).default(3000),
  BFF_PUBLIC_ORIGIN: z.string().optional(),
  BFF_TRUST_PROXY: int(0, 10).default(0),
  BFF_DATA_DIR: z.string().min(1).default(resolve(repoRoot, '.data')),
  BFF_STATIC_DIR: z.string().min(1).default(resolve(repoRoot, 'apps/web/dist')),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  BFF_EMULATOR_SEED: z
    .string()
    .regex(/^(demo|empty|scale:[0-9]{1,6})$/, { error: 'must be demo, empty or scale:N' })
    .default('demo'),
  SESSION_IDLE_MINUTES: int(1, 24 * 60).default(30),
  /**
   * Tests only (NODE_ENV=test, refused otherwise): the idle timeout in seconds, so browser tests can watch a
   * session idle out in seconds rather than the minute SESSION_IDLE_MINUTES allows at least.
   */
  SESSION_IDLE_SECONDS: int(5, 3600).optional(),
  SESSION_ABSOLUTE_HOURS: int(1, 7 * 24).default(12),
  SESSION_MAX_PER_USER: int(1, 100).default(5),
  /** The minimum lead of a new expiry, for every role that can edit. */
  POLICY_MIN_LEAD_MINUTES: int(0, 24 * 60).optional(),
  /** Deprecated name of POLICY_MIN_LEAD_MINUTES (it was admin-only); still read, never with the new one. */
  POLICY_ADMIN_MIN_LEAD_MINUTES: int(0, 24 * 60).optional(),
  POLICY_ADMIN_MAX_DAYS: int(1, 3650).default(1095),
  POLICY_SUPPORT_WINDOW_DAYS: int(0, 365).default(7),
  POLICY_SUPPORT_MAX_DAYS: int(1, 3650).default(90),
  RATE_READS_PER_MIN: int(1, 1_000_000).default(1200),
  RATE_WRITES_PER_MIN: int(1, 1_000_000).default(30),
  RATE_BATCH_ITEMS_PER_MIN: int(1, 1_000_000).default(1000),
  RATE_ANON_PER_MIN: int(1, 1_000_000).default(600),
  LOGIN_PAIR_FAILURES: int(1, 100).default(5),
  LOGIN_IP_FAILURES_PER_DAY: int(1, 1_000_000).default(100),
  LOGIN_ACCOUNT_FAILURES_PER_HOUR: int(1, 10_000).default(100),
  UPSTREAM_CONCURRENCY: int(1, 64).default(4),
  UPSTREAM_QUEUE: int(0, 1000).default(20),
  UPSTREAM_QUEUE_WAIT_MS: int(0, 60_000).default(2000),
  SCAN_CONCURRENCY: int(1, 64).default(8),
  FLEET_SCAN_MAX_AGE_S: int(1, 86_400).default(300),
  BREAKER_THRESHOLD: int(1, 1000).default(10),
  BREAKER_OPEN_MS: int(100, 600_000).default(30_000),
  NOTIFICATION_CACHE_MS: int(0, 60_000).default(5_000),
  BFF_SHUTDOWN_DELAY_MS: int(0, 20_000).optional(),
  RECONCILE_INTERVAL_MS: int(100, 3_600_000).default(60_000),
  BATCH_CONCURRENCY: int(1, 64).default(4),
  BATCH_LEASE_MS: int(1000, 3_600_000).default(120_000),
  /** Issue 14: channel credentials are sealed with this key (32 bytes, base64 or hex); or NOTIFY_KEY_FILE. */
  NOTIFY_KEY: z.string().optional(),
  NOTIFY_KEY_FILE: z.string().optional(),
  /** `host` or `host:port` entries the channels may reach over http or at internal addresses (local testing). */
  NOTIFY_ALLOW_HOSTS: z.string().default(''),
  /** A whole number of minutes that divides a day evenly (a cron slot), so every interval is the same. */
  NOTIFY_EVALUATE_MINUTES: int(1, 1440)
    .refine((n) => EVALUATE_MINUTES.includes(n), {
      error: `must divide an hour or a day evenly: one of ${[1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440].join(', ')}`,
    })
    .default(15),
  NOTIFY_RETRY_LIMIT: int(0, 100).default(8),
  NOTIFY_RETRY_DELAY_S: int(1, 3600).default(30),
  NOTIFY_SEND_TIMEOUT_MS: int(100, 120_000).default(10_000),
  /** How long a delivery may stay claimed before it counts as lost (its process died) and is retried. */
  NOTIFY_DELIVERY_EXPIRE_S: int(10, 3600).default(300),
  NOTIFY_PROVISION_FILE: z.string().min(1).optional(),
  DEBUG: z.string().optional(),
  NODE_DEBUG: z.string().optional(),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  host: string;
  port: number;
  /** Origins whose `Origin` header is accepted (docs/security.md C3). */
  publicOrigins: string[];
  /** Exact number of proxy hops in front of the BFF (docs/security.md R3). */
  trustProxy: number;
  dataDir: string;
  staticDir: string;
  /** A real PostgreSQL; absent = embedded PGlite under `dataDir`. */
  databaseUrl: Secret | undefined;
  /** Empty = demo mode: the embedded emulator with `emulatorSeed`. */
  accounts: AccountConfig[];
  emulatorSeed: string;
  /** How long readiness says 503 before the server stops taking connections (load balancer deregistration). */
  shutdownDelayMs: number;
  /** How often each process looks for audit intents left open (docs/security.md U4); also run at start. */
  reconcileIntervalMs: number;
  /** Expiry batches: secrets worked on at once per batch, and how long a claim holds unrenewed. */
  batches: { concurrency: number; leaseMs: number };
  session: { idleMs: number; absoluteMs: number; maxPerUser: number };
  policy: ExpiryPolicyConfig;
  /** Request limits per minute (docs/security.md R2), shared by every process on PostgreSQL. */
  limits: {
    readsPerMin: number;
    writesPerMin: number;
    /** Items sent in expiry batches (created or retried), per session. */
    batchItemsPerMin: number;
    anonPerMin: number;
  };
  /** Sign-in attempt limits (docs/security.md R1); attempts are counted before the password is checked. */
  login: {
    pairFailures: number;
    ipFailuresPerDay: number;
    accountFailuresPerHour: number;
  };
  upstream: {
    concurrency: number;
    queue: number;
    queueWaitMs: number;
    scanConcurrency: number;
    breakerThreshold: number;
    breakerOpenMs: number;
    /** How long one account's notification event and records are reused on the secret page (0 = never). */
    notificationCacheMs: number;
  };
  /** The fleet scan (issue 11): a complete scan older than `maxAgeMs` is refreshed in the background. */
  fleet: { maxAgeMs: number };
  /** Advance warnings (issue 14). */
  notify: NotifyConfig;
}

export interface NotifyConfig {
  /**
   * The 32-byte key channel credentials are sealed with (NOTIFY_KEY or NOTIFY_KEY_FILE). Undefined: on PGlite
   * the BFF keeps a generated one in its data directory; on PostgreSQL channels cannot be saved until one is set.
   */
  key: Secret | undefined;
  /** NOTIFY_ALLOW_HOSTS: hosts (`host` or `host:port`) exempt from the https and public-address rules. */
  allowHosts: string[];
  /** How often the evaluation runs (minutes). */
  evaluateEveryMinutes: number;
  /** Attempts after the first, with exponential backoff from `retryDelaySeconds`. */
  retryLimit: number;
  retryDelaySeconds: number;
  /** One send attempt's limit, connection to answer. */
  sendTimeoutMs: number;
  /** A claimed delivery not finished in this time is taken as lost (its process died) and retried. */
  deliveryExpireSeconds: number;
  /** Rules and channels applied at start (infrastructure as code). */
  provisionFile: string | undefined;
  /** The console's address in warnings' links: the first BFF_PUBLIC_ORIGIN. */
  publicUrl: string;
}

export interface ExpiryPolicyConfig {
  /** Every role that can edit: a new expiry must be more than this ahead of now. */
  minLeadMs: number;
  adminMaxHorizonMs: number;
  supportWindowMs: number;
  supportMaxHorizonMs: number;
  /** `REQUIRE_REASON`: a change (single or batch) without a reason is refused with 422 `reason_required`. */
  reasonRequired: boolean;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

export interface ConfigSources {
  env: Record<string, string | undefined>;
  readFile?: (path: string) => string;
}

/** Reads and validates the configuration. Never throws for bad input: it lists the problems. */
export function loadConfig({ env, readFile = (p) => readFileSync(p, 'utf8') }: ConfigSources): ConfigResult {
  const problems: string[] = [];
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
  }
  const accounts = readAccounts(env, readFile, problems);
  if (!parsed.success || accounts === undefined) return { ok: false, problems };
  const e = parsed.data;

  if (e.NODE_ENV === 'production') {
    // The SDK core and axios dump signed headers under these (docs/security.md §0.2).
    if (e.DEBUG !== undefined)
      problems.push('DEBUG: must not be set in production (debug output can carry credentials)');
    if (e.NODE_DEBUG !== undefined)
      problems.push('NODE_DEBUG: must not be set in production (debug output can carry credentials)');
  }
  const publicOrigins = (
    e.BFF_PUBLIC_ORIGIN ?? `http://localhost:${e.BFF_PORT},http://127.0.0.1:${e.BFF_PORT}`
  )
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const o of publicOrigins) {
    if (!origin.safeParse(o).success)
      problems.push('BFF_PUBLIC_ORIGIN: ' + origin.safeParse(o).error?.issues[0]?.message);
  }
  if (publicOrigins.length === 0) problems.push('BFF_PUBLIC_ORIGIN: must list at least one origin');
  if (e.POLICY_MIN_LEAD_MINUTES !== undefined && e.POLICY_ADMIN_MIN_LEAD_MINUTES !== undefined)
    problems.push(
      'POLICY_ADMIN_MIN_LEAD_MINUTES: deprecated name of POLICY_MIN_LEAD_MINUTES; set only POLICY_MIN_LEAD_MINUTES',
    );
  if (e.SESSION_IDLE_SECONDS !== undefined) {
    if (e.NODE_ENV !== 'test')
      problems.push(
        'SESSION_IDLE_SECONDS: only for tests (NODE_ENV=test); a deployment sets SESSION_IDLE_MINUTES',
      );
    else if (env.SESSION_IDLE_MINUTES !== undefined)
      problems.push(
        'SESSION_IDLE_SECONDS: give either SESSION_IDLE_SECONDS or SESSION_IDLE_MINUTES, not both',
      );
  }
  // A send still running when its claim expires would be sent twice (under one id, but needlessly).
  if (e.NOTIFY_DELIVERY_EXPIRE_S * 1000 < e.NOTIFY_SEND_TIMEOUT_MS + 5000)
    problems.push('NOTIFY_DELIVERY_EXPIRE_S: must exceed NOTIFY_SEND_TIMEOUT_MS by at least 5 seconds');
  const notifyKey = readNotifyKey(e.NOTIFY_KEY, e.NOTIFY_KEY_FILE, readFile, problems);
  if (problems.length > 0) return { ok: false, problems };

  return {
    ok: true,
    config: {
      env: e.NODE_ENV,
      logLevel: e.LOG_LEVEL,
      host: e.BFF_HOST,
      port: e.BFF_PORT,
      publicOrigins,
      trustProxy: e.BFF_TRUST_PROXY,
      dataDir: e.BFF_DATA_DIR,
      staticDir: e.BFF_STATIC_DIR,
      databaseUrl: e.DATABASE_URL === undefined ? undefined : new Secret(e.DATABASE_URL),
      accounts,
      emulatorSeed: e.BFF_EMULATOR_SEED,
      shutdownDelayMs: e.BFF_SHUTDOWN_DELAY_MS ?? (e.NODE_ENV === 'production' ? 5_000 : 0),
      reconcileIntervalMs: e.RECONCILE_INTERVAL_MS,
      batches: { concurrency: e.BATCH_CONCURRENCY, leaseMs: e.BATCH_LEASE_MS },
      session: {
        idleMs:
          e.SESSION_IDLE_SECONDS !== undefined
            ? e.SESSION_IDLE_SECONDS * 1000
            : e.SESSION_IDLE_MINUTES * MINUTE,
        absoluteMs: e.SESSION_ABSOLUTE_HOURS * HOUR,
        maxPerUser: e.SESSION_MAX_PER_USER,
      },
      policy: {
        minLeadMs: (e.POLICY_MIN_LEAD_MINUTES ?? e.POLICY_ADMIN_MIN_LEAD_MINUTES ?? 5) * MINUTE,
        adminMaxHorizonMs: e.POLICY_ADMIN_MAX_DAYS * DAY,
        supportWindowMs: e.POLICY_SUPPORT_WINDOW_DAYS * DAY,
        supportMaxHorizonMs: e.POLICY_SUPPORT_MAX_DAYS * DAY,
        reasonRequired: e.REQUIRE_REASON,
      },
      limits: {
        readsPerMin: e.RATE_READS_PER_MIN,
        writesPerMin: e.RATE_WRITES_PER_MIN,
        batchItemsPerMin: e.RATE_BATCH_ITEMS_PER_MIN,
        anonPerMin: e.RATE_ANON_PER_MIN,
      },
      login: {
        pairFailures: e.LOGIN_PAIR_FAILURES,
        ipFailuresPerDay: e.LOGIN_IP_FAILURES_PER_DAY,
        accountFailuresPerHour: e.LOGIN_ACCOUNT_FAILURES_PER_HOUR,
      },
      upstream: {
        concurrency: e.UPSTREAM_CONCURRENCY,
        queue: e.UPSTREAM_QUEUE,
        queueWaitMs: e.UPSTREAM_QUEUE_WAIT_MS,
        scanConcurrency: e.SCAN_CONCURRENCY,
        breakerThreshold: e.BREAKER_THRESHOLD,
        breakerOpenMs: e.BREAKER_OPEN_MS,
        notificationCacheMs: e.NOTIFICATION_CACHE_MS,
      },
      fleet: { maxAgeMs: e.FLEET_SCAN_MAX_AGE_S * 1000 },
      notify: {
        key: notifyKey,
        allowHosts: e.NOTIFY_ALLOW_HOSTS.split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
        evaluateEveryMinutes: e.NOTIFY_EVALUATE_MINUTES,
        retryLimit: e.NOTIFY_RETRY_LIMIT,
        retryDelaySeconds: e.NOTIFY_RETRY_DELAY_S,
        sendTimeoutMs: e.NOTIFY_SEND_TIMEOUT_MS,
        deliveryExpireSeconds: e.NOTIFY_DELIVERY_EXPIRE_S,
        provisionFile: e.NOTIFY_PROVISION_FILE,
        publicUrl: publicOrigins[0]!,
      },
    },
  };
}

/** NOTIFY_KEY or NOTIFY_KEY_FILE: 32 bytes as base64 (44 characters) or hex (64). Problems never echo it. */
function readNotifyKey(
  value: string | undefined,
  file: string | undefined,
  readFile: (path: string) => string,
  problems: string[],
): Secret | undefined {
  if (value !== undefined && file !== undefined) {
    problems.push('NOTIFY_KEY: give either NOTIFY_KEY or NOTIFY_KEY_FILE, not both');
    return undefined;
  }
  let raw = value;
  if (file !== undefined) {
    try {
      raw = readFile(file).trim();
    } catch {
      problems.push('NOTIFY_KEY_FILE: cannot read the file');
      return undefined;
    }
  }
  if (raw === undefined) return undefined;
  const bytes = /^[0-9a-fA-F]{64}$/.test(raw)
    ? Buffer.from(raw, 'hex')
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(raw)
      ? Buffer.from(raw, 'base64')
      : undefined;
  if (bytes?.length !== 32) {
    problems.push(
      `${file !== undefined ? 'NOTIFY_KEY_FILE' : 'NOTIFY_KEY'}: must be 32 bytes as base64 or hex (openssl rand -base64 32)`,
    );
    return undefined;
  }
  return new Secret(bytes.toString('base64'));
}

/** Removes credential variables from `process.env` once they are read (docs/security.md K1). */
export function scrubEnv(env: Record<string, string | undefined>): void {
  for (const key of Object.keys(env)) {
    if (
      /^CSMS_[A-Z0-9_]+_(AK|SK|SECURITY_TOKEN|IAM_PASSWORD)$/.test(key) ||
      key === 'DATABASE_URL' ||
      key === 'NOTIFY_KEY'
    )
      delete env[key];
  }
}

/** A config for tests: defaults, with overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const result = loadConfig({ env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' } });
  if (!result.ok) throw new Error(result.problems.join('; '));
  // No SPA unless a test asks for one: a developer's `apps/web/dist` must not change what tests see.
  return { ...result.config, staticDir: resolve(repoRoot, '.no-spa-in-tests'), ...overrides };
}
