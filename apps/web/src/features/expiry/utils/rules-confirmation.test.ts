import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../lib/time';
import { TYPED_CONFIRMATION_WORD, csmsRequestBody, needsTypedConfirmation } from './rules';

const now = Date.UTC(2026, 10, 23, 13, 30, 0);

describe('needsTypedConfirmation', () => {
  const live = ['SYSCURRENT'];
  const base = { stages: live, current: now + 30 * DAY_MS, now };

  it('shortening the live version to under 7 days', () => {
    expect(needsTypedConfirmation({ ...base, candidate: now + DAY_MS })).toBe(true);
    expect(needsTypedConfirmation({ ...base, candidate: now + 7 * DAY_MS - 1000 })).toBe(true);
  });

  it('not at 7 days or beyond', () => {
    expect(needsTypedConfirmation({ ...base, candidate: now + 7 * DAY_MS })).toBe(false);
    expect(needsTypedConfirmation({ ...base, candidate: now + 8 * DAY_MS })).toBe(false);
  });

  it('a live version without an expiry counts as shortened', () => {
    expect(needsTypedConfirmation({ ...base, current: null, candidate: now + DAY_MS })).toBe(true);
  });

  it('not when the new value is not earlier than the current one', () => {
    const current = now + 2 * DAY_MS;
    expect(needsTypedConfirmation({ ...base, current, candidate: current })).toBe(false);
    expect(needsTypedConfirmation({ ...base, current, candidate: current + 1000 })).toBe(false);
    expect(needsTypedConfirmation({ ...base, current, candidate: current - 1000 })).toBe(true);
    expect(needsTypedConfirmation({ ...base, current: now - DAY_MS, candidate: now + DAY_MS })).toBe(false);
  });

  it('only for the live stage', () => {
    expect(needsTypedConfirmation({ ...base, stages: ['SYSPREVIOUS'], candidate: now + DAY_MS })).toBe(false);
    expect(needsTypedConfirmation({ ...base, stages: [], candidate: now + DAY_MS })).toBe(false);
    expect(
      needsTypedConfirmation({ ...base, stages: ['custom', 'SYSCURRENT'], candidate: now + DAY_MS }),
    ).toBe(true);
  });

  // It used to ask admins only. The rule is now the BFF's (api-contract's isPullingLiveExpiry) and holds for
  // every role; support may only move an expiry later, which never pulls.
  it('for any role: a later value never asks, so support (who may only extend) is never asked', () => {
    const current = now + 2 * DAY_MS;
    expect(needsTypedConfirmation({ ...base, current, candidate: current + 1000 })).toBe(false);
    expect(needsTypedConfirmation({ ...base, current: now - DAY_MS, candidate: now + 6 * DAY_MS })).toBe(
      false,
    );
  });
});

describe('csmsRequestBody', () => {
  it('sends epoch milliseconds exactly as JSON.stringify does', () => {
    expect(csmsRequestBody(1_767_225_600_000)).toBe('{"expire_time":1767225600000}');
  });

  it('refuses a value in seconds instead of sending 1970', () => {
    expect(() => csmsRequestBody(1_767_225_600)).toThrow(/looks like seconds/);
  });
});

describe('TYPED_CONFIRMATION_WORD', () => {
  it("is the secret's name, unchanged", () => {
    expect(TYPED_CONFIRMATION_WORD('db-password')).toBe('db-password');
    expect(TYPED_CONFIRMATION_WORD('Prod_API_key')).toBe('Prod_API_key');
  });
});
