import type { AuditEntry } from '@csms-console/api-contract';
import { describe, expect, it } from 'vitest';
import { canonicalJson, cleanString, GENESIS_HASH, hashAuditEntry, normaliseJson } from './audit-hash.js';

const base: Omit<AuditEntry, 'hash'> = {
  id: '01ARYZ6S410000000000000000',
  seq: 1,
  at: 1_700_000_000_000,
  action: 'version.update',
  outcome: 'intent',
  actor: { id: 'u1', name: 'ann', role: 'admin', auth_method: 'password' },
  session_hash: null,
  client_ip: '127.0.0.1',
  user_agent: null,
  target: { account: 'prod', project_id: null, secret: 'db', version: 'v1' },
  before: { expire_time: 1 },
  after: { expire_time: 2 },
  reason: null,
  intent_id: null,
  csms_request_id: null,
  csms_error_code: null,
  request_id: 'r1',
  details: null,
  prev_hash: GENESIS_HASH,
};

describe('canonicalJson', () => {
  it('sorts keys at every depth, including integer-like keys', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }], 10: 'x', 2: 'y' })).toBe(
      '{"10":"x","2":"y","a":[{"c":2,"d":1}],"b":1}',
    );
  });

  it('writes null for undefined and non-finite numbers, as JSON does', () => {
    expect(canonicalJson([undefined, NaN, -0])).toBe('[null,null,0]');
  });
});

describe('normaliseJson', () => {
  it('drops undefined, turns dates into strings and cleans strings and keys', () => {
    const when = new Date(0);
    expect(normaliseJson({ a: undefined, d: when, 'k\u0000': 'v\uD800' })).toEqual({
      d: '1970-01-01T00:00:00.000Z',
      'k\uFFFD': 'v\uFFFD',
    });
    expect(normaliseJson(undefined)).toBeNull();
  });

  it('keeps valid surrogate pairs', () => {
    expect(cleanString('a😀b')).toBe('a😀b');
    expect(cleanString('\uDE00x\uD83D')).toBe('\uFFFDx\uFFFD');
  });
});

describe('hashAuditEntry', () => {
  it('is 64 hex characters and stable', () => {
    expect(hashAuditEntry(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashAuditEntry(base)).toBe(hashAuditEntry(structuredClone(base)));
  });

  it('does not depend on the key order of JSON fields', () => {
    const reordered = { ...base, details: { z: 1, a: { y: 2, x: 1 } } };
    const other = { ...base, details: { a: { x: 1, y: 2 }, z: 1 } };
    expect(hashAuditEntry(reordered)).toBe(hashAuditEntry(other));
  });

  it.each([
    ['seq', { seq: 2 }],
    ['at', { at: base.at + 1 }],
    ['actor name', { actor: { ...base.actor, name: 'bob' } }],
    ['target version', { target: { ...base.target, version: 'v2' } }],
    ['after', { after: { expire_time: 3 } }],
    ['prev_hash', { prev_hash: 'f'.repeat(64) }],
    ['null vs empty string', { reason: '' }],
  ])('changes when %s changes', (_, change) => {
    expect(hashAuditEntry({ ...base, ...change })).not.toBe(hashAuditEntry(base));
  });

  it('keeps fields apart (no ambiguity between adjacent fields)', () => {
    const a = { ...base, reason: 'ab', request_id: 'c' };
    const b = { ...base, reason: 'a', request_id: 'bc' };
    expect(hashAuditEntry(a)).not.toBe(hashAuditEntry(b));
  });
});
