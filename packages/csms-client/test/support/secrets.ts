/**
 * Canary credential values used across the suite, and the check that no error ever carries them. Every test
 * that catches an error goes through `catchError`, so every error thrown in the suite is checked.
 */
import { inspect } from 'node:util';
import { expect } from 'vitest';

export const CANARY = {
  accessKey: 'AKCANARY7QWERTYUIOP12',
  secretKey: 'SKCANARY-9f8e7d6c5b4a3928171605f4e3d2c1b0a9',
  securityToken: 'STSCANARY-gAAAAABkZmFrZS1zZWN1cml0eS10b2tlbg',
  password: 'IamCanary-P@ssw0rd-31337',
  token: 'MIICANARYTOKEN-x-auth-token-0000000000000000000000000000',
  token2: 'MIICANARYTOKEN-second-token-111111111111111111111111111111',
} as const;

export const CANARY_VALUES: readonly string[] = Object.values(CANARY);

export const PROJECT_ID = '0123456789abcdef0123456789abcdef';

/** String(), JSON.stringify() and util.inspect() of `error` contain no canary value. */
export function expectNoSecrets(error: unknown): void {
  const renderings = [String(error), JSON.stringify(error), inspect(error, { depth: 6 })];
  for (const rendering of renderings) {
    for (const secret of CANARY_VALUES) expect(rendering).not.toContain(secret);
    expect(rendering).not.toMatch(/SDK-HMAC-SHA256|Signature=[0-9a-f]{16}/);
  }
}

/** Awaits a rejection (failing the test if there is none), checks it for leaks and its class, returns it. */
export async function catchError<E extends Error>(
  action: Promise<unknown> | (() => unknown),
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  let outcome: { error: unknown } | undefined;
  try {
    await (typeof action === 'function' ? action() : action);
  } catch (error) {
    outcome = { error };
  }
  if (!outcome) throw new Error(`expected a ${type.name}, but nothing was thrown`);
  expectNoSecrets(outcome.error);
  expect(outcome.error).toBeInstanceOf(type);
  return outcome.error as E;
}
