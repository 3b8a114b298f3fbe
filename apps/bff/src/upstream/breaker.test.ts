import { CountBreaker } from 'cockatiel';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { CircuitBreaker, type BreakerVerdict } from './breaker.js';
import type { BreakerState } from './types.js';

function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function setup(threshold = 5, openMs = 30_000) {
  const clock = fakeClock();
  const changes: BreakerState[] = [];
  const breaker = new CircuitBreaker({
    threshold,
    openMs,
    now: clock.now,
    onStateChange: (s) => changes.push(s),
  });
  const call = (verdict: BreakerVerdict) => breaker.acquire().done(verdict);
  const fail = (n: number) => {
    for (let i = 0; i < n; i++) call('failure');
  };
  return { breaker, clock, changes, call, fail };
}

function rejectionOf(breaker: CircuitBreaker): AppError {
  try {
    breaker.acquire();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the breaker to reject');
}

describe('CircuitBreaker', () => {
  it('opens after 5 consecutive failures and then rejects at once with 503 upstream_unavailable', () => {
    const { breaker, fail, changes } = setup();
    fail(4);
    expect(breaker.state).toBe('closed');
    fail(1);
    expect(breaker.state).toBe('open');
    expect(changes).toEqual(['open']);
    const error = rejectionOf(breaker);
    expect(error).toMatchObject({
      status: 503,
      code: 'upstream_unavailable',
      details: { breaker: 'open' },
      headers: { 'Retry-After': '30' },
    });
  });

  it('a healthy answer (2xx or a 4xx) resets the count; neutral outcomes change nothing', () => {
    const { breaker, fail, call } = setup();
    fail(4);
    call('healthy');
    fail(4);
    call('neutral');
    expect(breaker.state).toBe('closed');
    fail(1);
    expect(breaker.state).toBe('open');
  });

  it('after openMs lets exactly one probe through; a healthy probe closes it', () => {
    const { breaker, fail, clock, changes } = setup();
    fail(5);
    clock.advance(29_999);
    expect(rejectionOf(breaker).details).toEqual({ breaker: 'open' });
    expect(rejectionOf(breaker).headers).toEqual({ 'Retry-After': '1' });
    clock.advance(1);
    expect(breaker.state).toBe('half_open');
    const probe = breaker.acquire();
    expect(rejectionOf(breaker)).toMatchObject({
      code: 'upstream_unavailable',
      details: { breaker: 'half_open' },
    });
    expect(rejectionOf(breaker).status).toBe(503);
    probe.done('healthy');
    expect(breaker.state).toBe('closed');
    expect(changes).toEqual(['open', 'half_open', 'closed']);
    fail(4);
    expect(breaker.state).toBe('closed');
  });

  it('a failed probe re-opens it for another openMs, counted from the failure', () => {
    const { breaker, fail, clock } = setup(5, 1000);
    fail(5);
    clock.advance(1000);
    const probe = breaker.acquire();
    clock.advance(400);
    probe.done('failure');
    expect(breaker.state).toBe('open');
    clock.advance(999);
    expect(breaker.state).toBe('open');
    clock.advance(1);
    expect(breaker.state).toBe('half_open');
  });

  it('a neutral probe (caller gave up) frees the probe slot without deciding', () => {
    const { breaker, fail, clock } = setup(5, 1000);
    fail(5);
    clock.advance(1000);
    breaker.acquire().done('neutral');
    expect(breaker.state).toBe('half_open');
    breaker.acquire().done('healthy');
    expect(breaker.state).toBe('closed');
  });

  it('late failures of calls admitted before it opened do not extend the open period', () => {
    const { breaker, fail, clock } = setup(5, 1000);
    const late = [breaker.acquire(), breaker.acquire()];
    fail(5);
    clock.advance(600);
    for (const permit of late) permit.done('failure');
    clock.advance(400);
    expect(breaker.state).toBe('half_open');
  });

  it('counts attempts, not calls: retries of one call add up, and a call cannot retry once it is open', () => {
    const { breaker } = setup(5);
    const first = breaker.acquire();
    for (let i = 0; i < 3; i++) {
      expect(first.mayRetry()).toBe(true);
      first.attempt('failure');
    }
    first.done();
    const second = breaker.acquire();
    second.attempt('failure');
    expect(second.mayRetry()).toBe(true);
    second.attempt('failure'); // the 5th failed attempt, in the 2nd call
    expect(breaker.state).toBe('open');
    expect(second.mayRetry()).toBe(false);
    second.done();
  });

  it('a successful attempt resets the count, even within a call that had failed attempts', () => {
    const { breaker } = setup(3);
    for (let call = 0; call < 4; call++) {
      const permit = breaker.acquire();
      permit.attempt('failure');
      permit.attempt('failure');
      permit.attempt('healthy'); // the retry succeeded
      permit.done();
    }
    expect(breaker.state).toBe('closed');
    const permit = breaker.acquire();
    permit.attempt('failure');
    permit.attempt('failure');
    permit.attempt('failure');
    expect(breaker.state).toBe('open');
  });

  it("the half-open probe is decided by its first attempt; a failing probe's call may not retry", () => {
    const { breaker, fail, clock } = setup(5, 1000);
    fail(5);
    clock.advance(1000);
    const probe = breaker.acquire();
    probe.attempt('neutral'); // decides nothing
    expect(rejectionOf(breaker).details).toEqual({ breaker: 'half_open' });
    probe.attempt('failure');
    expect(breaker.state).toBe('open');
    expect(probe.mayRetry()).toBe(false);
    probe.done();
    clock.advance(1000);
    const next = breaker.acquire();
    next.attempt('healthy');
    expect(breaker.state).toBe('closed');
    expect(next.mayRetry()).toBe(true);
    // Once it decided, the probe's later attempts count like any call's.
    next.attempt('failure');
    next.done();
    fail(4);
    expect(breaker.state).toBe('open');
  });

  it('reports each outcome once per permit', () => {
    const { breaker } = setup(2);
    const permit = breaker.acquire();
    permit.done('failure');
    permit.done('failure');
    permit.attempt('failure'); // after done
    expect(breaker.state).toBe('closed');
  });

  it('by default opens on the 10th failed attempt in a row (cockatiel ConsecutiveBreaker)', () => {
    const clock = fakeClock();
    const breaker = new CircuitBreaker({ now: clock.now });
    for (let i = 0; i < 9; i++) breaker.acquire().done('failure');
    expect(breaker.state).toBe('closed');
    breaker.acquire().done('healthy');
    for (let i = 0; i < 9; i++) breaker.acquire().done('failure');
    expect(breaker.state).toBe('closed');
    breaker.acquire().done('failure');
    expect(breaker.state).toBe('open');
  });

  it('another cockatiel IBreaker may decide when to open; the states and probe stay the same', () => {
    const clock = fakeClock();
    const breaker = new CircuitBreaker({
      breaker: new CountBreaker({ threshold: 0.5, size: 4 }),
      openMs: 1000,
      now: clock.now,
    });
    for (const verdict of ['failure', 'healthy', 'failure'] as const) breaker.acquire().done(verdict);
    expect(breaker.state).toBe('closed'); // 3 calls: fewer than the 4 it needs
    breaker.acquire().done('failure'); // 3 of the last 4 failed
    expect(breaker.state).toBe('open');
    clock.advance(1000);
    breaker.acquire().done('healthy');
    expect(breaker.state).toBe('closed');
  });
});
