import { describe, expect, it } from 'vitest';
import { EmulatorClock } from './clock.js';

describe('EmulatorClock', () => {
  it('follows its source with an offset, can freeze, and tells listeners about moves', () => {
    let source = 1_000;
    const clock = new EmulatorClock(() => source);
    let moves = 0;
    clock.onChange(() => moves++);
    clock.advance(500);
    expect(clock.now()).toBe(1_500);
    source = 2_000;
    expect(clock.now()).toBe(2_500);
    clock.freeze();
    source = 9_000;
    expect(clock.now()).toBe(2_500);
    clock.set(10_000);
    expect(clock.status()).toMatchObject({ now: 10_000, frozen: true, offset_ms: 1_000 });
    clock.unfreeze();
    source = 9_500;
    expect(clock.now()).toBe(10_500);
    clock.reset();
    expect(clock.now()).toBe(9_500);
    expect(moves).toBe(3);
  });
});
