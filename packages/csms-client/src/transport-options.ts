/**
 * Transport settings with the numbers of docs/security.md §1.11 as defaults, validated once (zod) so that a bad
 * setting fails at construction with a `CsmsInputError`.
 */
import { z } from 'zod';
import type { CircuitBreakerPolicy, RetryQuota } from './policies.js';
import type { HttpMethod } from './retry-policy.js';
import type { Runtime } from './runtime.js';
import { checkInput } from './validation.js';

const ms = z.number().int().positive().max(600_000);

export const TransportSettingsSchema = z.strictObject({
  connectTimeoutMs: ms.default(2_000),
  /** Per-attempt response timeout for GET. */
  readAttemptTimeoutMs: ms.default(5_000),
  /** Per-attempt response timeout for PUT/POST/DELETE. */
  writeAttemptTimeoutMs: ms.default(8_000),
  readDeadlineMs: ms.default(15_000),
  writeDeadlineMs: ms.default(20_000),
  /** A retry is not started with less than this left before the deadline. */
  minAttemptBudgetMs: z.number().int().nonnegative().max(600_000).default(2_000),
  maxAttempts: z.number().int().min(1).max(10).default(3),
  /** `Retry-After` up to this is honoured; a longer one fails the call at once. */
  maxRetryAfterMs: z.number().int().nonnegative().max(600_000).default(5_000),
  maxResponseBytes: z
    .number()
    .int()
    .positive()
    .default(4 * 1024 * 1024),
  backoffBaseMs: z.number().int().nonnegative().default(200),
  backoffCapMs: z.number().int().nonnegative().default(2_000),
  throttleBackoffBaseMs: z.number().int().nonnegative().default(1_000),
  throttleBackoffCapMs: z.number().int().nonnegative().default(5_000),
  userAgent: z
    .string()
    .regex(/^[\x20-\x7e]{1,256}$/, { error: 'must be 1-256 printable ASCII characters' })
    .default('csms-console-client/0.1'),
  maxSockets: z.number().int().positive().max(1024).default(32),
  /**
   * An idle keep-alive socket is closed after this. Setting it also makes Node honour a server's
   * `Keep-Alive: timeout=N` (closing 1 s before N), so a socket is not reused just as the server closes it
   * (ECONNRESET); without it Node keeps idle sockets until the server hangs up.
   */
  idleSocketTimeoutMs: ms.default(30_000),
});

export type TransportSettings = z.infer<typeof TransportSettingsSchema>;

/** What the transport reports after each attempt, e.g. to count upstream calls. Holds no request data. */
export interface AttemptEvent {
  operation: string;
  method: HttpMethod;
  /** 1-based. */
  attempt: number;
  outcome:
    'success' | 'http_error' | 'timeout' | 'network_error' | 'invalid_response' | 'aborted' | 'deadline';
  status?: number;
  errorCode?: string;
  requestId?: string;
  latencyMs: number;
  /** Whether another attempt follows, and after how long. */
  willRetry: boolean;
  retryDelayMs?: number;
}

export type TransportOptions = z.input<typeof TransportSettingsSchema> & {
  runtime?: Partial<Runtime>;
  onAttempt?: (event: AttemptEvent) => void;
  /** Pays for every retry; a retry it refuses is not made (policies.ts). */
  retryQuota?: RetryQuota;
  /** Admits every call and hears every attempt (policies.ts). */
  breaker?: CircuitBreakerPolicy;
};

export function parseTransportSettings(options: TransportOptions = {}): TransportSettings {
  const {
    runtime: _runtime,
    onAttempt: _onAttempt,
    retryQuota: _quota,
    breaker: _breaker,
    ...rest
  } = options;
  return checkInput('transport', TransportSettingsSchema, rest);
}
