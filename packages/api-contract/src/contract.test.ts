/** The contract's own rules: what the BFF and the SPA both rely on. */
import { describe, expect, it } from 'vitest';
import {
  ErrorBodySchema,
  SecretListQuerySchema,
  UpdateExpiryInputSchema,
  VersionPathSchema,
  apiPaths,
} from './index.js';

describe('UpdateExpiryInputSchema', () => {
  const ok = { expire_time: 1_800_000_000_000, expected_expire_time: null };
  it('accepts epoch ms with the value the editor saw', () => {
    expect(UpdateExpiryInputSchema.parse({ ...ok, reason: 'extend' })).toEqual({ ...ok, reason: 'extend' });
  });
  it("takes an optional confirm of up to a secret name's length, any characters (a wrong one is a 422)", () => {
    expect(UpdateExpiryInputSchema.parse({ ...ok, confirm: 'Db pass!' })).toEqual({
      ...ok,
      confirm: 'Db pass!',
    });
    expect(UpdateExpiryInputSchema.parse({ ...ok, confirm: 'x'.repeat(64) }).confirm).toHaveLength(64);
  });
  it.each([
    ['a string', { ...ok, expire_time: '1800000000000' }],
    ['a float', { ...ok, expire_time: 1.5 }],
    ['negative', { ...ok, expire_time: -1 }],
    ['14 digits', { ...ok, expire_time: 10_000_000_000_000 }],
    ['missing expected', { expire_time: 1 }],
    ['an extra field', { ...ok, stage: 'SYSCURRENT' }],
    ['a long reason', { ...ok, reason: 'x'.repeat(501) }],
    ['a confirm longer than a secret name', { ...ok, confirm: 'x'.repeat(65) }],
    ['a confirm that is not a string', { ...ok, confirm: true }],
  ])('rejects %s', (_name, body) => {
    expect(UpdateExpiryInputSchema.safeParse(body).success).toBe(false);
  });
});

describe('paths and queries', () => {
  it('holds version ids and secret names to the CSMS patterns', () => {
    expect(VersionPathSchema.safeParse({ account: 'prod', secret: 'a-b_c', version: 'v12' }).success).toBe(
      true,
    );
    for (const version of ['v', 'V1', 'v12345678901', 'latest']) {
      expect(VersionPathSchema.safeParse({ account: 'prod', secret: 's', version }).success).toBe(false);
    }
    expect(VersionPathSchema.safeParse({ account: 'prod', secret: 'a.b', version: 'v1' }).success).toBe(
      false,
    );
  });
  it('refuses repeated query keys (arrays) and bad limits', () => {
    expect(SecretListQuerySchema.parse({ limit: '20', state: 'ENABLED' })).toEqual({
      limit: 20,
      state: 'ENABLED',
    });
    for (const query of [
      { limit: ['1', '2'] },
      { limit: '0' },
      { limit: '101' },
      { limit: '1e2' },
      { x: '1' },
    ]) {
      expect(SecretListQuerySchema.safeParse(query).success).toBe(false);
    }
  });
  it('encodes every path segment', () => {
    expect(apiPaths.version('prod', 'a/b', 'v1')).toBe('/api/accounts/prod/secrets/a%2Fb/versions/v1');
  });
  it('describes the one error shape', () => {
    expect(
      ErrorBodySchema.safeParse({ error: { code: 'not_found', message: 'x', requestId: 'r' } }).success,
    ).toBe(true);
  });
});
