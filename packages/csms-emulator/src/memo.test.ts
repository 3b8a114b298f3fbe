import { describe, expect, it } from 'vitest';
import { IdentityRegistry } from './auth/identity.js';
import { StringMemo } from './memo.js';

describe('StringMemo', () => {
  it('computes each key once, whichever key came last', () => {
    const calls: string[] = [];
    const memo = new StringMemo((key) => {
      calls.push(key);
      return key.toUpperCase();
    });
    for (const key of ['a', 'a', 'b', 'a', 'b', 'b']) expect(memo.get(key)).toBe(key.toUpperCase());
    expect(calls).toEqual(['a', 'b']);
  });

  it('starts over when full, and keeps nothing for a key whose computation throws', () => {
    let calls = 0;
    const memo = new StringMemo((key) => {
      calls++;
      if (key === 'bad') throw new Error('bad key');
      return key.length;
    }, 2);
    memo.get('x');
    memo.get('yy');
    memo.get('zzz'); // full: cleared, then 'zzz' kept
    memo.get('x');
    expect(calls).toBe(4);
    expect(() => memo.get('bad')).toThrow('bad key');
    expect(() => memo.get('bad')).toThrow('bad key');
    expect(memo.get('x')).toBe(1);
  });
});

describe('IdentityRegistry.credential', () => {
  it('follows removals and replacements of the key it found last', () => {
    const registry = new IdentityRegistry([{ accessKey: 'AK1', secretKey: 'one' }]);
    const first = registry.credential('AK1');
    expect(first?.credential.secretKey).toBe('one');
    expect(registry.credential('AK1')).toBe(first);
    registry.addCredential({ accessKey: 'AK1', secretKey: 'two' });
    expect(registry.credential('AK1')?.credential.secretKey).toBe('two');
    expect(registry.removeCredential('AK1')).toBe(true);
    expect(registry.credential('AK1')).toBeUndefined();
    expect(registry.credential('AK2')).toBeUndefined();
  });
});
