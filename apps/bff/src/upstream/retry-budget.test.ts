import { IAM_TOKEN_OPERATION, type AttemptEvent } from '@csms-console/csms-client';
import { describe, expect, it } from 'vitest';
import { RetryBudget } from './retry-budget.js';

describe('RetryBudget', () => {
  it('starts at 500; a retry costs 5, a timeout retry 10, a success refunds 1 up to the capacity', () => {
    const budget = new RetryBudget();
    expect(budget.tokens).toBe(500);
    expect(budget.tryRetry(false)).toBe(true);
    expect(budget.tokens).toBe(495);
    expect(budget.tryRetry(true)).toBe(true);
    expect(budget.tokens).toBe(485);
    budget.success();
    expect(budget.tokens).toBe(486);
    for (let i = 0; i < 20; i++) budget.success();
    expect(budget.tokens).toBe(500);
  });

  it('refuses a retry it cannot pay for and takes nothing', () => {
    const budget = new RetryBudget({ capacity: 12 });
    expect(budget.tryRetry(true)).toBe(true);
    expect(budget.tryRetry(false)).toBe(false);
    expect(budget.tokens).toBe(2);
    budget.success();
    budget.success();
    budget.success();
    expect(budget.tryRetry(false)).toBe(true);
    expect(budget.tokens).toBe(0);
  });

  it('as the client’s RetryQuota: a timeout retry costs 10, and only CSMS successes refund', () => {
    const budget = new RetryBudget({ capacity: 20 });
    const event = (outcome: AttemptEvent['outcome'], operation = 'ListSecrets'): AttemptEvent => ({
      operation,
      method: 'GET',
      attempt: 1,
      outcome,
      latencyMs: 1,
      willRetry: false,
    });
    expect(budget.tryAcquire(event('timeout'))).toBe(true);
    expect(budget.tryAcquire(event('http_error'))).toBe(true);
    expect(budget.tokens).toBe(5);
    budget.recordSuccess(event('success', IAM_TOKEN_OPERATION));
    expect(budget.tokens).toBe(5);
    budget.recordSuccess(event('success'));
    expect(budget.tokens).toBe(6);
    expect(budget.tryAcquire(event('timeout'))).toBe(false);
  });
});
