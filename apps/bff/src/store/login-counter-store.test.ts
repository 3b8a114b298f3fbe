import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachStore } from './testing.js';

const key = (label: string) => `${label}:${randomBytes(4).toString('hex')}`;
const WINDOW = 15 * 60_000;

describeEachStore('login counter store', (getStores) => {
  const counters = () => getStores().loginCounters;

  it('counts failures within a window and restarts at 1 once it has passed', async () => {
    const k = key('pair');
    const t0 = 1_000_000;
    expect(await counters().recordFailure(k, WINDOW, t0)).toBe(1);
    expect(await counters().recordFailure(k, WINDOW, t0 + 1)).toBe(2);
    expect(await counters().recordFailure(k, WINDOW, t0 + WINDOW - 1)).toBe(3);
    expect(await counters().failures(k, WINDOW, t0 + WINDOW - 1)).toBe(3);
    expect(await counters().failures(k, WINDOW, t0 + WINDOW)).toBe(0);
    expect(await counters().recordFailure(k, WINDOW, t0 + WINDOW)).toBe(1);
    expect(await counters().recordFailure(k, WINDOW, t0 + WINDOW + 5)).toBe(2);
  });

  it('counts concurrent failures exactly', async () => {
    const k = key('ip');
    await Promise.all(Array.from({ length: 25 }, () => counters().recordFailure(k, WINDOW, 5000)));
    expect(await counters().failures(k, WINDOW, 5000)).toBe(25);
  });

  it('answers 0 for an unknown key and clears a key', async () => {
    const k = key('clear');
    expect(await counters().failures(k, WINDOW, 1)).toBe(0);
    await counters().recordFailure(k, WINDOW, 1);
    await counters().block(k, 100);
    await counters().clear(k);
    expect(await counters().failures(k, WINDOW, 1)).toBe(0);
    expect(await counters().blockedUntil([k], 1)).toBeUndefined();
  });

  it('blocks until a time and reports the latest block among keys', async () => {
    const [a, b, c] = [key('a'), key('b'), key('c')];
    await counters().block(a, 2000);
    await counters().block(b, 5000);
    expect(await counters().blockedUntil([a, b, c], 1000)).toBe(5000);
    expect(await counters().blockedUntil([a, c], 1000)).toBe(2000);
    expect(await counters().blockedUntil([a, b], 5000)).toBeUndefined();
    expect(await counters().blockedUntil([c], 1000)).toBeUndefined();
    expect(await counters().blockedUntil([], 1000)).toBeUndefined();
  });

  it('does not shorten a block, and a block keeps the failure count', async () => {
    const k = key('keep');
    await counters().recordFailure(k, WINDOW, 100);
    await counters().recordFailure(k, WINDOW, 101);
    await counters().block(k, 9000);
    await counters().block(k, 3000);
    expect(await counters().blockedUntil([k], 200)).toBe(9000);
    expect(await counters().failures(k, WINDOW, 200)).toBe(2);
  });
});
