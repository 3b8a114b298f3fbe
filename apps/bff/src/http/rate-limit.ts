/**
 * Request limits (security.md R2): per session, reads and writes per minute (a batch counts one write per
 * item); before login, requests per minute per client IP. Fixed one-minute windows kept in this process
 * (with several BFF processes the effective limit is per process; documented in the README). Answers carry
 * the draft-8 `RateLimit-Policy` / `RateLimit` headers; a refusal is 429 `rate_limited` with `Retry-After`.
 */
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors.js';

const WINDOW_MS = 60_000;

export class WindowCounter {
  readonly #counts = new Map<string, { windowStart: number; count: number }>();

  constructor(
    readonly name: string,
    readonly limit: number,
    private readonly now: () => number,
  ) {}

  /** Counts `cost` against `key`; returns what is left and when the window resets. */
  take(key: string, cost = 1): { allowed: boolean; remaining: number; resetInS: number } {
    const now = this.now();
    const windowStart = now - (now % WINDOW_MS);
    let entry = this.#counts.get(key);
    if (!entry || entry.windowStart !== windowStart) {
      if (this.#counts.size > 100_000) this.#sweep(windowStart);
      entry = { windowStart, count: 0 };
      this.#counts.set(key, entry);
    }
    const allowed = entry.count + cost <= this.limit;
    if (allowed) entry.count += cost;
    const resetInS = Math.ceil((windowStart + WINDOW_MS - now) / 1000);
    return { allowed, remaining: Math.max(0, this.limit - entry.count), resetInS };
  }

  #sweep(windowStart: number): void {
    for (const [key, entry] of this.#counts) if (entry.windowStart !== windowStart) this.#counts.delete(key);
  }
}

export function limitWith(
  counter: WindowCounter,
  key: (req: Request, res: Response) => string,
  cost = () => 1,
) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const verdict = counter.take(key(req, res), cost());
    res.setHeader('RateLimit-Policy', `"${counter.name}";q=${counter.limit};w=60`);
    res.setHeader('RateLimit', `"${counter.name}";r=${verdict.remaining};t=${verdict.resetInS}`);
    if (!verdict.allowed) {
      return next(
        new AppError(
          429,
          'rate_limited',
          `Too many requests; try again in ${verdict.resetInS} s.`,
          { limit: counter.limit, window_s: 60 },
          { 'Retry-After': String(verdict.resetInS) },
        ),
      );
    }
    next();
  };
}
