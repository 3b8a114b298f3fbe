import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { Bulkhead } from './bulkhead.js';

/** A task the test finishes by hand. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('Bulkhead', () => {
  it('runs at most maxConcurrent at once and starts queued calls in FIFO order', async () => {
    const bulkhead = new Bulkhead({ maxConcurrent: 2, maxQueue: 3, queueWaitMs: 1000 });
    const gates = [gate(), gate(), gate(), gate(), gate()];
    const started: number[] = [];
    let running = 0;
    let peak = 0;
    const runs = gates.map((g, i) =>
      bulkhead.run(async () => {
        started.push(i);
        peak = Math.max(peak, ++running);
        await g.promise;
        running--;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(bulkhead.queued).toBe(3);
    for (const i of [1, 0, 2, 3, 4]) {
      gates[i]!.open();
      await tick();
    }
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(bulkhead.active).toBe(0);
  });

  it('fails at once with 503 upstream_busy when the queue is full', async () => {
    const bulkhead = new Bulkhead({ name: 'interactive', maxConcurrent: 1, maxQueue: 1, queueWaitMs: 1000 });
    const g = gate();
    const first = bulkhead.run(() => g.promise);
    const second = bulkhead.run(() => Promise.resolve('queued'));
    const started = Date.now();
    const error = await rejection(bulkhead.run(() => Promise.resolve('never')));
    expect(Date.now() - started).toBeLessThan(50);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      status: 503,
      code: 'upstream_busy',
      details: { pool: 'interactive', reason: 'queue_full' },
      headers: { 'Retry-After': '1' },
    });
    g.open();
    await expect(first).resolves.toBeUndefined();
    await expect(second).resolves.toBe('queued');
  });

  it('fails a waiter after queueWaitMs and does not leak its slot', async () => {
    const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueue: 5, queueWaitMs: 40 });
    const g = gate();
    const first = bulkhead.run(() => g.promise);
    const started = Date.now();
    const error = await rejection(bulkhead.run(() => Promise.resolve()));
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    expect(error).toMatchObject({ code: 'upstream_busy', details: { reason: 'queue_timeout' } });
    expect(bulkhead.queued).toBe(0);
    g.open();
    await first;
    await expect(bulkhead.run(() => Promise.resolve('free'))).resolves.toBe('free');
    expect(bulkhead.active).toBe(0);
  });

  it('takes an aborted waiter out of the queue and rejects with the abort reason', async () => {
    const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueue: 2, queueWaitMs: 1000 });
    const g = gate();
    const first = bulkhead.run(() => g.promise);
    const controller = new AbortController();
    let ran = false;
    const aborted = bulkhead.run(() => {
      ran = true;
      return Promise.resolve();
    }, controller.signal);
    const next = bulkhead.run(() => Promise.resolve('next'));
    expect(bulkhead.queued).toBe(2);
    const reason = new Error('client went away');
    controller.abort(reason);
    expect(await rejection(aborted)).toBe(reason);
    expect(bulkhead.queued).toBe(1);
    g.open();
    await first;
    await expect(next).resolves.toBe('next');
    expect(ran).toBe(false);
  });

  it('rejects an already aborted signal without queueing', async () => {
    const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueue: 1, queueWaitMs: 1000 });
    const reason = new Error('gone');
    expect(await rejection(bulkhead.run(() => Promise.resolve(), AbortSignal.abort(reason)))).toBe(reason);
    expect(bulkhead.active).toBe(0);
  });

  it('releases the slot when the call throws, and with maxQueue 0 never queues', async () => {
    const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueue: 0, queueWaitMs: 1000 });
    await expect(bulkhead.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const g = gate();
    const first = bulkhead.run(() => g.promise);
    expect(await rejection(bulkhead.run(() => Promise.resolve()))).toMatchObject({
      details: { reason: 'queue_full' },
    });
    g.open();
    await first;
    expect(bulkhead.active).toBe(0);
  });
});
