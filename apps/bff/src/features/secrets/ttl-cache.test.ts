import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache.js';

describe('TtlCache', () => {
  const setup = (ttlMs: number, maxEntries?: number) => {
    let now = 1_000;
    let loads = 0;
    const cache = new TtlCache<number>(ttlMs, () => now, maxEntries);
    const load = () => Promise.resolve(++loads);
    return { cache, load, loads: () => loads, tick: (ms: number) => (now += ms) };
  };

  it('serves a value for less than ttlMs after its load started, then loads again', async () => {
    const { cache, load, tick } = setup(5_000);
    expect(await cache.get('a', load)).toBe(1);
    tick(4_999);
    expect(await cache.get('a', load)).toBe(1);
    tick(1);
    expect(await cache.get('a', load)).toBe(2);
  });

  it('keeps keys apart and never keeps a failure', async () => {
    const { cache, load, loads } = setup(5_000);
    await cache.get('a', load);
    await cache.get('b', load);
    expect(loads()).toBe(2);
    await expect(cache.get('c', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('c', load)).toBe(3);
  });

  it('loads every time when ttlMs is 0, and when the clock goes back', async () => {
    const off = setup(0);
    await off.cache.get('a', off.load);
    await off.cache.get('a', off.load);
    expect(off.loads()).toBe(2);
    const on = setup(5_000);
    await on.cache.get('a', on.load);
    on.tick(-1);
    expect(await on.cache.get('a', on.load)).toBe(2);
  });

  it('holds at most maxEntries keys, dropping the oldest', async () => {
    const { cache, load, loads } = setup(5_000, 2);
    await cache.get('a', load);
    await cache.get('b', load);
    await cache.get('c', load);
    await cache.get('b', load);
    expect(loads()).toBe(3);
    await cache.get('a', load);
    expect(loads()).toBe(4);
  });
});
