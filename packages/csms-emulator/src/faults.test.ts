import { describe, expect, it } from 'vitest';
import { FaultRegistry } from './faults.js';

describe('FaultRegistry', () => {
  it('adds latencies, picks the first terminal fault, honours operation, rate and times', () => {
    const rolls = [0.7, 0.2];
    const faults = new FaultRegistry(() => rolls.shift() ?? 0);
    faults.add({ type: 'latency', latency_ms: 10 });
    faults.add({ type: 'latency', latency_ms: 5, operation: 'ShowSecret' });
    faults.add({ type: 'error', status: 503, rate: 0.5, operation: 'ShowSecret' });
    faults.add({ type: 'drop', operation: 'ShowSecret', times: 1 });

    expect(faults.decide('ListSecrets')).toMatchObject({ latencyMs: 10, terminal: undefined });
    // First roll 0.7 >= 0.5: the 503 does not fire; the drop does, once.
    expect(faults.decide('ShowSecret')).toMatchObject({ latencyMs: 15, terminal: { type: 'drop' } });
    // Second roll 0.2 < 0.5: the 503 fires.
    expect(faults.decide('ShowSecret').terminal).toMatchObject({ type: 'error', status: 503 });
    expect(faults.list().map((f) => f.type)).toEqual(['latency', 'latency', 'error']);
  });

  it('validates specs', () => {
    const faults = new FaultRegistry();
    expect(() => faults.add({ type: 'error', status: 302 })).toThrow();
    expect(() => faults.add({ type: 'latency' })).toThrow();
    expect(() => faults.add({ type: 'explode' })).toThrow();
    expect(faults.add({ type: 'throttle' })).toMatchObject({ retry_after: 1, rate: 1, operation: '*' });
  });
});
