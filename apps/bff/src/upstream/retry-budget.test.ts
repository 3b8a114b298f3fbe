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
});
