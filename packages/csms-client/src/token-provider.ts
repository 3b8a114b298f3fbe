/**
 * IAM token mode (docs/csms-api.md §7.2): a project-scoped token obtained by password, cached, refreshed before
 * it expires with a single flight (concurrent callers share one IAM request), and dropped when CSMS says it
 * is invalid. The clock is the transport's runtime clock unless `now` is given.
 */
import { z } from 'zod';
import { CsmsAbortedError, CsmsResponseError } from './errors.js';
import { HttpTransport } from './transport.js';
import type { TransportOptions } from './transport-options.js';
import { basePath, checkInput, parseEndpoint } from './validation.js';

export interface TokenProvider {
  /** A valid token, from cache or freshly obtained. */
  getToken(options?: { signal?: AbortSignal }): Promise<string>;
  /** Forget `token` if it is still the cached one (CSMS rejected it). */
  invalidate(token: string): void;
  /** Values to scrub from error messages (password, user, current token). */
  secrets(): readonly string[];
}

const nonEmpty = (max: number) => z.string().min(1, { error: 'must not be empty' }).max(max);

export const IamPasswordTokenOptionsSchema = z.strictObject({
  /** e.g. `https://iam.myhuaweicloud.com` or `https://iam.cn-north-4.myhuaweicloud.com`. */
  iamEndpoint: z.string(),
  userName: nonEmpty(64),
  password: nonEmpty(1024),
  /** The account (domain) the IAM user belongs to. */
  domainName: nonEmpty(64),
  /** Scope: the project by id, or by name (e.g. `cn-north-4`). */
  project: z.union([z.strictObject({ id: nonEmpty(64) }), z.strictObject({ name: nonEmpty(64) })]),
});

export type IamPasswordTokenOptions = z.infer<typeof IamPasswordTokenOptionsSchema> & {
  transport?: HttpTransport | TransportOptions;
  /** Epoch ms; defaults to the transport's runtime clock. */
  now?: () => number;
  /** Refresh when less than max(this, `refreshFraction` of the lifetime) remains. Default 5 min. */
  refreshMarginMs?: number;
  /** Default 0.1. */
  refreshFraction?: number;
};

const TokenBodySchema = z.object({
  token: z.object({ expires_at: z.string(), issued_at: z.string().optional() }),
});
const SubjectTokenSchema = z.string().regex(/^[\x21-\x7e]{1,2097152}$/);

interface CachedToken {
  token: string;
  expiresAt: number;
  refreshAt: number;
}

export const IAM_TOKEN_OPERATION = 'KeystoneCreateUserTokenByPassword';

export class IamPasswordTokenProvider implements TokenProvider {
  readonly #endpoint: URL;
  readonly #body: string;
  readonly #secrets: string[];
  readonly #transport: HttpTransport;
  readonly #now: () => number;
  readonly #marginMs: number;
  readonly #fraction: number;
  #cached: CachedToken | undefined;
  #inflight: Promise<CachedToken> | undefined;

  constructor(options: IamPasswordTokenOptions) {
    const { transport, now, refreshMarginMs, refreshFraction, ...rest } = options;
    const parsed = checkInput('tokenProvider', IamPasswordTokenOptionsSchema, rest);
    this.#endpoint = parseEndpoint(parsed.iamEndpoint, 'tokenProvider.iamEndpoint');
    this.#transport = transport instanceof HttpTransport ? transport : new HttpTransport(transport);
    this.#now = now ?? (() => this.#transport.now());
    this.#marginMs = refreshMarginMs ?? 5 * 60_000;
    this.#fraction = refreshFraction ?? 0.1;
    this.#secrets = [parsed.password];
    const user = { name: parsed.userName, password: parsed.password, domain: { name: parsed.domainName } };
    this.#body = JSON.stringify({
      auth: { identity: { methods: ['password'], password: { user } }, scope: { project: parsed.project } },
    });
  }

  secrets(): readonly string[] {
    return this.#cached ? [...this.#secrets, this.#cached.token] : this.#secrets;
  }

  invalidate(token: string): void {
    if (this.#cached?.token === token) this.#cached = undefined;
  }

  async getToken(options: { signal?: AbortSignal } = {}): Promise<string> {
    const cached = this.#cached;
    const now = this.#now();
    if (cached && now < cached.refreshAt) return cached.token;
    if (!this.#inflight) {
      const flight = this.#fetch().finally(() => {
        this.#inflight = undefined;
      });
      flight.catch(() => undefined); // every caller may have given up; the rejection is still handled
      this.#inflight = flight;
    }
    try {
      return (await raceAbort(this.#inflight, options.signal)).token;
    } catch (error) {
      // A failed early refresh falls back to the token still in hand, until it actually expires.
      if (!(error instanceof CsmsAbortedError) && cached && this.#now() < cached.expiresAt)
        return cached.token;
      throw error;
    }
  }

  async #fetch(): Promise<CachedToken> {
    const sentAt = this.#now();
    const response = await this.#transport.send({
      operation: IAM_TOKEN_OPERATION,
      method: 'POST',
      endpoint: this.#endpoint,
      path: `${basePath(this.#endpoint)}/v3/auth/tokens`,
      query: [['nocatalog', 'true']],
      body: this.#body,
      headers: () => ({ 'content-type': 'application/json;charset=utf8' }),
      redact: this.#secrets,
    });
    const facts = {
      operation: IAM_TOKEN_OPERATION,
      attempts: response.attempts,
      status: response.status,
      requestId: response.requestId,
    };
    const token = SubjectTokenSchema.safeParse(response.headers['x-subject-token']);
    if (!token.success)
      throw new CsmsResponseError({
        ...facts,
        reason: 'missing-header',
        issues: [{ path: 'X-Subject-Token', code: 'invalid' }],
      });
    const body = TokenBodySchema.safeParse(safeJson(response.body.toString('utf8')));
    const expires = body.success ? Date.parse(body.data.token.expires_at) : Number.NaN;
    if (!body.success || Number.isNaN(expires)) {
      throw new CsmsResponseError({
        ...facts,
        reason: 'schema',
        issues: [{ path: 'token.expires_at', code: 'invalid' }],
      });
    }
    const issued = Date.parse(body.data.token.issued_at ?? '');
    // Lifetime by the server's own clock, counted from when we sent the request: immune to clock skew.
    const lifetime = !Number.isNaN(issued) && issued < expires ? expires - issued : expires - sentAt;
    const expiresAt = sentAt + lifetime;
    const refreshAt = expiresAt - Math.max(this.#marginMs, lifetime * this.#fraction);
    const cached = { token: token.data, expiresAt, refreshAt };
    this.#cached = cached;
    return cached;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  const aborted = () => new CsmsAbortedError({ operation: IAM_TOKEN_OPERATION, attempts: 0 });
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error('token request failed'));
      },
    );
  });
}
