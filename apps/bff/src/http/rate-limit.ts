/**
 * Request limits (docs/security.md R2): per session, reads and writes per minute (a batch counts one write per
 * item); before sign-in, requests per minute per client IP. Counted by rate-limiter-flexible in fixed
 * one-minute windows:
 * - on PostgreSQL, `RateLimiterPostgres` over the store's pool and schema (table `rate_limits`, migration 2):
 *   one atomic upsert per request, so every replica counts against the same budget;
 * - on PGlite, which serves one process, `RateLimiterMemory`.
 * If the store cannot count (down, read-only), reads and anonymous requests fall back to a per-process
 * memory limiter (the library's insurance limiter): a read must keep working while the store refuses
 * writes, as the session touch does, and it stays limited (per process). Writes fail closed with 503
 * `store_unavailable`: a write needs the store for its audit rows anyway, so refusing it early loses
 * nothing and nothing reaches CSMS.
 * The library keeps its own clock (`Date.now`), not the app's `now`: a test that moves the clock does not
 * move these windows.
 * Answers carry the draft-8 `RateLimit-Policy` / `RateLimit` headers; a refusal is 429 `rate_limited` with
 * `Retry-After`. The sizing of the defaults is in the README ("Limits").
 */
import type { NextFunction, Request, Response } from 'express';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Config } from '../config/config.js';
import { AppError } from '../errors.js';
import type { Stores } from '../store/types.js';

const WINDOW_S = 60;

export interface RequestLimit {
  /** The policy name in the headers. */
  readonly name: string;
  readonly limit: number;
  readonly limiter: RateLimiterAbstract;
}

export interface RequestLimits {
  read: RequestLimit;
  write: RequestLimit;
  /** Items of expiry batches: their own budget, so one batch of hundreds is not held to a person's edits. */
  batchItems: RequestLimit;
  anon: RequestLimit;
}

export function createRequestLimits(stores: Pick<Stores, 'db' | 'rateLimits'>, limits: Config['limits']) {
  const make = (name: string, points: number, onStoreError: 'memory' | 'refuse'): RequestLimit => {
    const memory = () => new RateLimiterMemory({ keyPrefix: name, points, duration: WINDOW_S });
    if (stores.db.kind === 'pglite') return { name, limit: points, limiter: memory() };
    const limiter = new RateLimiterPostgres({
      storeClient: stores.rateLimits.client,
      storeType: 'client',
      tableName: stores.rateLimits.table,
      tableCreated: true, // by migration 2, in the store's schema
      clearExpiredByTimeout: false, // main.ts purges expired rows (one job, not one timer per limiter)
      keyPrefix: name,
      points,
      duration: WINDOW_S,
      ...(onStoreError === 'memory' && { insuranceLimiter: memory() }),
    });
    return { name, limit: points, limiter };
  };
  return {
    read: make('reads', limits.readsPerMin, 'memory'),
    write: make('writes', limits.writesPerMin, 'refuse'),
    batchItems: make('batch-items', limits.batchItemsPerMin, 'refuse'),
    anon: make('anonymous', limits.anonPerMin, 'memory'),
  } satisfies RequestLimits;
}

export function limitWith(
  limit: RequestLimit,
  key: (req: Request, res: Response) => string,
  cost: (req: Request) => number | Promise<number> = () => 1,
) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    let verdict: RateLimiterRes;
    let allowed: boolean;
    let remaining: number;
    const points = await cost(req);
    try {
      verdict = await limit.limiter.consume(key(req, res), points);
      allowed = true;
      remaining = verdict.remainingPoints;
    } catch (outcome) {
      if (!(outcome instanceof RateLimiterRes)) {
        throw new AppError(
          503,
          'store_unavailable',
          'The console cannot record this request right now; try again shortly.',
          undefined,
          { 'Retry-After': '5' },
          { cause: outcome },
        );
      }
      verdict = outcome;
      allowed = false;
      remaining = verdict.remainingPoints;
      // A refused batch sent nothing: its items are given back (a refused single request still counts).
      if (points > 1) {
        await limit.limiter.reward(key(req, res), points).catch(() => undefined);
        remaining = Math.max(0, limit.limit - (verdict.consumedPoints - points));
      }
    }
    const resetInS = Math.max(1, Math.ceil(verdict.msBeforeNext / 1000));
    res.setHeader('RateLimit-Policy', `"${limit.name}";q=${limit.limit};w=${WINDOW_S}`);
    res.setHeader('RateLimit', `"${limit.name}";r=${remaining};t=${resetInS}`);
    if (!allowed) {
      throw new AppError(
        429,
        'rate_limited',
        `Too many requests; try again in ${resetInS} s.`,
        { limit: limit.limit, window_s: WINDOW_S },
        { 'Retry-After': String(resetInS) },
      );
    }
    next();
  };
}
