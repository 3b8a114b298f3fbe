import { describe, expect, it } from 'vitest';
import { ulid, ulidFactory } from './ulid.js';

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** A PRNG whose 16 draws spell `value` in base 32: the library draws the last character first. */
const spelling = (value: bigint) => {
  let rest = value;
  return () => {
    const digit = Number(rest % 32n);
    rest /= 32n;
    return digit / 32;
  };
};

describe('ulid', () => {
  it('encodes the time in the first 10 characters (spec example)', () => {
    const make = ulidFactory(() => 0);
    expect(make(1469918176385)).toBe('01ARYZ6S410000000000000000');
  });

  it('is 26 Crockford base32 characters', () => {
    expect(ulid(Date.now())).toMatch(CROCKFORD);
  });

  it('increments the random part within one millisecond and when the clock goes back', () => {
    const make = ulidFactory(spelling(41n));
    expect(make(1000).slice(10)).toBe('0000000000000019');
    expect(make(1000).slice(10)).toBe('000000000000001A');
    const back = make(999);
    expect(back.slice(0, 10)).toBe(make(1000).slice(0, 10));
  });

  it('rolls into the next millisecond when the random part overflows', () => {
    const make = ulidFactory(() => 31 / 32); // every character Z: (1n << 80n) - 1n;
    const first = make(5);
    const second = make(5);
    expect(first.slice(0, 10)).toBe('0000000005');
    expect(second.slice(0, 10)).toBe('0000000006');
    expect(second > first).toBe(true);
  });

  it('sorts in creation order for 10,000 ids made in a burst', () => {
    const make = ulidFactory();
    const ids = Array.from({ length: 10_000 }, () => make(1_700_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('rejects times outside 48 bits', () => {
    expect(() => ulid(-1)).toThrow(RangeError);
    expect(() => ulid(2 ** 48)).toThrow(RangeError);
    expect(() => ulid(1.5)).toThrow(RangeError);
  });

  it('refuses time 0, which the library would read as "now"', () => {
    expect(() => ulidFactory()(0)).toThrow(RangeError);
  });
});
