/**
 * The batch runner's gate: never more than `limit` slots held, waiters served in the order they asked, and a
 * slot given back twice counts once (an item releases at its outcome and again when its write ends).
 */
import { describe, expect, it } from 'vitest';
import { Gate } from './gate.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('Gate', () => {
  it('holds at most `limit` slots and hands them over first come, first served', async () => {
    const gate = new Gate(2);
    const order: number[] = [];
    const releases: Array<() => void> = [];
    for (const n of [1, 2, 3, 4]) {
      void gate.acquire().then((release) => {
        order.push(n);
        releases.push(release);
      });
    }
    await tick();
    expect(order).toEqual([1, 2]);
    releases[1]!();
    await tick();
    expect(order).toEqual([1, 2, 3]);
    releases[0]!();
    await tick();
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('counts a slot given back twice once', async () => {
    const gate = new Gate(1);
    const first = await gate.acquire();
    first();
    first();
    const second = await gate.acquire();
    let third = false;
    void gate.acquire().then(() => (third = true));
    await tick();
    expect(third).toBe(false);
    second();
    await tick();
    expect(third).toBe(true);
  });

  it('run gives the slot back when the function throws', async () => {
    const gate = new Gate(1);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(() => Promise.resolve(7))).resolves.toBe(7);
  });

  it('refuses a limit under 1', () => {
    expect(() => new Gate(0)).toThrow(RangeError);
  });
});
